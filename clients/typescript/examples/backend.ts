// A platform backend: registers two investors with KYC, issues a campaign's shares, and one investor transfers.
import {FolioClient, FolioError, Key, ops} from '@folio/client';

const folio = new FolioClient({url: process.env.FOLIO_URL!, token: process.env.FOLIO_TOKEN!});
const platform = Key.fromSecretHex(process.env.PLATFORM_KEY!);  // holds the operator and issuer roles
const [alice, bob] = [Key.generate(), Key.generate()];           // the investors' keys (their wallets' in real life)
const kyc = (k: Key) => ops.kycAttest({account: k.address, level: 1, category: 'retail',
                                       expires_ms: new Date('2030-01-01T00:00:00Z'), doc_hash: 'ab'.repeat(32)});

await folio.submitAndWait({signer: platform, clientRef: 'kyc-batch-1', ops: [
  ops.accountRegister({pubkey: alice.pubkey}), ops.accountRegister({pubkey: bob.pubkey}), kyc(alice), kyc(bob),
]});
await folio.submitAndWait({signer: platform, clientRef: 'campaign-7-close', memo: 'campaign 7', ops: [
  ops.assetCreate({symbol: 'SOLARCOOP', class: 'equity', decimals: 0, max_supply: '10000'}),
  ops.issue({asset: 'SOLARCOOP', to: [{account: alice.address, amount: '100'}]}),
]});
try {
  const done = await folio.submitAndWait({signer: alice, memo: 'sale 2026-114',
                                          ops: [ops.transfer({asset: 'SOLARCOOP', to: bob.address, amount: '10'})]});
  console.log(`transfer committed at height ${done.height}: ${done.tx_hash}`);
} catch (e) {
  if (e instanceof FolioError) console.error(`refused: ${e.reason} (${e.code}): ${e.message}`);
  throw e;
}
for (const who of [alice, bob]) {
  const {holdings} = await folio.accountHoldings(who.address);
  console.log(who.address, holdings.map((h) => `${h.amount} ${h.asset}`).join(', '));
}

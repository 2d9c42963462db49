// A platform backend: registers two investors with KYC, issues shares, and one investor transfers some.
import {FolioClient, FolioError, Key, ops} from '@folio/client';

const folio = new FolioClient({url: process.env.FOLIO_URL!, token: process.env.FOLIO_TOKEN!});
const platform = Key.fromSecretHex(process.env.PLATFORM_KEY!);  // holds the operator and issuer roles
const [alice, bob] = [Key.generate(), Key.generate()];  // the investors' keys (their wallets' in real life)
const expires_ms = new Date('2030-01-01T00:00:00Z');
const doc_hash = 'ab'.repeat(32);  // SHA-256 of the KYC file, which stays off chain
const kycOf = (k: Key) =>
    ops.kycAttest({account: k.address, level: 1, category: 'retail', expires_ms, doc_hash});

const register = [alice, bob].flatMap((k) => [ops.accountRegister({pubkey: k.pubkey}), kycOf(k)]);
await folio.submitAndWait({signer: platform, clientRef: 'kyc-batch-1', ops: register});
const shares = ops.assetCreate({symbol: 'SOLARCOOP', class: 'equity', decimals: 0, max_supply: '10000'});
const issue = ops.issue({asset: 'SOLARCOOP', to: [{account: alice.address, amount: '100'}]});
await folio.submitAndWait(
    {signer: platform, clientRef: 'campaign-7', memo: 'campaign 7', ops: [shares, issue]});
try {
    const sale = ops.transfer({asset: 'SOLARCOOP', to: bob.address, amount: '10'});
    const done = await folio.submitAndWait({signer: alice, memo: 'sale 2026-114', ops: [sale]});
    console.log(`transfer committed at height ${done.height}: ${done.tx_hash}`);
} catch (e) {
    if (e instanceof FolioError) console.error(`refused: ${e.reason} (${e.code}): ${e.message}`);
    throw e;
}
for (const who of [alice, bob]) {
    const {holdings} = await folio.accountHoldings(who.address);
    console.log(who.address, holdings.map((h) => `${h.amount} ${h.asset}`).join(', '));
}

// The setup a platform backend starts from on a dev chain: its own key, registered by the node's `operator`
// and given the operator (register, KYC) and issuer (assets) roles by the node's `registrar`, both through
// tx_sign_submit with the admin token. From there on every tx of the tests is signed by the client.
import {FolioClient, Key, ops} from '../../src/index.js';

export const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export async function platformKey(admin: FolioClient): Promise<Key> {
    const platform = Key.generate();
    const registered =
        await admin.txSignSubmit('operator', {ops: [ops.accountRegister({pubkey: platform.pubkey})]});
    await admin.expectCommitted(registered.tx_hash);
    const granted = await admin.txSignSubmit('registrar', {
        ops: [
            ops.roleGrant({account: platform.address, role: 'operator'}),
            ops.roleGrant({account: platform.address, role: 'issuer'}),
        ],
    });
    await admin.expectCommitted(granted.tx_hash);
    return platform;
}

/** Registers investors (and attests KYC level 1 unless `kyc` is false) in one tx signed by the platform. */
export async function registerInvestors(client: FolioClient, platform: Key, investors: Key[], kyc = true) {
    const expires = new Date(Date.now() + ONE_YEAR_MS);
    return client.submitAndWait({
        signer: platform,
        ops: [
            ...investors.map((k) => ops.accountRegister({pubkey: k.pubkey})),
            ...(kyc ? investors.map((k, i) => ops.kycAttest({
                account: k.address,
                level: 1,
                category: 'retail',
                expires_ms: expires,
                doc_hash: `${i % 10}`.repeat(64)
            })) :
                      []),
        ],
    });
}

let symbols = 0;
/** A fresh asset symbol per call, so tests of one node do not collide. */
export function freshSymbol(prefix = 'T'): string {
    symbols += 1;
    return `${prefix}${process.pid % 1000}X${symbols}`;
}

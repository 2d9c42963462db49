// Tagged hashes as Folio (and BIP340) define them: H(tag, m) = SHA256(SHA256(tag) || SHA256(tag) || m).
// Each hashed object kind has its own tag (chain/crypto/hash.h); the client needs two of them.
import {sha256} from '@noble/hashes/sha2.js';

const prefixes = new Map<string, Uint8Array>();

export function taggedHash(tag: string, message: Uint8Array): Uint8Array {
    let prefix = prefixes.get(tag);
    if (prefix === undefined) {
        const t = sha256(new TextEncoder().encode(tag));
        prefix = new Uint8Array(64);
        prefix.set(t, 0);
        prefix.set(t, 32);
        prefixes.set(tag, prefix);
    }
    return sha256.create().update(prefix).update(message).digest();
}

/** "folio/account": an account's id is the tagged hash of its first key (unchanged by key rotation). */
export const ACCOUNT_TAG = 'folio/account';
/** "folio/tx": a tx's hash, which is also its sighash, is the tagged hash of its unsigned encoding. */
export const TX_TAG = 'folio/tx';

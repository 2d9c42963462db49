// Folio addresses: bech32m (BIP350) with the prefix "folio" over a 32-byte account id, the tagged hash of the
// account's first public key (chain/crypto/bech32m.h). A mistyped address fails the checksum; mixed case is
// refused; an address is written lowercase.
import {bech32m} from '@scure/base';

import {fromHex, toHex} from './bytes.js';
import {inputError} from './errors.js';
import {ACCOUNT_TAG, taggedHash} from './hash.js';

export const ADDRESS_PREFIX = 'folio';

function decodeOrNull(address: string): Uint8Array|null {
    if (typeof address !== 'string' || address.length > 90) return null;
    try {
        const decoded = bech32m.decode(address as `${string}1${string}`, 90);
        if (decoded.prefix !== ADDRESS_PREFIX) return null;
        const id = bech32m.fromWords(decoded.words);
        return id.length === 32 ? id : null;
    } catch {
        return null;
    }
}

/** True for a well-formed folio1... address (prefix, checksum, 32-byte id). Says nothing about the chain. */
export function isAddress(address: string): boolean { return decodeOrNull(address) !== null; }

/** The 32-byte account id of an address; refuses a bad one with BAD_ADDRESS naming `field`. */
export function decodeAddress(address: string, field = 'address'): Uint8Array {
    const id = decodeOrNull(address);
    if (id === null) {
        throw inputError(
            'BAD_ADDRESS', field,
            `not a folio address (bech32m, prefix "folio", 32 bytes): ${
                JSON.stringify(String(address).slice(0, 100))}`);
    }
    return id;
}

/** The lowercase form of a valid address (the node accepts either case; it answers lowercase). */
export function normalizeAddress(address: string, field = 'address'): string {
    return encodeAddress(decodeAddress(address, field));
}

export function encodeAddress(accountId: Uint8Array): string {
    if (accountId.length !== 32) throw inputError('INVALID_ARGUMENT', 'accountId', 'must be 32 bytes');
    return bech32m.encode(ADDRESS_PREFIX, bech32m.toWords(accountId), 90);
}

/** The account id an account registered with this first key gets (x-only public key, 32 bytes or hex). */
export function accountIdOf(pubkey: Uint8Array|string): Uint8Array {
    const key = typeof pubkey === 'string' ? fromHex(pubkey, 'pubkey', 32) : pubkey;
    if (key.length !== 32) throw inputError('INVALID_ARGUMENT', 'pubkey', 'must be 32 bytes');
    return taggedHash(ACCOUNT_TAG, key);
}

/** The address an account registered with this first key gets. */
export function addressOf(pubkey: Uint8Array|string): string { return encodeAddress(accountIdOf(pubkey)); }

export function accountIdHex(address: string, field = 'address'): string {
    return toHex(decodeAddress(address, field));
}

// BIP340 Schnorr keys over secp256k1, through @noble/curves. A Folio tx is signed over its 32-byte sighash
// (tx_build answers it) with a current key of the signer; the public key is x-only (32 bytes).
import {schnorr} from '@noble/curves/secp256k1.js';

import {addressOf} from './address.js';
import {fromHex, toHex} from './bytes.js';
import {inputError} from './errors.js';

export interface Signature {
    pubkey: string;     // 64 hex
    signature: string;  // 128 hex
}

/** A secret key held by the backend. The secret never leaves this object except through `secretHex()`. */
export class Key {
    readonly #secret: Uint8Array;
    /** x-only public key, 64 lowercase hex characters (account_register's `pubkey`). */
    readonly pubkey: string;

    private constructor(secret: Uint8Array) {
        this.#secret = secret;
        this.pubkey = toHex(schnorr.getPublicKey(secret));
    }

    /** A fresh key from the system's CSPRNG. */
    static generate(): Key { return new Key(schnorr.utils.randomSecretKey()); }

    /** A key from its 32-byte secret (hex); refuses zero or a value not below the curve order. */
    static fromSecretHex(secretHex: string): Key {
        const secret = fromHex(secretHex, 'secret key', 32);
        try {
            schnorr.getPublicKey(secret);
        } catch {
            throw inputError('INVALID_ARGUMENT', 'secret key', 'not a valid secp256k1 secret key');
        }
        return new Key(secret);
    }

    secretHex(): string { return toHex(this.#secret); }

    /** The address of an account whose first key is this one (what account_register gives it). */
    get address(): string { return addressOf(this.pubkey); }

    /**
     * BIP340 signature of a message (a 32-byte sighash in Folio). `auxRand` defaults to fresh randomness;
     * pass it only to reproduce a test vector.
     */
    sign(message: Uint8Array|string, auxRand?: Uint8Array): Signature {
        const msg = typeof message === 'string' ? fromHex(message, 'sighash') : message;
        const sig = schnorr.sign(msg, this.#secret, auxRand);
        return {pubkey: this.pubkey, signature: toHex(sig)};
    }
}

/** BIP340 verification; false for any malformed input. */
export function verifySignature(
    signatureHex: string, message: Uint8Array|string, pubkeyHex: string): boolean {
    try {
        const msg = typeof message === 'string' ? fromHex(message, 'message') : message;
        return schnorr.verify(fromHex(signatureHex, 'signature', 64), msg, fromHex(pubkeyHex, 'pubkey', 32));
    } catch {
        return false;
    }
}

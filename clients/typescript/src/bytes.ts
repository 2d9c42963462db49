// Hex and byte helpers. Folio writes hashes, keys and raw bytes as lowercase hex in JSON.
import {inputError} from './errors.js';

const HEX = /^[0-9a-fA-F]*$/;

export function toHex(bytes: Uint8Array): string {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Bytes of a hex string; refuses (INVALID_ARGUMENT naming `field`) odd lengths, non-hex characters, or a
 * length other than `expectedBytes` when given.
 */
export function fromHex(text: string, field: string, expectedBytes?: number): Uint8Array {
    if (typeof text !== 'string' || text.length % 2 !== 0 || !HEX.test(text)) {
        throw inputError('INVALID_ARGUMENT', field, 'must be an even number of hex characters');
    }
    if (expectedBytes !== undefined && text.length !== expectedBytes * 2) {
        throw inputError('INVALID_ARGUMENT', field, `must be ${expectedBytes * 2} hex characters`);
    }
    return new Uint8Array(Buffer.from(text, 'hex'));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; ++i) diff |= a[i]! ^ b[i]!;
    return diff === 0;
}

// What the client checks in a tx the node built before it signs it (docs/encoding.md):
//
//   tx := u8 version=1, fixed[32] chain_id, fixed[32] signer, u64 nonce, u64 valid_until_height, ...ops...
//   sighash = tx_hash = H("folio/tx", tx)
//
// A signature binds whatever bytes it covers, so the client never signs a sighash it has not recomputed from
// the tx, and checks that the tx is for the expected chain and signer, with the nonce and expiry the node
// announced. The ops are as the node encoded them from the JSON it was sent.
import {equalBytes, fromHex, toHex} from './bytes.js';
import {FolioError} from './errors.js';
import {taggedHash, TX_TAG} from './hash.js';

export interface TxHeader {
    version: number;
    chainId: string;
    signer: Uint8Array;
    nonce: bigint;
    validUntilHeight: bigint;
}

const HEADER_BYTES = 1 + 32 + 32 + 8 + 8;

function refused(message: string): FolioError {
    return new FolioError(
        {reason: 'DECODE_ERROR', code: -32000, message, source: 'client', method: 'tx_build'});
}

export function decodeTxHeader(tx: Uint8Array): TxHeader {
    if (tx.length < HEADER_BYTES)
        throw refused(`tx_build answered ${tx.length} bytes, shorter than a tx header`);
    const view = new DataView(tx.buffer, tx.byteOffset, tx.byteLength);
    return {
        version: tx[0]!,
        chainId: toHex(tx.subarray(1, 33)),
        signer: tx.subarray(33, 65),
        nonce: view.getBigUint64(65, true),
        validUntilHeight: view.getBigUint64(73, true),
    };
}

export interface BuiltTx {
    tx: string;
    sighash: string;
    nonce: number;
    valid_until_height: number;
    tx_hash?: string;
}

export interface Expected {
    signer: Uint8Array;
    chainId?: string;
}

/** Checks a tx_build answer against what was asked; returns the sighash bytes to sign. */
export function checkBuiltTx(built: BuiltTx, expected: Expected): Uint8Array {
    const tx = fromHex(built.tx, 'tx_build.tx');
    const header = decodeTxHeader(tx);
    if (header.version !== 1) throw refused(`tx_build answered a tx of version ${header.version}`);
    const sighash = taggedHash(TX_TAG, tx);
    if (!equalBytes(sighash, fromHex(built.sighash, 'tx_build.sighash', 32))) {
        throw refused('tx_build answered a sighash that is not the hash of its tx');
    }
    if (!equalBytes(header.signer, expected.signer))
        throw refused('tx_build answered a tx for another signer');
    if (expected.chainId !== undefined && header.chainId !== expected.chainId.toLowerCase()) {
        throw refused(`tx_build answered a tx for chain ${header.chainId}, not ${expected.chainId}`);
    }
    if (header.nonce !== BigInt(built.nonce) ||
        header.validUntilHeight !== BigInt(built.valid_until_height)) {
        throw refused('tx_build answered a tx whose nonce or valid_until_height differs from its answer');
    }
    return sighash;
}

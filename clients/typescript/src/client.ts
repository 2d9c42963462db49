// FolioClient: every JSON-RPC method of a Folio node as a typed call, and the signing path a backend uses
// with its own keys: tx_build -> check the tx and recompute its sighash -> BIP340 sign -> tx_submit {tx,
// signatures} -> tx_wait. Keys never leave the process; the node sees signatures only.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {decodeAddress, normalizeAddress} from './address.js';
import {toHex} from './bytes.js';
import {ErrorCode, FolioError, inputError} from './errors.js';
import {Key, Signature} from './keys.js';
import {checkOp} from './op_table.js';
import type {Op} from './ops.js';
import {FolioSocket} from './socket.js';
import {HttpTransport} from './transport.js';
import {BuiltTx, checkBuiltTx} from './tx.js';
import type * as T from './types.js';

export interface ClientOptions {
    /** The node's JSON-RPC URL, e.g. "http://127.0.0.1:8545" (POST /; WebSocket at /ws). */
    url: string;
    /** Bearer token ("folio_..."); `read` for queries, `submit` to send txs. */
    token?: string;
    /** Refuse a node of another chain: the chain id (chain_info.chain_id) this backend works with. */
    chainId?: string;
    /** Per-request timeout in ms (default 30000); waiting calls add their own wait. */
    timeoutMs?: number;
}

/** What a tx is made of; `signer` signs it. */
export interface TxRequest {
    /** The key (or keys, for an account with a threshold) that signs. */
    signer: Key|Key[];
    /**
     * The signing account; default the address of the first key, right for an account whose key never
     * rotated.
     */
    account?: string;
    ops: Op[];
    /** At most 256 bytes; permanent on the register: references, never personal data. */
    memo?: string;
    /** 1 to 64 bytes, unique per signer: a retry with the same one is refused (DUPLICATE_CLIENT_REF). */
    clientRef?: string;
    /** Default: the signer's next nonce, counting its pending txs. */
    nonce?: number;
    /** Default: the head + the chain's tx_max_wait_blocks. */
    validUntilHeight?: number;
}

export interface Submitted extends T.SubmitResult {
    nonce: number;
    valid_until_height: number;
}

export interface WaitOptions {
    /** How long to wait in all, in ms (default 10000; longer waits are made of several tx_wait calls). */
    timeoutMs?: number;
}

const MAX_WAIT_PER_CALL_MS = 60000;
const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** Reads the URL (`rpc.addr`) and admin token (`rpc-admin.token`) a node writes in its data dir. */
export function optionsFromDataDir(datadir: string): ClientOptions {
    const addr = readFileSync(join(datadir, 'rpc.addr'), 'utf8').trim();
    const token = readFileSync(join(datadir, 'rpc-admin.token'), 'utf8').trim();
    return {url: `http://${addr}`, token};
}

export class FolioClient {
    readonly url: string;
    readonly #rpc: HttpTransport;
    readonly #token: string|undefined;
    readonly #pinnedChainId: string|undefined;
    #chainId: Promise<string>|undefined;

    constructor(options: ClientOptions) {
        this.url = options.url.replace(/\/+$/, '');
        this.#token = options.token;
        this.#pinnedChainId = options.chainId?.toLowerCase();
        this.#rpc = new HttpTransport({
            url: `${this.url}/`,
            ...(options.token === undefined ? {} : {token: options.token}),
            ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}),
        });
    }

    /**
     * A client of the node whose data dir this is, with its admin token (a backend on the node's host,
     * tests).
     */
    static fromDataDir(datadir: string, extra: Partial<ClientOptions> = {}): FolioClient {
        return new FolioClient({...optionsFromDataDir(datadir), ...extra});
    }

    /** Any method by name; the result, or a FolioError. */
    call<R = unknown>(method: string, params: object = {}, extraWaitMs = 0): Promise<R> {
        return this.#rpc.call<R>(method, params, extraWaitMs);
    }

    /** Opens a WebSocket session (/ws) for subscriptions; close it when done. */
    connect(): Promise<FolioSocket> {
        return FolioSocket.open(this.url.replace(/^http/, 'ws') + '/ws', this.#token);
    }

    // Reads.
    chainInfo() { return this.call<T.ChainInfo>('chain_info'); }
    chainStatus() { return this.call<T.ChainStatus>('chain_status'); }
    accountGet(who: {account: string}|{pubkey: string}) { return this.call<T.Account>('account_get', who); }
    accountHoldings(account: string, options: {height?: number} = {}) {
        return this.call<T.Holdings>('account_holdings', {account, ...options});
    }
    accountHistory(account: string, options: {cursor?: string; limit?: number} = {}) {
        return this.call<T.History>('account_history', {account, ...options});
    }
    assetGet(asset: string) { return this.call<T.Asset>('asset_get', {asset}); }
    assetList(options: {cursor?: string; limit?: number} = {}) {
        return this.call<T.AssetPage>('asset_list', options);
    }
    assetHolders(asset: string, options: {height?: number; cursor?: string; limit?: number} = {}) {
        return this.call<T.Holders>('asset_holders', {asset, ...options});
    }
    blockGet(which: {height: number}|{hash: string}, options: {include_txs?: boolean} = {}) {
        return this.call<T.Block>('block_get', {...which, ...options});
    }
    blockLatest(options: {include_txs?: boolean} = {}) { return this.call<T.Block>('block_latest', options); }
    txGet(txHash: string) { return this.call<T.TxRecord>('tx_get', {tx_hash: txHash}); }
    proofHolding(account: string, asset: string, options: {height?: number} = {}) {
        return this.call<T.HoldingProof>('proof_holding', {account, asset, ...options});
    }
    nodeKeys() { return this.call<{keys: T.NodeKey[]}>('node_keys'); }

    /** One tx_wait call (at most 60000 ms): the status when the tx is final or the timeout passes. */
    txWaitOnce(txHash: string, timeoutMs = 10000) {
        return this.call<T.TxStatus>('tx_wait', {tx_hash: txHash, timeout_ms: timeoutMs}, timeoutMs);
    }

    /** Waits until a tx is committed, failed, expired or unknown, or `timeoutMs` passes (then `pending`). */
    async waitTx(txHash: string, options: WaitOptions = {}): Promise<T.TxStatus> {
        const deadline = Date.now() + (options.timeoutMs ?? 10000);
        for (;;) {
            const left = Math.max(0, deadline - Date.now());
            const status = await this.txWaitOnce(txHash, Math.min(left, MAX_WAIT_PER_CALL_MS));
            if (status.status !== 'pending' || Date.now() >= deadline) return status;
        }
    }

    // The signing path.

    /**
     * tx_build: the unsigned tx and its sighash. Ops are checked here first (field names, kinds, formats).
     */
    txBuild(request: Omit<TxRequest, 'signer'>&{account: string}): Promise<BuiltTx> {
        return this.call<BuiltTx>('tx_build', buildParams(request));
    }

    /** tx_submit {tx, signatures}: the tx enters the mempool, or the refusal comes back as a FolioError. */
    txSubmit(tx: string, signatures: Signature[]) {
        return this.call<T.SubmitResult>('tx_submit', {tx, signatures});
    }

    /**
     * tx_sign_submit (admin token): the node signs with a key of its own keystore (`--dev`: operator, ...).
     */
    txSignSubmit(key: string, request: Omit<TxRequest, 'signer'|'account'|'nonce'>) {
        return this.call<T.SubmitResult>(
            'tx_sign_submit', {key, ...buildParams({...request, account: undefined})});
    }

    /** Builds, checks, signs and submits a tx; answers once the node admitted it (not yet committed). */
    async submit(request: TxRequest): Promise<Submitted> {
        const keys = Array.isArray(request.signer) ? request.signer : [request.signer];
        if (keys.length === 0) throw inputError('MISSING_SIGNATURE', 'signer', 'needs at least one key');
        const account = normalizeAddress(request.account ?? keys[0]!.address, 'account');
        const expected = {signer: decodeAddress(account, 'account'), chainId: await this.chainId()};
        const built = await this.txBuild({...request, account});
        const sighash = checkBuiltTx(built, expected);
        const signatures = keys.map((k) => k.sign(sighash));
        const submitted = await this.txSubmit(built.tx, signatures);
        if (submitted.tx_hash !== toHex(sighash)) {
            throw new FolioError({
                reason: 'INTERNAL',
                code: ErrorCode.internal,
                message:
                    `tx_submit answered hash ${submitted.tx_hash} for the tx of sighash ${toHex(sighash)}`,
                source: 'client',
                method: 'tx_submit',
            });
        }
        return {...submitted, nonce: built.nonce, valid_until_height: built.valid_until_height};
    }

    /**
     * submit, then waitTx; a tx that does not commit is a FolioError with the receipt's reason (a failed
     * op's reason, EXPIRED, TIMEOUT while still pending...) and `data.tx_hash`.
     */
    async submitAndWait(request: TxRequest, options: WaitOptions = {}):
        Promise<T.TxStatus&{tx_hash: string}> {
        const submitted = await this.submit(request);
        return this.expectCommitted(submitted.tx_hash, options);
    }

    /** waitTx that throws unless the tx committed. */
    async expectCommitted(txHash: string, options: WaitOptions = {}): Promise<T.TxStatus&{tx_hash: string}> {
        const status = await this.waitTx(txHash, options);
        if (status.status === 'committed') return {...status, tx_hash: txHash};
        throw notCommitted(txHash, status);
    }

    /** The chain id: the pinned one after checking the node's, or the node's (asked once). */
    chainId(): Promise<string> {
        if (this.#chainId === undefined) {
            this.#chainId = this.chainInfo().then((info) => {
                if (this.#pinnedChainId !== undefined && info.chain_id !== this.#pinnedChainId) {
                    throw new FolioError({
                        reason: 'WRONG_CHAIN',
                        code: ErrorCode.refused,
                        message: `${this.url} serves chain ${info.chain_id}, not ${this.#pinnedChainId}`,
                        source: 'client',
                        method: 'chain_info',
                    });
                }
                return info.chain_id;
            });
            this.#chainId.catch(() => {
                this.#chainId = undefined;  // ask again next time (the node may have been down)
            });
        }
        return this.#chainId;
    }
}

/** A FolioError for a tx that was not committed, with the receipt's reason. */
export function notCommitted(txHash: string, status: T.TxStatus): FolioError {
    const reason = status.reason ??
        (status.status === 'pending'     ? 'TIMEOUT' :
             status.status === 'expired' ? 'EXPIRED' :
                                           'NOT_FOUND');
    const code = status.status === 'pending'                       ? ErrorCode.timeout :
        status.status === 'unknown' && status.reason === undefined ? ErrorCode.notFound :
                                                                     ErrorCode.refused;
    const where = status.op_index === undefined ? '' : ` (op ${status.op_index})`;
    return new FolioError({
        reason,
        code,
        message: `tx ${txHash} ${status.status}${where}: ${status.message ?? reason}`,
        source: 'node',
        data: {...status, tx_hash: txHash},
        method: 'tx_wait',
    });
}

function buildParams(request: Omit<TxRequest, 'signer'|'account'>&{account: string | undefined}) {
    const {ops, memo, clientRef, nonce, validUntilHeight, account} = request;
    if (!Array.isArray(ops) || ops.length === 0) throw inputError('NO_OPS', 'ops', 'a tx needs 1 to 64 ops');
    if (ops.length > 64) throw inputError('TOO_LARGE', 'ops', `${ops.length} ops; a tx holds at most 64`);
    ops.forEach((op, i) => checkOp(op, `ops[${i}]`));
    if (memo !== undefined && utf8Length(memo) > 256) {
        throw inputError('MEMO_TOO_LONG', 'memo', `${utf8Length(memo)} bytes; at most 256`);
    }
    if (clientRef !== undefined && (clientRef.length === 0 || utf8Length(clientRef) > 64)) {
        throw inputError('INVALID_ARGUMENT', 'client_ref', 'must be 1 to 64 bytes');
    }
    return {
        ...(account === undefined ? {} : {signer: account}),
        ops,
        ...(memo === undefined ? {} : {memo}),
        ...(clientRef === undefined ? {} : {client_ref: clientRef}),
        ...(nonce === undefined ? {} : {nonce}),
        ...(validUntilHeight === undefined ? {} : {valid_until_height: validUntilHeight}),
    };
}

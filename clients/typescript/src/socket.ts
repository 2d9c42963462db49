// A WebSocket session with a node (/ws): JSON-RPC calls over it and the subscriptions (subscribe_blocks,
// subscribe_tx, subscribe_account; docs/rpc.md). Notifications arrive as
//   {"jsonrpc":"2.0","method":"subscription","params":{"subscription":ID,"result":...}}
// and go to the callback of their subscription. The handler of a subscription is registered when its answer
// is read, before any later message is, so a notification sent right after the answer (subscribe_tx of a tx
// already committed) is never missed. A session the node ends (stop, a reader too slow for its queue) fails
// every pending call with UNAVAILABLE and resolves `closed`; subscriptions end with it.
import WebSocket from 'ws';

import {ErrorCode, FolioError} from './errors.js';
import {errorFromRpc, RpcErrorObject, stringifyJson} from './transport.js';
import type {AccountNotification, BlockNotification, TxStatus} from './types.js';

interface Pending {
    method: string;
    resolve: (result: unknown) => void;
    reject: (error: FolioError) => void;
    // Runs when the answer is read, before the promise settles (and before the next message is handled).
    onAnswer?: (result: unknown) => void;
}

interface Handler {
    fn: (result: unknown) => void;
    once: boolean;
}

export interface CloseInfo {
    code: number;
    reason: string;
}

export class Subscription {
    constructor(readonly id: string, readonly method: string, private readonly socket: FolioSocket) {}

    /** Ends the subscription (unsubscribe); no callback runs after the answer. */
    async unsubscribe(): Promise<void> {
        this.socket.dropHandler(this.id);
        await this.socket.call('unsubscribe', {subscription: this.id});
    }
}

function closedError(method: string, why: string): FolioError {
    return new FolioError({
        reason: 'UNAVAILABLE',
        code: ErrorCode.unavailable,
        message: `${method}: the WebSocket session ended (${why})`,
        source: 'transport',
        method,
    });
}

export class FolioSocket {
    readonly #ws: WebSocket;
    readonly #pending = new Map<number, Pending>();
    // By subscription id; `once` for subscribe_tx, which the node ends after its one notification.
    readonly #handlers = new Map<string, Handler>();
    readonly #closeListeners = new Set<(why: string) => void>();
    #nextId = 1;
    #closeInfo: CloseInfo|undefined;
    readonly closed: Promise<CloseInfo>;
    /** Receives what a notification callback throws; by default it is rethrown (an uncaught exception). */
    onCallbackError: ((error: unknown) => void)|undefined;

    private constructor(ws: WebSocket) {
        this.#ws = ws;
        this.closed = new Promise((resolve) => {
            ws.on('close', (code, reason) => {
                this.#closeInfo = {code, reason: reason.toString()};
                const why = `code ${code}${reason.length > 0 ? `: ${reason.toString()}` : ''}`;
                for (const p of this.#pending.values()) p.reject(closedError(p.method, why));
                this.#pending.clear();
                this.#handlers.clear();
                for (const listener of [...this.#closeListeners]) listener(why);
                this.#closeListeners.clear();
                resolve(this.#closeInfo);
            });
        });
        ws.on('message', (data) => this.#onMessage(data.toString()));
    }

    /** Connects to `url` (ws://host:port/ws) with the bearer token; a refused upgrade is a FolioError. */
    static open(url: string, token?: string): Promise<FolioSocket> {
        return new Promise((resolve, reject) => {
            const headers: Record<string, string> =
                token === undefined ? {} : {authorization: `Bearer ${token}`};
            const ws = new WebSocket(url, {headers, handshakeTimeout: 10000, maxPayload: 64 << 20});
            const fail = (error: FolioError) => {
                ws.removeAllListeners('open');
                ws.terminate();
                reject(error);
            };
            ws.once('unexpected-response', (_req, res) => {
                const status = res.statusCode ?? 0;
                const auth = status === 401 || status === 403;
                fail(new FolioError({
                    reason: auth       ? 'NOT_AUTHORIZED' :
                        status === 503 ? 'UNAVAILABLE' :
                                         'INTERNAL',
                    code: auth         ? ErrorCode.unauthorized :
                        status === 503 ? ErrorCode.unavailable :
                                         ErrorCode.internal,
                    message: `WebSocket upgrade to ${url} refused with HTTP ${status}`,
                    source: 'transport',
                    httpStatus: status,
                }));
            });
            ws.once('error', (cause) => fail(new FolioError({
                                 reason: 'UNAVAILABLE',
                                 code: ErrorCode.unavailable,
                                 message: `cannot open ${url}: ${cause.message}`,
                                 source: 'transport',
                                 cause,
                             })));
            ws.once('open', () => {
                ws.removeAllListeners('error');
                ws.on('error', () => {});  // the 'close' that follows settles everything
                resolve(new FolioSocket(ws));
            });
        });
    }

    get isOpen(): boolean { return this.#closeInfo === undefined && this.#ws.readyState === WebSocket.OPEN; }

    /** Any method over this session. */
    call<R = unknown>(method: string, params: object = {}, onAnswer?: (result: unknown) => void): Promise<R> {
        return new Promise<R>((resolve, reject) => {
            if (!this.isOpen) return reject(closedError(method, 'not open'));
            const id = this.#nextId++;
            this.#pending.set(id, {
                method,
                resolve: resolve as (r: unknown) => void,
                reject,
                ...(onAnswer === undefined ? {} : {onAnswer}),
            });
            this.#ws.send(stringifyJson({jsonrpc: '2.0', id, method, params}));
        });
    }

    /** Every committed block, from the next one on. */
    subscribeBlocks(onBlock: (block: BlockNotification) => void): Promise<Subscription> {
        return this.#subscribe('subscribe_blocks', {}, onBlock as (r: unknown) => void, false);
    }

    /** Every committed tx that concerns the account (signed it, or an op names it); it need not exist yet. */
    subscribeAccount(account: string, onTx: (tx: AccountNotification) => void): Promise<Subscription> {
        return this.#subscribe('subscribe_account', {account}, onTx as (r: unknown) => void, false);
    }

    /** One notification when the tx is committed or dropped: the tx_wait result. May precede the submit. */
    subscribeTx(txHash: string, onFinal: (status: TxStatus) => void): Promise<Subscription> {
        return this.#subscribe('subscribe_tx', {tx_hash: txHash}, onFinal as (r: unknown) => void, true);
    }

    /**
     * subscribe_tx as a promise: the final status, or `pending` once `timeoutMs` passes (then unsubscribed).
     */
    waitTx(txHash: string, timeoutMs = 10000): Promise<TxStatus> {
        return new Promise<TxStatus>((resolve, reject) => {
            let settled = false;
            let timer: NodeJS.Timeout|undefined;
            const settle = (finish: () => void) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                this.#closeListeners.delete(onClose);
                finish();
            };
            const onClose = (why: string) => settle(() => reject(closedError('subscribe_tx', why)));
            this.#closeListeners.add(onClose);
            this.subscribeTx(txHash, (status) => settle(() => resolve(status))).then((sub) => {
                if (settled) return;
                timer = setTimeout(
                    () => settle(() => {
                        this.dropHandler(sub.id);
                        // The notification may cross the unsubscribe: NOT_FOUND then, and nothing to undo.
                        this.call('unsubscribe', {subscription: sub.id}).catch(() => {});
                        resolve({status: 'pending'});
                    }),
                    timeoutMs);
            }, (error: FolioError) => settle(() => reject(error)));
        });
    }

    /** Closes the session; resolves once it is closed. */
    async close(): Promise<void> {
        if (this.#closeInfo === undefined) this.#ws.close(1000);
        await this.closed;
    }

    /** @internal Stops delivering a subscription's notifications. */
    dropHandler(id: string): void { this.#handlers.delete(id); }

    async #subscribe(method: string, params: object, fn: (r: unknown) => void, once: boolean):
        Promise<Subscription> {
        const answer = await this.call<{subscription: string}>(method, params, (result) => {
            const id = (result as {subscription?: unknown}).subscription;
            if (typeof id === 'string') this.#handlers.set(id, {fn, once});
        });
        if (typeof answer.subscription !== 'string') {
            throw new FolioError({
                reason: 'INTERNAL',
                code: ErrorCode.internal,
                message: `${method} answered no subscription id`,
                source: 'node',
                method,
            });
        }
        return new Subscription(answer.subscription, method, this);
    }

    #onMessage(text: string): void {
        let msg: unknown;
        try {
            msg = JSON.parse(text);
        } catch {
            return;  // not JSON: nothing a caller waits for can be in it
        }
        if (typeof msg !== 'object' || msg === null) return;
        const m = msg as {
            id?: unknown;
            method?: unknown;
            params?: unknown;
            result?: unknown;
            error?: unknown
        };
        if (m.method === 'subscription' && typeof m.params === 'object' && m.params !== null) {
            const p = m.params as {
                subscription?: unknown;
                result?: unknown
            };
            const handler =
                typeof p.subscription === 'string' ? this.#handlers.get(p.subscription) : undefined;
            if (handler === undefined) return;  // ended on our side while the node was sending
            if (handler.once) this.#handlers.delete(p.subscription as string);
            try {
                handler.fn(p.result);
            } catch (e) {
                if (this.onCallbackError !== undefined) {
                    this.onCallbackError(e);
                } else {
                    queueMicrotask(() => {
                        throw e;
                    });
                }
            }
            return;
        }
        if (typeof m.id !== 'number') return;
        const pending = this.#pending.get(m.id);
        if (pending === undefined) return;
        this.#pending.delete(m.id);
        if (typeof m.error === 'object' && m.error !== null) {
            pending.reject(errorFromRpc(m.error as RpcErrorObject, pending.method));
        } else {
            pending.onAnswer?.(m.result);
            pending.resolve(m.result);
        }
    }
}

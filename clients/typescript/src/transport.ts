// JSON-RPC 2.0 over HTTP POST / with a bearer token, and the mapping of every failure to a FolioError: the
// node's error object ({code, message, data: {reason, ...}}), an HTTP refusal without one, or a network
// failure (reason UNAVAILABLE: retrying later may succeed).
import {ErrorCode, FolioError} from './errors.js';

export interface RpcErrorObject {
    code: number;
    message: string;
    data?: {reason?: string; [key: string]: unknown};
}

/** Turns a JSON-RPC error object into a FolioError. */
export function errorFromRpc(
    error: RpcErrorObject, method: string|undefined, httpStatus?: number): FolioError {
    const {reason, ...rest} = error.data ?? {};
    return new FolioError({
        reason: typeof reason === 'string' ? reason : 'INTERNAL',
        code: typeof error.code === 'number' ? error.code : ErrorCode.internal,
        message: typeof error.message === 'string' ? error.message : 'error without a message',
        source: 'node',
        data: rest,
        ...(httpStatus === undefined ? {} : {httpStatus}),
        ...(method === undefined ? {} : {method}),
    });
}

function reasonForStatus(status: number): {reason: string; code: number} {
    if (status === 401 || status === 403) return {reason: 'NOT_AUTHORIZED', code: ErrorCode.unauthorized};
    if (status === 413 || status === 431) return {reason: 'TOO_LARGE', code: ErrorCode.invalidRequest};
    if (status === 503) return {reason: 'UNAVAILABLE', code: ErrorCode.unavailable};
    return {reason: 'INTERNAL', code: ErrorCode.internal};
}

/** JSON text of a value whose integers may be bigints (u64 values beyond 2^53), written as plain numbers. */
export function stringifyJson(value: unknown): string {
    const marker = `bigint${Math.random().toString(36).slice(2)}:`;
    let found = false;
    const text = JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v !== 'bigint') return v;
        found = true;
        return marker + v.toString();
    });
    if (!found) return text;
    return text.replace(new RegExp(`"${marker}(-?[0-9]+)"`, 'g'), '$1');
}

export interface HttpTransportOptions {
    url: string;
    token?: string;
    /** Per-request timeout; calls that wait (tx_wait) get their own wait on top. Default 30000. */
    timeoutMs?: number;
}

export class HttpTransport {
    readonly url: string;
    readonly #token: string|undefined;
    readonly #timeoutMs: number;
    #nextId = 1;

    constructor(options: HttpTransportOptions) {
        this.url = options.url;
        this.#token = options.token;
        this.#timeoutMs = options.timeoutMs ?? 30000;
    }

    /** Calls a method; the result, or a FolioError. `extraWaitMs` lengthens the timeout of a waiting call. */
    async call<T>(method: string, params: object, extraWaitMs = 0): Promise<T> {
        const id = this.#nextId++;
        const headers: Record<string, string> = {'content-type': 'application/json'};
        if (this.#token !== undefined) headers['authorization'] = `Bearer ${this.#token}`;
        let response: Response;
        let text: string;
        try {
            response = await fetch(this.url, {
                method: 'POST',
                headers,
                body: stringifyJson({jsonrpc: '2.0', id, method, params}),
                signal: AbortSignal.timeout(this.#timeoutMs + extraWaitMs),
            });
            text = await response.text();
        } catch (cause) {
            const timedOut =
                cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
            throw new FolioError({
                reason: timedOut ? 'TIMEOUT' : 'UNAVAILABLE',
                code: timedOut ? ErrorCode.timeout : ErrorCode.unavailable,
                message: `${method}: ${timedOut ? 'no answer in time from' : 'cannot reach'} ${this.url}: ${
                    cause instanceof Error ? cause.message : String(cause)}`,
                source: 'transport',
                method,
                cause,
            });
        }
        let body: unknown;
        try {
            body = JSON.parse(text);
        } catch {
            body = undefined;
        }
        if (typeof body === 'object' && body !== null && 'error' in body) {
            const err = (body as {error: unknown}).error;
            if (typeof err === 'object' && err !== null) {
                throw errorFromRpc(err as RpcErrorObject, method, response.status);
            }
        }
        if (!response.ok || typeof body !== 'object' || body === null || !('result' in body)) {
            const {reason, code} = response.ok ? {reason: 'DECODE_ERROR', code: ErrorCode.internal} :
                                                 reasonForStatus(response.status);
            throw new FolioError({
                reason,
                code,
                message: `${method}: HTTP ${response.status} from ${this.url}: ${text.slice(0, 200)}`,
                source: 'transport',
                httpStatus: response.status,
                method,
            });
        }
        return (body as {result: T}).result;
    }
}

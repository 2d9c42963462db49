// Every failure this package reports is a FolioError carrying a stable reason code (chain/reason.h, listed in
// docs/reason-codes.md) and the JSON-RPC error code, whether the node refused the call or the client refused
// the input before sending anything. A backend branches on `reason`: "KYC_REQUIRED",
// "DUPLICATE_CLIENT_REF"...

/** JSON-RPC error codes of a Folio node (docs/rpc-server.md). */
export const ErrorCode = {
    parseError: -32700,
    invalidRequest: -32600,
    methodNotFound: -32601,
    invalidParams: -32602,
    internal: -32603,
    refused: -32000,
    notFound: -32001,
    unauthorized: -32002,
    timeout: -32003,
    unavailable: -32004,
    webSocketRequired: -32005,
} as const;

/** Where an error was found: by the node, by this client before sending, or on the way (network, HTTP). */
export type ErrorSource = 'node'|'client'|'transport';

export interface FolioErrorInit {
    reason: string;
    code: number;
    message: string;
    source: ErrorSource;
    /** The error's `data` object beyond `reason` (e.g. `tx_hash` of DUPLICATE_CLIENT_REF, `param`). */
    data?: Record<string, unknown>;
    /** The HTTP status when the answer came over HTTP. */
    httpStatus?: number;
    /** The JSON-RPC method that failed, when there was one. */
    method?: string;
    cause?: unknown;
}

export class FolioError extends Error {
    /** Stable reason name: "INSUFFICIENT_BALANCE", "BAD_SIGNATURE", "INVALID_ARGUMENT", ... */
    readonly reason: string;
    /**
     * JSON-RPC error code (ErrorCode); a client-side refusal uses the code the node gives for that reason.
     */
    readonly code: number;
    readonly source: ErrorSource;
    readonly data: Record<string, unknown>;
    readonly httpStatus: number|undefined;
    readonly method: string|undefined;

    constructor(init: FolioErrorInit) {
        super(init.message, init.cause === undefined ? undefined : {cause: init.cause});
        this.name = 'FolioError';
        this.reason = init.reason;
        this.code = init.code;
        this.source = init.source;
        this.data = init.data ?? {};
        this.httpStatus = init.httpStatus;
        this.method = init.method;
    }

    /** The first tx's hash, when the node refused a retry with DUPLICATE_CLIENT_REF. */
    get firstTxHash(): string|undefined {
        const h = this.data['tx_hash'];
        return typeof h === 'string' ? h : undefined;
    }
}

/** The JSON-RPC code a node gives for a reason (rpc::code_for_reason), for refusals found client-side. */
export function codeForReason(reason: string): number {
    switch (reason) {
        case 'INVALID_ARGUMENT':
            return ErrorCode.invalidParams;
        case 'NOT_FOUND':
            return ErrorCode.notFound;
        case 'TIMEOUT':
            return ErrorCode.timeout;
        case 'UNAVAILABLE':
        case 'MEMPOOL_FULL':
            return ErrorCode.unavailable;
        case 'INTERNAL':
        case 'IO_ERROR':
        case 'CORRUPTION':
            return ErrorCode.internal;
        default:
            return ErrorCode.refused;
    }
}

/**
 * A refusal of the client's own input: nothing was sent. `field` names what is wrong
 * ("ops[1].to[0].amount").
 */
export function inputError(reason: string, field: string, why: string): FolioError {
    return new FolioError({
        reason,
        code: codeForReason(reason),
        message: `${field}: ${why}`,
        source: 'client',
        data: {param: field},
    });
}

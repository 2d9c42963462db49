// @folio/client: a TypeScript client for platform backends of a Folio ledger node (docs/clients.md).
export {accountIdHex, accountIdOf, ADDRESS_PREFIX, addressOf, decodeAddress, encodeAddress, isAddress, normalizeAddress} from './address.js';
export {fromHex, toHex} from './bytes.js';
export {FolioClient, notCommitted, optionsFromDataDir} from './client.js';
export type{ClientOptions, Submitted, TxRequest, WaitOptions} from './client.js';
export {codeForReason, ErrorCode, FolioError} from './errors.js';
export type{ErrorSource} from './errors.js';
export {taggedHash} from './hash.js';
export {Key, verifySignature} from './keys.js';
export type{Signature} from './keys.js';
export {checkOp, findOpSpec, NAME_VALUES, OP_TABLE} from './op_table.js';
export type{FieldKind, FieldSpec, OpSpec} from './op_table.js';
export {ops} from './ops.js';
export type * from './ops.js';
export {FolioSocket, Subscription} from './socket.js';
export type{CloseInfo} from './socket.js';
export {checkBuiltTx, decodeTxHeader} from './tx.js';
export type{BuiltTx, TxHeader} from './tx.js';
export type * from './types.js';

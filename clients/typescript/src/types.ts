// Result shapes of the node's methods, as docs/rpc.md (generated from the node's method table) gives them.
// Fields are added over time, never renamed; amounts are decimal strings, hashes and keys lowercase hex.
import type {Op} from './ops.js';

export type TxStatusName = 'committed'|'failed'|'pending'|'expired'|'unknown';

export interface TxStatus {
    status: TxStatusName;
    height?: number;
    index?: number;
    reason?: string;
    op_index?: number;
    message?: string;
}

export interface SubmitResult {
    tx_hash: string;
    already_known?: boolean;
}

export interface ChainStatus {
    chain_id?: string;
    height: number;
    latest_block_hash: string;
    latest_block_time_ms: number;
    state_root: string;
    mempool_size: number;
    mempool_bytes: number;
    oldest_provable_height?: number;
    version?: string;
}

export interface Validator {
    name: string;
    consensus_pubkey: string;
    p2p_pubkey: string;
    power: number;
}

export interface ChainInfo {
    chain_id: string;
    name: string;
    genesis_time_ms: number;
    validators: Validator[];
    validators_hash?: string;
    params: Record<string, number>;
    genesis: Record<string, unknown>;
}

export interface Kyc {
    level: number;
    category: string;
    expires_ms: number;
    doc_hash: string;
    attested_by: string;
    attested_height?: number;
}

export interface Account {
    address: string;
    account_id: string;
    pubkey: string;
    pubkeys: string[];
    /** What a signature by pubkeys[i] counts toward the threshold (1 unless key_set_update set it). */
    weights: number[];
    threshold: number;
    /** The next nonce to use, counting the account's txs in the mempool. */
    nonce: number;
    committed_nonce: number;
    roles: string[];
    frozen: boolean;
    kyc: Kyc|null;
}

export interface Holding {
    asset: string;
    asset_id?: number;
    decimals: number;
    amount: string;
    locked: string;
    frozen: string;
    available: string;
}

export interface Holdings {
    height: number;
    account: string;
    holdings: Holding[];
}

export interface TxBody {
    signer: string;
    nonce: number;
    ops: Op[];
    memo: string;
    client_ref?: string;
    chain_id?: string;
    valid_until_height?: number;
    version?: number;
}

export interface HistoryEntry {
    height: number;
    index: number;
    tx_hash: string;
    time_ms: number;
    status: 'committed'|'failed';
    reason?: string;
    op_index?: number;
    signer?: string;
    nonce?: number;
    memo?: string;
    client_ref?: string;
    ops: Op[];
}

export interface History {
    account: string;
    history: HistoryEntry[];
    next_cursor?: string;
}

export interface Asset {
    symbol: string;
    asset_id: number;
    class: string;
    decimals: number;
    max_supply: string;
    supply: string;
    holders: number;
    issuer: string;
    frozen: boolean;
    policy: {kyc_min_level: number; max_holders: number; transferable: boolean};
    metadata_hash: string;
    created_height: number;
}

export interface AssetPage {
    assets: Asset[];
    next_cursor?: string;
}

export interface Holders {
    height: number;
    asset: string;
    asset_id?: number;
    decimals: number;
    supply?: string;
    holders: {account: string; amount: string}[];
    next_cursor?: string;
}

export interface TxRecord {
    tx_hash: string;
    status: 'committed'|'failed'|'pending';
    height?: number;
    index?: number;
    reason?: string;
    op_index?: number;
    tx?: TxBody;
    signatures?: {pubkey: string; signature: string}[];
    raw?: string;
}

export interface BlockHeader {
    chain_id: string;
    height: number;
    time_ms: number;
    prev_hash: string;
    txs_root: string;
    results_root: string;
    state_root: string;
    validators_hash: string;
    proposer: number|string;
}

export interface Block {
    hash: string;
    height: number;
    header: BlockHeader;
    header_hex: string;
    tx_count: number;
    txs: {
        tx_hash: string; index: number; status: 'committed' | 'failed';
        reason?: string;
        op_index?: number; tx: TxBody; raw: string
    }[];
    commit: {
        height: number; round: number; block_hash: string;
        signatures: {validator_index: number; signature: string}[]
    }|null;
    commit_hex: string|null;
}

export interface NodeKey {
    name: string;
    address: string;
    pubkey: string;
    registered?: boolean;
}

export interface ProofEntry {
    key: string;
    value: string|null;
    proof: string;
}

export interface HoldingProof {
    height: number;
    chain_id: string;
    account: string;
    asset: string;
    asset_id: number;
    decimals: number;
    block_hash: string;
    header_hex: string;
    commit_hex: string|null;
    state_root: string;
    entries: {symbol: ProofEntry; asset?: ProofEntry; balance: ProofEntry};
    balance: {amount: string; locked: string; frozen: string};
}

/** subscribe_blocks notification. */
export interface BlockNotification {
    height: number;
    hash: string;
    time_ms: number;
    tx_count: number;
}

/** subscribe_account notification: one per committed tx that concerns the account. */
export interface AccountNotification {
    height: number;
    index: number;
    tx_hash: string;
    account: string;
    status: 'committed'|'failed';
    reason?: string;
}

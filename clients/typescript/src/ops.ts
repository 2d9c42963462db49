// Typed builders for every op: the core ops here, the instruments' in instrument_ops.ts (merged into `ops`). Each returns the op's JSON form (what tx_build, tx_sign_submit and
// docs/ops.md take), checked against its row of OP_TABLE, so a typo or a missing field is refused here with
// the field's name instead of at the node. Field names are the wire names (snake_case), as in docs/ops.md.
//
// Units: amounts are decimal strings with at most the asset's decimals ("12.50"); `expires_ms` is
// milliseconds since the Unix epoch, UTC (a Date is accepted and converted); hashes and keys are 64 hex.
import {build, Fields, Loose, millis} from './build.js';
import {instrumentOps} from './instrument_ops.js';
import type {InstrumentOp} from './instrument_ops.js';

/** Decimal string with at most the asset's decimals: "100", "12.50". */
export type Amount = string;
/** bech32m folio1... address. */
export type Address = string;
/** 64 hex characters: a key, a hash, a legal reference. */
export type Hex32 = string;
/** Asset symbol: 1-12 of A-Z 0-9 . - */
export type AssetSymbol = string;
export type Role = 'operator'|'registrar'|'issuer';
export type AssetClass = 'equity'|'minibond'|'royalty'|'currency'|'other';
/** A u64 integer: a number up to 2^53 - 1, or a bigint beyond. */
export type U64 = number|bigint;

export interface AccountRegister {
    op: 'account_register';
    /** BIP340 x-only public key of the new account's first key. */
    pubkey: Hex32;
    /** The account id the key gives; if present it must match the key. */
    account?: Address;
}
export interface KycAttest {
    op: 'kyc_attest';
    account: Address;
    /** 0 to 255. */
    level: number;
    /** Investor category, at most 32 bytes ("retail", "professional"...). */
    category: string;
    /** Expiry in ms since the Unix epoch (UTC); must be after the block's time. */
    expires_ms: number;
    /** Hash of the off-chain KYC document (never the document: memos and ops are permanent). */
    doc_hash: Hex32;
}
export interface KeyRotate {
    op: 'key_rotate';
    new_pubkey: Hex32;
    /** Recovery by the registrar: the account whose key is lost (with legal_ref). */
    account?: Address;
    /** Recovery: hash of the legal act that orders it (with account). */
    legal_ref?: Hex32;
}
export interface RoleGrant {
    op: 'role_grant';
    account: Address;
    role: Role;
    /** Issuer rights on this asset only. */
    asset?: AssetSymbol;
}
export interface RoleRevoke {
    op: 'role_revoke';
    account: Address;
    role: Role;
    asset?: AssetSymbol;
}
export interface Policy {
    /** Receivers need at least this KYC level (0 to 255). */
    kyc_min_level?: number;
    /** Most holders at once; 0 = no limit. */
    max_holders?: number;
    /** false: only issue and forced_transfer move it. */
    transferable?: boolean;
}
export interface AssetCreate {
    op: 'asset_create';
    symbol: AssetSymbol;
    class: AssetClass;
    /** 0 to 18. */
    decimals: number;
    max_supply: Amount;
    metadata_hash?: Hex32;
    /** Missing fields take the class default. */
    policy?: Policy;
}
export interface Recipient {
    account: Address;
    amount: Amount;
}
export interface Issue {
    op: 'issue';
    asset: AssetSymbol;
    /** 1 to 1000 recipients. */
    to: Recipient[];
}
export interface Transfer {
    op: 'transfer';
    asset: AssetSymbol;
    to: Address;
    amount: Amount;
}
export interface Burn {
    op: 'burn';
    asset: AssetSymbol;
    amount: Amount;
}
/** A freeze target: a whole account, a whole asset, or part of one holding. */
export type FreezeTarget = {
    account: Address;
    asset?: never;
    amount?: never
}|{
    asset: AssetSymbol;
    account?: never;
    amount?: never
}
|{
    account: Address;
    asset: AssetSymbol;
    amount: Amount
};
export type Freeze = {
    op: 'freeze'
}&FreezeTarget;
export type Unfreeze = {
    op: 'unfreeze'
}&FreezeTarget;
export interface ForcedTransfer {
    op: 'forced_transfer';
    asset: AssetSymbol;
    from: Address;
    to: Address;
    amount: Amount;
    /** Hash of the court order or legal act. */
    legal_ref: Hex32;
}
export interface ParamUpdate {
    op: 'param_update';
    /** The chain parameter, at most 32 bytes. */
    name: string;
    value: U64;
}

/** One member of a validator set. */
export interface ValidatorSpec {
    /** Unique in the set, 1 to 64 bytes. */
    name: string;
    /** BIP340 x-only key that signs its votes. */
    consensus_pubkey: Hex32;
    /** Ed25519 key of its TLS 1.3 P2P certificate. */
    p2p_pubkey: Hex32;
    /** 1 to 2^48. */
    power: U64;
}
export interface ValidatorSetUpdate {
    op: 'validator_set_update';
    /** The whole new set; it signs from two blocks after the one that commits it. */
    validators: ValidatorSpec[];
}
export interface WeightedKey {
    pubkey: Hex32;
    /** 1 to 255; default 1. */
    weight?: number;
}
export interface KeySetUpdate {
    op: 'key_set_update';
    /** 1 to 16 keys, none of another account. */
    keys: WeightedKey[];
    /** The weight of distinct keys a tx of the account needs, 1 to the total weight. */
    threshold: number;
}

export type CoreOp = AccountRegister|KycAttest|KeyRotate|RoleGrant|RoleRevoke|AssetCreate|Issue|Transfer|Burn|
    Freeze|Unfreeze|ForcedTransfer|ParamUpdate|ValidatorSetUpdate|KeySetUpdate;
/** Every op the node takes: the core ops and the instruments' (instrument_ops.ts). */
export type Op = CoreOp|InstrumentOp;
export type OpName = Op['op'];


export const ops = {
    accountRegister: (f: Fields<AccountRegister>): AccountRegister =>
        build<AccountRegister>({op: 'account_register', ...f}),
    kycAttest: (f: Omit<Fields<KycAttest>, 'expires_ms'>&{expires_ms: number | Date}): KycAttest =>
        build<KycAttest>({op: 'kyc_attest', ...f, expires_ms: millis(f.expires_ms)}),
    keyRotate: (f: Fields<KeyRotate>): KeyRotate => build<KeyRotate>({op: 'key_rotate', ...f}),
    roleGrant: (f: Fields<RoleGrant>): RoleGrant => build<RoleGrant>({op: 'role_grant', ...f}),
    roleRevoke: (f: Fields<RoleRevoke>): RoleRevoke => build<RoleRevoke>({op: 'role_revoke', ...f}),
    assetCreate: (f: Fields<AssetCreate>): AssetCreate => build<AssetCreate>({op: 'asset_create', ...f}),
    issue: (f: Fields<Issue>): Issue => build<Issue>({op: 'issue', ...f}),
    transfer: (f: Fields<Transfer>): Transfer => build<Transfer>({op: 'transfer', ...f}),
    burn: (f: Fields<Burn>): Burn => build<Burn>({op: 'burn', ...f}),
    freeze: (f: Loose<FreezeTarget>): Freeze => build<Freeze>({op: 'freeze', ...f}),
    unfreeze: (f: Loose<FreezeTarget>): Unfreeze => build<Unfreeze>({op: 'unfreeze', ...f}),
    forcedTransfer: (f: Fields<ForcedTransfer>): ForcedTransfer =>
        build<ForcedTransfer>({op: 'forced_transfer', ...f}),
    paramUpdate: (f: Fields<ParamUpdate>): ParamUpdate => build<ParamUpdate>({op: 'param_update', ...f}),
    validatorSetUpdate: (f: Fields<ValidatorSetUpdate>): ValidatorSetUpdate =>
        build<ValidatorSetUpdate>({op: 'validator_set_update', ...f}),
    keySetUpdate: (f: Fields<KeySetUpdate>): KeySetUpdate => build<KeySetUpdate>({op: 'key_set_update', ...f}),
    ...instrumentOps,
} as const;

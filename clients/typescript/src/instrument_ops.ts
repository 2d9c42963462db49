// Typed builders for the instrument ops (contracts/; docs/ops.md and docs/instruments.md give their rules). Each
// returns the op's JSON form checked against its row of INSTRUMENT_OP_TABLE, as the core builders of ops.ts do;
// `ops` in ops.ts holds both. Amounts are decimal strings in the units of the asset or currency the op names;
// times are milliseconds since the Unix epoch, UTC (a Date is accepted); an id is the 32-hex instrument id
// tx_build returned for the op that opened the record (campaign, distribution, request, pledge, vote).
import {build, Fields, millis} from './build.js';
import type {Address, Amount, AssetSymbol, Hex32, U64} from './ops.js';

/** 32 lowercase hex: the instrument id of the op that opened a campaign, distribution, request... */
export type InstrumentId = string;
export type AmortizationSchedule = 'constant'|'annuity'|'bullet';
export type DistributionKind = 'dividend'|'royalty';
export type VoteWeighting = 'units'|'holders';
/** Who may reconvert a local currency to euros. */
export type RedeemBy = 'merchants'|'all';
type Time = number|Date;

export interface PolicySet {
    op: 'policy_set';
    asset: AssetSymbol;
    /** true: holders move units only by transfer_request and the issuer's approval. */
    approval: boolean;
    lockup_until_ms?: number;
    lockup_until_height?: U64;
    /** 0 or absent: no limit. */
    max_holders?: number;
    kyc_min_level?: number;
}
export interface TransferRequest {
    op: 'transfer_request';
    asset: AssetSymbol;
    to: Address;
    /** Locked on the sender's holding until decided. */
    amount: Amount;
    /** After this block time the request can no longer be approved. */
    expires_ms: number;
}
export interface TransferApprove {
    op: 'transfer_approve';
    id: InstrumentId;
}
export interface TransferReject {
    op: 'transfer_reject';
    id: InstrumentId;
}
export interface TransferCancel {
    op: 'transfer_cancel';
    id: InstrumentId;
}
export interface CampaignCreate {
    op: 'campaign_create';
    /** The securities minted on success; absent for a donation campaign. */
    asset?: AssetSymbol;
    currency: AssetSymbol;
    /** Currency per smallest unit of the asset (required with an asset). */
    price?: Amount;
    target: Amount;
    cap: Amount;
    min_ticket: Amount;
    max_ticket: Amount;
    /** At most 90 days after the creating block's time. */
    deadline_ms: number;
    terms_hash: Hex32;
}
export interface CampaignSubscribe {
    op: 'campaign_subscribe';
    id: InstrumentId;
    /** The campaign's currency: the amount is read in its decimals. */
    currency: AssetSymbol;
    amount: Amount;
}
export interface CampaignWithdraw {
    op: 'campaign_withdraw';
    id: InstrumentId;
}
/** campaign_close, campaign_settle, distribution_pay: one page of at most `limit` (the op's weight). */
export interface CampaignClose {
    op: 'campaign_close';
    id: InstrumentId;
    limit?: number;
}
export interface CampaignSettle {
    op: 'campaign_settle';
    id: InstrumentId;
    limit?: number;
}
export interface MinibondTerms {
    op: 'minibond_terms';
    asset: AssetSymbol;
    currency: AssetSymbol;
    /** The principal of one bond, in the currency's units. */
    nominal: Amount;
    rate_bps: number;
    schedule: AmortizationSchedule;
    /** 1, 3, 6 or 12. */
    period_months: number;
    instalments: number;
    deferral?: number;
    first_due_ms: number;
}
export interface CouponPay {
    op: 'coupon_pay';
    asset: AssetSymbol;
    instalment: number;
    /** The holders are those at this height, below the current one. */
    record_height: U64;
    limit?: number;
}
export interface DefaultMark {
    op: 'default_mark';
    asset: AssetSymbol;
    instalment: number;
    legal_ref: Hex32;
}
export interface CouponClaim {
    op: 'coupon_claim';
    asset: AssetSymbol;
    instalment: number;
}
export interface Distribute {
    op: 'distribute';
    asset: AssetSymbol;
    currency: AssetSymbol;
    kind: DistributionKind;
    /** A dividend's total, or a royalty's revenue with share_bps. */
    total?: Amount;
    revenue?: Amount;
    share_bps?: number;
    record_height: U64;
    expires_ms: number;
    limit?: number;
}
export interface DistributionPay {
    op: 'distribution_pay';
    id: InstrumentId;
    limit?: number;
}
export interface DistributionClaim {
    op: 'distribution_claim';
    id: InstrumentId;
}
export interface DistributionReclaim {
    op: 'distribution_reclaim';
    id: InstrumentId;
}
export interface Pledge {
    op: 'pledge';
    asset: AssetSymbol;
    amount: Amount;
    beneficiary: Address;
    doc_hash: Hex32;
}
export interface PledgeRelease {
    op: 'pledge_release';
    id: InstrumentId;
}
export interface PledgeEnforce {
    op: 'pledge_enforce';
    id: InstrumentId;
    legal_ref: Hex32;
}
export interface VoteCreate {
    op: 'vote_create';
    asset: AssetSymbol;
    question_hash: Hex32;
    options: number;
    weighting: VoteWeighting;
    snapshot_height: U64;
    close_height: U64;
    quorum_bps: number;
    majority_bps: number;
}
export interface VoteCast {
    op: 'vote_cast';
    id: InstrumentId;
    option: number;
}

export interface CurrencyTerms {
    op: 'currency_terms';
    asset: AssetSymbol;
    /** The reconversion fee, in basis points (at most 10000). */
    fee_bps: number;
    fee_account: Address;
    redeem_by: RedeemBy;
    max_balance?: Amount;
    /** The melting rate per period, in basis points; with demurrage_period_ms. */
    demurrage_bps?: number;
    demurrage_period_ms?: number;
    /** Default true: no mint above the last declared reserve. */
    fully_backed?: boolean;
}
export interface MerchantSet {
    op: 'merchant_set';
    asset: AssetSymbol;
    account: Address;
    merchant: boolean;
    /** The merchant's own reconversion fee, in basis points. */
    fee_bps?: number;
}
export interface Mint {
    op: 'mint';
    asset: AssetSymbol;
    to: Address;
    amount: Amount;
    /** The hash of the bank movement: one mint per deposit. */
    deposit_ref: Hex32;
}
export interface Redeem {
    op: 'redeem';
    asset: AssetSymbol;
    amount: Amount;
    /** The reference the association's euro payout quotes. */
    payout_ref: Hex32;
}
export interface ReserveDeclare {
    op: 'reserve_declare';
    asset: AssetSymbol;
    reserve: Amount;
    /** The hash of the guarantee fund's bank statement. */
    doc_hash: Hex32;
}
/** One leg of a dvp: units of an asset. */
export interface DvpLeg {
    asset: AssetSymbol;
    amount: Amount;
}
export interface Dvp {
    op: 'dvp';
    /** The other party; it signs the tx too. */
    counterparty: Address;
    give: DvpLeg;
    get: DvpLeg;
}

export type InstrumentOp = PolicySet|TransferRequest|TransferApprove|TransferReject|TransferCancel|CampaignCreate|
    CampaignSubscribe|CampaignWithdraw|CampaignClose|CampaignSettle|MinibondTerms|CouponPay|DefaultMark|CouponClaim|
    Distribute|DistributionPay|DistributionClaim|DistributionReclaim|CurrencyTerms|MerchantSet|Mint|Redeem|
    ReserveDeclare|Pledge|PledgeRelease|PledgeEnforce|VoteCreate|VoteCast|Dvp;

// A builder whose argument may give `field` (a time) as a Date.
type Timed<T, K extends keyof Fields<T>> = Omit<Fields<T>, K>&{[P in K]: Time};

export const instrumentOps = {
    policySet: (f: Fields<PolicySet>): PolicySet => build<PolicySet>({op: 'policy_set', ...f}),
    transferRequest: (f: Timed<TransferRequest, 'expires_ms'>): TransferRequest =>
        build<TransferRequest>({op: 'transfer_request', ...f, expires_ms: millis(f.expires_ms)}),
    transferApprove: (f: Fields<TransferApprove>): TransferApprove =>
        build<TransferApprove>({op: 'transfer_approve', ...f}),
    transferReject: (f: Fields<TransferReject>): TransferReject => build<TransferReject>({op: 'transfer_reject', ...f}),
    transferCancel: (f: Fields<TransferCancel>): TransferCancel => build<TransferCancel>({op: 'transfer_cancel', ...f}),
    campaignCreate: (f: Timed<CampaignCreate, 'deadline_ms'>): CampaignCreate =>
        build<CampaignCreate>({op: 'campaign_create', ...f, deadline_ms: millis(f.deadline_ms)}),
    campaignSubscribe: (f: Fields<CampaignSubscribe>): CampaignSubscribe =>
        build<CampaignSubscribe>({op: 'campaign_subscribe', ...f}),
    campaignWithdraw: (f: Fields<CampaignWithdraw>): CampaignWithdraw =>
        build<CampaignWithdraw>({op: 'campaign_withdraw', ...f}),
    campaignClose: (f: Fields<CampaignClose>): CampaignClose => build<CampaignClose>({op: 'campaign_close', ...f}),
    campaignSettle: (f: Fields<CampaignSettle>): CampaignSettle => build<CampaignSettle>({op: 'campaign_settle', ...f}),
    minibondTerms: (f: Timed<MinibondTerms, 'first_due_ms'>): MinibondTerms =>
        build<MinibondTerms>({op: 'minibond_terms', ...f, first_due_ms: millis(f.first_due_ms)}),
    couponPay: (f: Fields<CouponPay>): CouponPay => build<CouponPay>({op: 'coupon_pay', ...f}),
    defaultMark: (f: Fields<DefaultMark>): DefaultMark => build<DefaultMark>({op: 'default_mark', ...f}),
    couponClaim: (f: Fields<CouponClaim>): CouponClaim => build<CouponClaim>({op: 'coupon_claim', ...f}),
    distribute: (f: Timed<Distribute, 'expires_ms'>): Distribute =>
        build<Distribute>({op: 'distribute', ...f, expires_ms: millis(f.expires_ms)}),
    distributionPay: (f: Fields<DistributionPay>): DistributionPay =>
        build<DistributionPay>({op: 'distribution_pay', ...f}),
    distributionClaim: (f: Fields<DistributionClaim>): DistributionClaim =>
        build<DistributionClaim>({op: 'distribution_claim', ...f}),
    distributionReclaim: (f: Fields<DistributionReclaim>): DistributionReclaim =>
        build<DistributionReclaim>({op: 'distribution_reclaim', ...f}),
    pledge: (f: Fields<Pledge>): Pledge => build<Pledge>({op: 'pledge', ...f}),
    pledgeRelease: (f: Fields<PledgeRelease>): PledgeRelease => build<PledgeRelease>({op: 'pledge_release', ...f}),
    pledgeEnforce: (f: Fields<PledgeEnforce>): PledgeEnforce => build<PledgeEnforce>({op: 'pledge_enforce', ...f}),
    voteCreate: (f: Fields<VoteCreate>): VoteCreate => build<VoteCreate>({op: 'vote_create', ...f}),
    voteCast: (f: Fields<VoteCast>): VoteCast => build<VoteCast>({op: 'vote_cast', ...f}),
    currencyTerms: (f: Fields<CurrencyTerms>): CurrencyTerms => build<CurrencyTerms>({op: 'currency_terms', ...f}),
    merchantSet: (f: Fields<MerchantSet>): MerchantSet => build<MerchantSet>({op: 'merchant_set', ...f}),
    mint: (f: Fields<Mint>): Mint => build<Mint>({op: 'mint', ...f}),
    redeem: (f: Fields<Redeem>): Redeem => build<Redeem>({op: 'redeem', ...f}),
    reserveDeclare: (f: Fields<ReserveDeclare>): ReserveDeclare => build<ReserveDeclare>({op: 'reserve_declare', ...f}),
    dvp: (f: Fields<Dvp>): Dvp => build<Dvp>({op: 'dvp', ...f}),
} as const;

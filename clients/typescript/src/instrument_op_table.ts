// The JSON form of each instrument op (contracts/: equity, campaign, minibond, distribution, local currency,
// pledge, vote, dvp) as
// data, in the order the node lists them after the core ops (docs/ops-schema.json, generated from the
// registry's op table). test/op_table.test.ts compares every row with the node's, so an instrument op or
// field added to the node fails the test until the client knows it.
import type {FieldKind, FieldSpec, OpSpec} from './op_table.js';

const f = (name: string, kind: FieldKind, required: boolean, members?: readonly FieldSpec[]): FieldSpec =>
    members === undefined ? {name, kind, required} : {name, kind, required, members};
const LEG = [f('asset', 'symbol', true), f('amount', 'amount', true)];

// Ids the node gives an instrument's records: 32 lowercase hex, the instrument id of the op that opened them.
const BY_ID = [f('id', 'instrument_id', true)];
const BY_TEXT_ID = [f('id', 'text', true)];
const PAGE = [f('id', 'text', true), f('limit', 'unsigned_integer', false)];
const INSTALMENT = [f('asset', 'symbol', true), f('instalment', 'unsigned_integer', true)];

/** One row per instrument op, in the node's order (tags 0x0100 and up). */
export const INSTRUMENT_OP_TABLE: readonly OpSpec[] = [
    {
        op: 'policy_set',
        summary: 'Sets an asset\'s equity policy: approval, lock-up, holder limit, KYC level',
        fields: [
            f('asset', 'symbol', true),
            f('approval', 'boolean', true),
            f('lockup_until_ms', 'unsigned_integer', false),
            f('lockup_until_height', 'unsigned_integer', false),
            f('max_holders', 'unsigned_integer', false),
            f('kyc_min_level', 'unsigned_integer', false),
        ],
    },
    {
        op: 'transfer_request',
        summary: 'Asks to transfer units of an approval asset; the amount is locked until decided',
        fields: [
            f('asset', 'symbol', true),
            f('to', 'address', true),
            f('amount', 'amount', true),
            f('expires_ms', 'unsigned_integer', true),
        ],
    },
    {op: 'transfer_approve', summary: 'Approves a pending transfer request: the locked units move', fields: BY_ID},
    {op: 'transfer_reject', summary: 'Rejects a pending transfer request: the units are unlocked', fields: BY_ID},
    {op: 'transfer_cancel', summary: 'Cancels a pending transfer request: the units are unlocked', fields: BY_ID},
    {
        op: 'campaign_create',
        summary: 'Open a crowdfunding campaign (all or nothing, at most 90 days).',
        fields: [
            f('asset', 'symbol', false),
            f('currency', 'symbol', true),
            f('price', 'amount', false),
            f('target', 'amount', true),
            f('cap', 'amount', true),
            f('min_ticket', 'amount', true),
            f('max_ticket', 'amount', true),
            f('deadline_ms', 'unsigned_integer', true),
            f('terms_hash', 'hex32', true),
        ],
    },
    {
        op: 'campaign_subscribe',
        summary: 'Subscribe to an open campaign: the amount goes into escrow until settlement.',
        fields: [f('id', 'text', true), f('currency', 'symbol', true), f('amount', 'amount', true)],
    },
    {
        op: 'campaign_withdraw',
        summary: 'Revoke one\'s subscription within 4 days of subscribing (retail investors).',
        fields: BY_TEXT_ID,
    },
    {op: 'campaign_close', summary: 'Close a campaign, fixing its outcome, and settle a first page.', fields: PAGE},
    {
        op: 'campaign_settle',
        summary: 'Settle the next page of a closed campaign (mint and release, or refund).',
        fields: PAGE,
    },
    {
        op: 'minibond_terms',
        summary: 'Sets a minibond\'s repayment terms, before its first issue.',
        fields: [
            f('asset', 'symbol', true),
            f('currency', 'symbol', true),
            f('nominal', 'amount', true),
            f('rate_bps', 'unsigned_integer', true),
            f('schedule', 'name', true),
            f('period_months', 'unsigned_integer', true),
            f('instalments', 'unsigned_integer', true),
            f('deferral', 'unsigned_integer', false),
            f('first_due_ms', 'unsigned_integer', true),
        ],
    },
    {
        op: 'coupon_pay',
        summary: 'Pays one instalment pro rata (interest and principal), page by page.',
        fields: [...INSTALMENT, f('record_height', 'unsigned_integer', true), f('limit', 'unsigned_integer', false)],
    },
    {
        op: 'default_mark',
        summary: 'Marks an unpaid instalment past its due date as in default.',
        fields: [...INSTALMENT, f('legal_ref', 'hex32', true)],
    },
    {op: 'coupon_claim', summary: 'Claims the signer\'s withheld share of an instalment.', fields: INSTALMENT},
    {
        op: 'distribute',
        summary: 'Escrows a dividend or royalty and pays its first page pro rata.',
        fields: [
            f('asset', 'symbol', true),
            f('currency', 'symbol', true),
            f('kind', 'name', true),
            f('total', 'amount', false),
            f('revenue', 'amount', false),
            f('share_bps', 'unsigned_integer', false),
            f('record_height', 'unsigned_integer', true),
            f('expires_ms', 'unsigned_integer', true),
            f('limit', 'unsigned_integer', false),
        ],
    },
    {op: 'distribution_pay', summary: 'Pays the next page of a distribution.', fields: PAGE},
    {op: 'distribution_claim', summary: 'Claims the signer\'s withheld share of a distribution.', fields: BY_TEXT_ID},
    {
        op: 'distribution_reclaim',
        summary: 'Returns the unclaimed withheld rest to the issuer after expiry.',
        fields: BY_TEXT_ID,
    },
    {
        op: 'currency_terms',
        summary: 'Sets a local currency\'s terms: reconversion fee, who may redeem, cap, demurrage, backing',
        fields: [
            f('asset', 'symbol', true),
            f('fee_bps', 'unsigned_integer', true),
            f('fee_account', 'address', true),
            f('redeem_by', 'name', true),
            f('max_balance', 'amount', false),
            f('demurrage_bps', 'unsigned_integer', false),
            f('demurrage_period_ms', 'unsigned_integer', false),
            f('fully_backed', 'boolean', false),
        ],
    },
    {
        op: 'merchant_set',
        summary: 'Makes an account a merchant of a local currency (or no longer one), with its own fee',
        fields: [
            f('asset', 'symbol', true),
            f('account', 'address', true),
            f('merchant', 'boolean', true),
            f('fee_bps', 'unsigned_integer', false),
        ],
    },
    {
        op: 'mint',
        summary: 'Mints local currency against euros received in the guarantee fund',
        fields: [
            f('asset', 'symbol', true),
            f('to', 'address', true),
            f('amount', 'amount', true),
            f('deposit_ref', 'hex32', true),
        ],
    },
    {
        op: 'redeem',
        summary: 'Reconverts local currency to euros: the fee to the fee account, the rest burned',
        fields: [f('asset', 'symbol', true), f('amount', 'amount', true), f('payout_ref', 'hex32', true)],
    },
    {
        op: 'reserve_declare',
        summary: 'Declares the guarantee fund\'s balance with its bank statement\'s hash',
        fields: [f('asset', 'symbol', true), f('reserve', 'amount', true), f('doc_hash', 'hex32', true)],
    },
    {
        op: 'pledge',
        summary: 'Pledges units of the signer\'s holding to a beneficiary.',
        fields: [
            f('asset', 'symbol', true),
            f('amount', 'amount', true),
            f('beneficiary', 'address', true),
            f('doc_hash', 'hex32', true),
        ],
    },
    {op: 'pledge_release', summary: 'Ends a pledge: its units are unlocked for the holder.', fields: BY_TEXT_ID},
    {
        op: 'pledge_enforce',
        summary: 'Enforces a pledge: its units move to the beneficiary.',
        fields: [f('id', 'text', true), f('legal_ref', 'hex32', true)],
    },
    {
        op: 'vote_create',
        summary: 'Opens a holder vote on an asset.',
        fields: [
            f('asset', 'symbol', true),
            f('question_hash', 'hex32', true),
            f('options', 'unsigned_integer', true),
            f('weighting', 'name', true),
            f('snapshot_height', 'unsigned_integer', true),
            f('close_height', 'unsigned_integer', true),
            f('quorum_bps', 'unsigned_integer', true),
            f('majority_bps', 'unsigned_integer', true),
        ],
    },
    {
        op: 'vote_cast',
        summary: 'Casts the signer\'s one ballot in a holder vote.',
        fields: [f('id', 'text', true), f('option', 'unsigned_integer', true)],
    },
    {
        op: 'dvp',
        summary: 'Swaps units of two assets between the signer and a counterparty: both legs or neither.',
        fields: [f('counterparty', 'address', true), f('give', 'object', true, LEG), f('get', 'object', true, LEG)],
    },
];

/** The values of the instruments' `name` fields, by field. */
export const INSTRUMENT_NAME_VALUES: Readonly<Record<string, readonly string[]>> = {
    schedule: ['constant', 'annuity', 'bullet'],
    kind: ['dividend', 'royalty'],
    weighting: ['units', 'holders'],
    redeem_by: ['merchants', 'all'],
};

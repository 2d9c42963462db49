// The JSON form of each core op as data, row for row the table of chain/op_fields.cpp (the node's source of
// truth, which docs/ops.md is generated from). test/op_table.test.ts reads the C++ table and fails when the
// two differ, so a field added to the node cannot be missed here.
//
// `checkOp` applies a row the way the node's check_op_fields does: an unknown field, a field of the wrong
// kind or a missing required field is refused with INVALID_ARGUMENT naming its path ("to[1].amount:
// missing"). The kinds' formats (address checksum, symbol, decimal amount, 64 hex) are checked too, with the
// node's reasons (BAD_ADDRESS, BAD_SYMBOL, BAD_AMOUNT). Value rules a row cannot say (ranges, which freeze
// target a combination means, recipients bound) stay with the node.
import {isAddress} from './address.js';
import {inputError} from './errors.js';
import {INSTRUMENT_NAME_VALUES, INSTRUMENT_OP_TABLE} from './instrument_op_table.js';

export type FieldKind = 'text'|'unsigned_integer'|'boolean'|'address'|'symbol'|'amount'|'hex32'|'name'|'object'|
    'array'|'instrument_id';

export interface FieldSpec {
    readonly name: string;
    readonly kind: FieldKind;
    readonly required: boolean;
    readonly members?: readonly FieldSpec[];
}

export interface OpSpec {
    readonly op: string;
    readonly summary: string;
    readonly fields: readonly FieldSpec[];
}

const f = (name: string, kind: FieldKind, required: boolean, members?: readonly FieldSpec[]): FieldSpec =>
    members === undefined ? {name, kind, required} : {name, kind, required, members};

const ROLE_FIELDS = [f('account', 'address', true), f('role', 'name', true), f('asset', 'symbol', false)];
const FREEZE_FIELDS =
    [f('account', 'address', false), f('asset', 'symbol', false), f('amount', 'amount', false)];
const POLICY_FIELDS = [
    f('kyc_min_level', 'unsigned_integer', false),
    f('max_holders', 'unsigned_integer', false),
    f('transferable', 'boolean', false),
];
const RECIPIENT_FIELDS = [f('account', 'address', true), f('amount', 'amount', true)];
const VALIDATOR_FIELDS = [
    f('name', 'text', true),
    f('consensus_pubkey', 'hex32', true),
    f('p2p_pubkey', 'hex32', true),
    f('power', 'unsigned_integer', true),
];
const WEIGHTED_KEY_FIELDS = [f('pubkey', 'hex32', true), f('weight', 'unsigned_integer', false)];

/** One row per core op, in tag order (tag = index + 1). */
export const OP_TABLE: readonly OpSpec[] = [
    {
        op: 'account_register',
        summary: 'registers an account by its first key',
        fields: [f('pubkey', 'hex32', true), f('account', 'address', false)],
    },
    {
        op: 'kyc_attest',
        summary: 'records (or replaces) an account\'s KYC attestation',
        fields: [
            f('account', 'address', true),
            f('level', 'unsigned_integer', true),
            f('category', 'text', true),
            f('expires_ms', 'unsigned_integer', true),
            f('doc_hash', 'hex32', true),
        ],
    },
    {
        op: 'key_rotate',
        summary: 'replaces the signer\'s key, or recovers a lost account\'s',
        fields:
            [f('new_pubkey', 'hex32', true), f('account', 'address', false), f('legal_ref', 'hex32', false)],
    },
    {
        op: 'role_grant',
        summary: 'grants a role, chain-wide or issuer rights on one asset',
        fields: ROLE_FIELDS
    },
    {op: 'role_revoke', summary: 'revokes a role', fields: ROLE_FIELDS},
    {
        op: 'asset_create',
        summary: 'creates an asset; the signer becomes its issuer',
        fields: [
            f('symbol', 'symbol', true),
            f('class', 'name', true),
            f('decimals', 'unsigned_integer', true),
            f('max_supply', 'amount', true),
            f('metadata_hash', 'hex32', false),
            f('policy', 'object', false, POLICY_FIELDS),
        ],
    },
    {
        op: 'issue',
        summary: 'issues units of an asset to recipients',
        fields: [f('asset', 'symbol', true), f('to', 'array', true, RECIPIENT_FIELDS)],
    },
    {
        op: 'transfer',
        summary: 'moves units from the signer to an account',
        fields: [f('asset', 'symbol', true), f('to', 'address', true), f('amount', 'amount', true)],
    },
    {
        op: 'burn',
        summary: 'destroys units of the signer\'s holding',
        fields: [f('asset', 'symbol', true), f('amount', 'amount', true)],
    },
    {op: 'freeze', summary: 'freezes an account, an asset, or part of a holding', fields: FREEZE_FIELDS},
    {op: 'unfreeze', summary: 'lifts a freeze (same fields as freeze)', fields: FREEZE_FIELDS},
    {
        op: 'forced_transfer',
        summary: 'moves units between two holders by legal order',
        fields: [
            f('asset', 'symbol', true),
            f('from', 'address', true),
            f('to', 'address', true),
            f('amount', 'amount', true),
            f('legal_ref', 'hex32', true),
        ],
    },
    {
        op: 'param_update',
        summary: 'sets a chain parameter (block limits and timings within their bounds)',
        fields: [f('name', 'text', true), f('value', 'unsigned_integer', true)],
    },
    {
        op: 'validator_set_update',
        summary: 'replaces the validator set from two blocks after this one',
        fields: [f('validators', 'array', true, VALIDATOR_FIELDS)],
    },
    {
        op: 'key_set_update',
        summary: 'replaces the signer\'s keys by a weighted key set with a threshold',
        fields: [f('keys', 'array', true, WEIGHTED_KEY_FIELDS), f('threshold', 'unsigned_integer', true)],
    },
];

/** The row of a core op (OP_TABLE) or an instrument op (INSTRUMENT_OP_TABLE). */
export function findOpSpec(op: string): OpSpec|undefined {
    return OP_TABLE.find((s) => s.op === op) ?? INSTRUMENT_OP_TABLE.find((s) => s.op === op);
}

/** The values `name` fields take, by field (role_grant.role, asset_create.class, minibond_terms.schedule...). */
export const NAME_VALUES: Readonly<Record<string, readonly string[]>> = {
    role: ['operator', 'registrar', 'issuer'],
    class: ['equity', 'minibond', 'royalty', 'currency', 'other'],
    ...INSTRUMENT_NAME_VALUES,
};

const SYMBOL = /^[A-Z0-9.-]{1,12}$/;
const AMOUNT = /^[0-9]+(\.[0-9]{1,18})?$/;
const HEX32 = /^[0-9a-fA-F]{64}$/;
const INSTRUMENT_ID = /^[0-9a-f]{32}$/;

function isUnsignedInteger(v: unknown): boolean {
    if (typeof v === 'bigint') return v >= 0n && v < 1n << 64n;
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function checkValue(value: unknown, field: FieldSpec, path: string, op: string): void {
    const bad = (why: string) => inputError('INVALID_ARGUMENT', path, why);
    switch (field.kind) {
        case 'unsigned_integer':
            if (!isUnsignedInteger(value)) throw bad('must be a non-negative integer');
            return;
        case 'boolean':
            if (typeof value !== 'boolean') throw bad('must be true or false');
            return;
        case 'object':
            if (typeof value !== 'object' || value === null || Array.isArray(value))
                throw bad('must be an object');
            checkMembers(value as Record<string, unknown>, field.members ?? [], path, op, false);
            return;
        case 'array':
            if (!Array.isArray(value)) throw bad('must be an array of objects');
            value.forEach((item: unknown, i) => {
                const itemPath = `${path}[${i}]`;
                if (typeof item !== 'object' || item === null || Array.isArray(item)) {
                    throw inputError('INVALID_ARGUMENT', itemPath, 'must be an object');
                }
                checkMembers(item as Record<string, unknown>, field.members ?? [], itemPath, op, false);
            });
            return;
        default:
            break;
    }
    if (typeof value !== 'string') throw bad(`must be ${stringKindText(field.kind)}`);
    switch (field.kind) {
        case 'address':
            if (!isAddress(value))
                throw inputError('BAD_ADDRESS', path, `not a folio address: ${JSON.stringify(value)}`);
            return;
        case 'symbol':
            if (!SYMBOL.test(value)) throw inputError('BAD_SYMBOL', path, 'must be 1 to 12 of A-Z 0-9 . -');
            return;
        case 'amount':
            if (!AMOUNT.test(value)) {
                throw inputError('BAD_AMOUNT', path, 'must be a decimal string such as "100" or "12.50"');
            }
            return;
        case 'hex32':
            if (!HEX32.test(value)) throw bad('must be 64 hex characters (a string)');
            return;
        case 'instrument_id':
            if (!INSTRUMENT_ID.test(value)) throw bad('must be 32 lowercase hex characters (an instrument id)');
            return;
        case 'name': {
            const allowed = NAME_VALUES[field.name];
            if (allowed !== undefined && !allowed.includes(value))
                throw bad(`must be one of ${allowed.join(', ')}`);
            return;
        }
        default:
            return;
    }
}

function stringKindText(kind: FieldKind): string {
    switch (kind) {
        case 'address':
            return 'a folio address (a string)';
        case 'symbol':
            return 'an asset symbol (a string)';
        case 'amount':
            return 'a decimal string';
        case 'hex32':
            return '64 hex characters (a string)';
        case 'instrument_id':
            return '32 lowercase hex characters (a string)';
        case 'name':
            return 'a name (a string)';
        default:
            return 'a string';
    }
}

function checkMembers(
    object: Record<string, unknown>, fields: readonly FieldSpec[], prefix: string, op: string, top: boolean) {
    const join = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
    for (const [key, value] of Object.entries(object)) {
        if (top && key === 'op') continue;
        if (value === undefined) continue;  // an optional field left unset in a builder call
        const field = fields.find((x) => x.name === key);
        if (field === undefined) throw inputError('INVALID_ARGUMENT', join(key), `unknown field of op ${op}`);
        checkValue(value, field, join(key), op);
    }
    for (const field of fields) {
        if (field.required && object[field.name] === undefined) {
            throw inputError('INVALID_ARGUMENT', join(field.name), 'missing');
        }
    }
}

/** Checks one op against its row; `path` prefixes field names in errors ("ops[2]"). Changes nothing. */
export function checkOp(op: unknown, path = ''): void {
    const at = (name: string) => (path === '' ? name : `${path}.${name}`);
    if (typeof op !== 'object' || op === null || Array.isArray(op)) {
        throw inputError('INVALID_ARGUMENT', path === '' ? 'op' : path, 'an op must be a JSON object');
    }
    const name = (op as Record<string, unknown>)['op'];
    if (typeof name !== 'string') throw inputError('INVALID_ARGUMENT', at('op'), 'missing');
    const spec = findOpSpec(name);
    if (spec === undefined) throw inputError('UNKNOWN_OP', at('op'), `unknown op ${JSON.stringify(name)}`);
    checkMembers(op as Record<string, unknown>, spec.fields, path, spec.op, true);
}

// OP_TABLE against the node's op table (chain/op_fields.cpp, rendered as docs/ops-schema.json beside
// docs/ops.md): same ops in tag order, same fields, kinds, required flags and members. A field added to the
// node fails this test until the client knows it. Then the builders refuse what the node's check_op_fields refuses, naming the field.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, test} from 'node:test';

import {checkOp, FieldSpec, INSTRUMENT_OP_TABLE, Key, NAME_VALUES, OP_TABLE, ops} from '../src/index.js';

import {repoDir} from './helpers/paths.js';

interface TableField {
    name: string;
    kind: string;
    required: boolean;
    members?: TableField[];
}

interface Schema {
    title?: string;
    description?: string;
    properties?: Record<string, Schema>;
    required?: string[];
    items?: Schema;
    'x-folio-kind'?: string;
}

// The fields of an object schema, by name (JSON objects keep no order).
function fieldsOf(schema: Schema): TableField[] {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {})
        .filter(([name]) => name !== 'op')
        .map(([name, s]) => {
            const kind = s['x-folio-kind'];
            assert.ok(kind, `${name}: no x-folio-kind in docs/ops-schema.json`);
            const inner = kind === 'array' ? s.items : kind === 'object' ? s : undefined;
            return {name, kind, required: required.has(name), ...(inner ? {members: fieldsOf(inner)} : {})};
        })
        .sort((a, b) => a.name.localeCompare(b.name));
}

// docs/ops-schema.json: the node's op table as JSON Schemas, generated from chain/op_fields.cpp and kept in
// sync by the node's rpc_doc tests.
function nodeTable(): {op: string; summary: string; fields: TableField[]}[] {
    const text = readFileSync(join(repoDir, 'docs', 'ops-schema.json'), 'utf8');
    const schemas = (JSON.parse(text) as {oneOf: Schema[]}).oneOf;
    return schemas.map((s) => {
        const description = s.description ?? '';
        const cut = description.indexOf('. Signed by ');
        assert.ok(s.title && cut >= 0, `unexpected op schema ${JSON.stringify(s).slice(0, 80)}`);
        return {op: s.title, summary: description.slice(0, cut), fields: fieldsOf(s)};
    });
}

function plain(fields: readonly FieldSpec[]): TableField[] {
    return fields
        .map((f) => ({
                 name: f.name,
                 kind: f.kind,
                 required: f.required,
                 ...(f.members === undefined ? {} : {members: plain(f.members)})
             }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

describe('OP_TABLE mirrors the node\'s op table (docs/ops-schema.json)', () => {
    // The node lists its core ops first, in tag order, then the instruments' ops (contracts/): OP_TABLE
    // holds the core rows, INSTRUMENT_OP_TABLE the others.
    const node = nodeTable().slice(0, OP_TABLE.length);

    test('the same ops, in tag order', () => {
        assert.ok(node.length >= 13, `parsed only ${node.length} ops`);
        assert.deepEqual(OP_TABLE.map((s) => s.op), node.map((s) => s.op));
    });

    test('the same summary and fields for every op', () => {
        for (const [i, spec] of OP_TABLE.entries()) {
            assert.equal(spec.summary, node[i]!.summary, `${spec.op}: summary`);
            assert.deepEqual(plain(spec.fields), node[i]!.fields, `${spec.op}: fields`);
        }
    });
});

// The enum of a `name` field in docs/ops-schema.json, by op and field.
function nodeNames(): Map<string, string[]> {
    const text = readFileSync(join(repoDir, 'docs', 'ops-schema.json'), 'utf8');
    const out = new Map<string, string[]>();
    for (const s of (JSON.parse(text) as {oneOf: (Schema & {properties: Record<string, {enum?: string[]}>})[]}).oneOf) {
        for (const [name, p] of Object.entries(s.properties)) {
            if (p.enum !== undefined && name !== 'op') out.set(`${s.title}.${name}`, p.enum);
        }
    }
    return out;
}

describe('INSTRUMENT_OP_TABLE mirrors the instruments\' ops of the node (docs/ops-schema.json)', () => {
    const node = nodeTable().slice(OP_TABLE.length);

    test('every instrument op of the node, in its order, and no other', () => {
        assert.ok(node.length >= 20, `parsed only ${node.length} instrument ops`);
        assert.deepEqual(INSTRUMENT_OP_TABLE.map((s) => s.op), node.map((s) => s.op));
    });

    test('the same summary and fields for every instrument op', () => {
        for (const [i, spec] of INSTRUMENT_OP_TABLE.entries()) {
            assert.equal(spec.summary, node[i]!.summary, `${spec.op}: summary`);
            assert.deepEqual(plain(spec.fields), node[i]!.fields, `${spec.op}: fields`);
        }
    });

    test('the values of every name field are the node\'s', () => {
        for (const [key, values] of nodeNames()) {
            const field = key.slice(key.indexOf('.') + 1);
            assert.deepEqual(NAME_VALUES[field], values, key);
        }
    });

    test('every instrument op has a typed builder that gives its JSON form', () => {
        const builders = ops as unknown as Record<string, unknown>;
        for (const spec of INSTRUMENT_OP_TABLE) {
            const name = spec.op.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
            assert.equal(typeof builders[name], 'function', `ops.${name} for ${spec.op}`);
        }
    });
});

describe('instrument builders check their fields as the node does', () => {
    const investor = Key.generate().address;
    const id = 'ab'.repeat(16);

    test('a builder gives the op name, the fields set, and times from a Date', () => {
        const terms = {
            asset: 'BOND',
            currency: 'EUR',
            nominal: '100.00',
            rate_bps: 700,
            schedule: 'annuity',
            period_months: 1,
            instalments: 12,
        } as const;
        assert.deepEqual(
            ops.minibondTerms({...terms, deferral: undefined, first_due_ms: new Date(Date.UTC(2027, 0, 1))}),
            {op: 'minibond_terms', ...terms, first_due_ms: 1798761600000});
        assert.deepEqual(ops.couponClaim({asset: 'BOND', instalment: 3}), {op: 'coupon_claim', asset: 'BOND', instalment: 3});
        assert.deepEqual(ops.transferCancel({id}), {op: 'transfer_cancel', id});
        assert.deepEqual(
            ops.campaignSubscribe({id, currency: 'EUR', amount: '250.00'}),
            {op: 'campaign_subscribe', id, currency: 'EUR', amount: '250.00'});
    });

    test('a missing field, a bad id, a name outside its set and a bad address are refused', () => {
        assert.throws(
            () => checkOp({op: 'coupon_pay', asset: 'BOND', instalment: 1}),
            {reason: 'INVALID_ARGUMENT', message: 'record_height: missing'});
        assert.throws(
            () => ops.transferApprove({id: 'AB'.repeat(16)}),
            {reason: 'INVALID_ARGUMENT', message: /^id: must be 32 lowercase hex/});
        assert.throws(
            () => checkOp({op: 'distribute', asset: 'A', currency: 'EUR', kind: 'bonus', record_height: 1, expires_ms: 1}),
            {reason: 'INVALID_ARGUMENT', message: /^kind: must be one of dividend, royalty/});
        assert.throws(
            () => ops.transferRequest({asset: 'ACME', to: investor.slice(0, -1), amount: '1', expires_ms: 1}),
            {reason: 'BAD_ADDRESS'});
        assert.throws(
            () => checkOp({op: 'vote_cast', id, option: 1, weight: 2}),
            {reason: 'INVALID_ARGUMENT', message: 'weight: unknown field of op vote_cast'});
    });
});

describe('builders refuse what the node refuses, naming the field', () => {
    const investor = Key.generate().address;

    test('a builder gives the JSON form with the op name and only the fields set', () => {
        assert.deepEqual(
            ops.transfer({asset: 'ACME', to: investor, amount: '10'}),
            {op: 'transfer', asset: 'ACME', to: investor, amount: '10'});
        assert.deepEqual(
            ops.roleGrant({account: investor, role: 'issuer', asset: undefined}),
            {op: 'role_grant', account: investor, role: 'issuer'});
    });

    test('a key set and a validator set are built with their members checked', () => {
        const pubkey = '11'.repeat(32);
        assert.deepEqual(
            ops.keySetUpdate({keys: [{pubkey, weight: 2}, {pubkey: '22'.repeat(32)}], threshold: 2}),
            {op: 'key_set_update', keys: [{pubkey, weight: 2}, {pubkey: '22'.repeat(32)}], threshold: 2});
        assert.throws(
            () => ops.keySetUpdate({keys: [{pubkey, weight: '1' as unknown as number}], threshold: 1}),
            {reason: 'INVALID_ARGUMENT', message: 'keys[0].weight: must be a non-negative integer'});
        const member = {name: 'bank', consensus_pubkey: pubkey, p2p_pubkey: '22'.repeat(32), power: 1};
        assert.deepEqual(
            ops.validatorSetUpdate({validators: [member]}), {op: 'validator_set_update', validators: [member]});
        assert.throws(
            () => checkOp({op: 'validator_set_update', validators: [{...member, p2p: 'x'}]}),
            {reason: 'INVALID_ARGUMENT', message: 'validators[0].p2p: unknown field of op validator_set_update'});
    });

    test('expires_ms takes a Date as milliseconds since the epoch', () => {
        const when = new Date(Date.UTC(2030, 0, 1));
        const op = ops.kycAttest(
            {account: investor, level: 1, category: 'retail', expires_ms: when, doc_hash: '11'.repeat(32)});
        assert.equal(op.expires_ms, 1893456000000);
    });

    test('an unknown field is INVALID_ARGUMENT naming it', () => {
        assert.throws(() => checkOp({op: 'freeze', assets: 'ACME'}, 'ops[0]'), {
            name: 'FolioError',
            reason: 'INVALID_ARGUMENT',
            code: -32602,
            message: 'ops[0].assets: unknown field of op freeze'
        });
    });

    test('a missing field inside an array item is named with its path', () => {
        assert.throws(
            () => checkOp(
                {op: 'issue', asset: 'ACME', to: [{account: investor, amount: '1'}, {account: investor}]}),
            {reason: 'INVALID_ARGUMENT', message: 'to[1].amount: missing'});
    });

    test('a field of the wrong kind is refused', () => {
        assert.throws(
            () => checkOp({
                op: 'asset_create',
                symbol: 'A',
                class: 'equity',
                decimals: 0,
                max_supply: '1',
                policy: {max_holders: '5'}
            }),
            {reason: 'INVALID_ARGUMENT', message: 'policy.max_holders: must be a non-negative integer'});
        assert.throws(
            () => checkOp({op: 'transfer', asset: 'ACME', to: investor, amount: 10}),
            {reason: 'INVALID_ARGUMENT', message: 'amount: must be a decimal string'});
    });

    test('a bad address, symbol or amount gets the node\'s reason', () => {
        const typo = investor.slice(0, -1) + (investor.endsWith('q') ? 'p' : 'q');
        assert.throws(
            () => ops.transfer({asset: 'ACME', to: typo, amount: '1'}),
            {reason: 'BAD_ADDRESS', message: /^to: /});
        assert.throws(() => ops.transfer({asset: 'acme', to: investor, amount: '1'}), {reason: 'BAD_SYMBOL'});
        assert.throws(
            () => ops.transfer({asset: 'ACME', to: investor, amount: '1.'}), {reason: 'BAD_AMOUNT'});
        assert.throws(
            () => ops.transfer({asset: 'ACME', to: investor, amount: '-1'}), {reason: 'BAD_AMOUNT'});
    });

    test('an unknown op is UNKNOWN_OP; a role or class outside its set is refused', () => {
        assert.throws(() => checkOp({op: 'mint_units'}), {reason: 'UNKNOWN_OP'});
        assert.throws(
            () => checkOp({op: 'role_grant', account: investor, role: 'admin'}),
            {reason: 'INVALID_ARGUMENT', message: /^role: must be one of operator, registrar, issuer/});
    });

    test('a u64 beyond 2^53 is taken as a bigint', () => {
        assert.deepEqual(
            ops.paramUpdate({name: 'x', value: 2n ** 60n}),
            {op: 'param_update', name: 'x', value: 2n ** 60n});
        assert.throws(() => ops.paramUpdate({name: 'x', value: 2n ** 64n}), {reason: 'INVALID_ARGUMENT'});
        assert.throws(() => ops.paramUpdate({name: 'x', value: 2 ** 60}), {reason: 'INVALID_ARGUMENT'});
    });
});

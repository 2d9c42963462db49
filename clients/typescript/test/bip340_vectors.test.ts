// The official BIP340 vectors (../shared/vectors/bip340-test-vectors.csv) through this package's Key and
// verifySignature: the signatures the client makes are the ones the node verifies.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';

import {fromHex, Key, verifySignature} from '../src/index.js';

import {sharedDir} from './helpers/paths.js';

interface Vector {
    index: string;
    secret: string;
    pubkey: string;
    aux: string;
    message: string;
    signature: string;
    valid: boolean;
}

function vectors(): Vector[] {
    const path = join(sharedDir, 'vectors', 'bip340-test-vectors.csv');
    const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
    return lines.map((line) => {
        const c = line.split(',');
        return {
            index: c[0]!,
            secret: c[1]!,
            pubkey: c[2]!,
            aux: c[3]!,
            message: c[4]!,
            signature: c[5]!,
            valid: c[6] === 'TRUE'
        };
    });
}

test('every official vector signs to its signature with its aux_rand', () => {
    let signed = 0;
    for (const v of vectors().filter((x) => x.secret !== '')) {
        const key = Key.fromSecretHex(v.secret);
        assert.equal(key.pubkey, v.pubkey.toLowerCase(), `vector ${v.index}: public key`);
        const sig = key.sign(fromHex(v.message, 'message'), fromHex(v.aux, 'aux'));
        assert.equal(sig.signature, v.signature.toLowerCase(), `vector ${v.index}: signature`);
        ++signed;
    }
    assert.ok(signed >= 8, `only ${signed} signing vectors`);
});

test('every official vector verifies to its expected result', () => {
    const all = vectors();
    assert.ok(all.length >= 19, `only ${all.length} vectors`);
    for (const v of all) {
        assert.equal(
            verifySignature(v.signature, fromHex(v.message, 'message'), v.pubkey), v.valid,
            `vector ${v.index}`);
    }
});

test('a fresh key signs a sighash that verifies, and not another', () => {
    const key = Key.generate();
    const sighash = 'ab'.repeat(32);
    const sig = key.sign(sighash);
    assert.equal(sig.pubkey, key.pubkey);
    assert.ok(verifySignature(sig.signature, sighash, key.pubkey));
    assert.ok(!verifySignature(sig.signature, 'ac'.repeat(32), key.pubkey));
});

test('fresh signatures use fresh randomness', () => {
    const key = Key.generate();
    assert.notEqual(key.sign('00'.repeat(32)).signature, key.sign('00'.repeat(32)).signature);
});

test('a secret key of zero or not below the curve order is refused', () => {
    assert.throws(() => Key.fromSecretHex('00'.repeat(32)), {name: 'FolioError', reason: 'INVALID_ARGUMENT'});
    assert.throws(() => Key.fromSecretHex('ff'.repeat(32)), {name: 'FolioError', reason: 'INVALID_ARGUMENT'});
    assert.throws(() => Key.fromSecretHex('03'), {name: 'FolioError', reason: 'INVALID_ARGUMENT'});
});

// docs/encoding.md's worked example, whose values a C++ test checks against the node's code: the client
// derives the same addresses, sighash and signature, and its pre-signing checks accept that tx.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {test} from 'node:test';

import {addressOf, checkBuiltTx, decodeAddress, decodeTxHeader, fromHex, Key, taggedHash, toHex} from '../src/index.js';

import {encodingExample} from './helpers/docs.js';

const ex = encodingExample();
const signer = Key.fromSecretHex('00'.repeat(31) + '03');
const receiver = Key.fromSecretHex('00'.repeat(31) + '05');
const chainId = createHash('sha256').update('example chain').digest('hex');
const built = {
    tx: ex['unsigned_tx']!,
    sighash: ex['sighash']!,
    nonce: 7,
    valid_until_height: 1000
};

test('the worked example is in docs/encoding.md', () => {
    for (const name
             of ['signer_pubkey', 'signer_address', 'receiver_address', 'chain_id', 'unsigned_tx', 'sighash',
                 'signature', 'signed_tx']) {
        assert.ok(ex[name], `example:${name} missing`);
    }
});

test('keys and addresses match the example', () => {
    assert.equal(signer.pubkey, ex['signer_pubkey']);
    assert.equal(signer.address, ex['signer_address']);
    assert.equal(addressOf(receiver.pubkey), ex['receiver_address']);
    assert.equal(chainId, ex['chain_id']);
});

test('the sighash is the folio/tx tagged hash of the unsigned tx', () => {
    assert.equal(toHex(taggedHash('folio/tx', fromHex(built.tx, 'tx'))), ex['sighash']);
});

test('the header decodes to the example fields', () => {
    const h = decodeTxHeader(fromHex(built.tx, 'tx'));
    assert.equal(h.version, 1);
    assert.equal(h.chainId, chainId);
    assert.deepEqual(h.signer, decodeAddress(signer.address));
    assert.equal(h.nonce, 7n);
    assert.equal(h.validUntilHeight, 1000n);
});

test('signing the checked sighash with zero aux_rand gives the example signature', () => {
    const sighash = checkBuiltTx(built, {signer: decodeAddress(signer.address), chainId});
    assert.equal(signer.sign(sighash, new Uint8Array(32)).signature, ex['signature']);
    assert.equal(ex['signed_tx'], `${built.tx}01${signer.pubkey}${ex['signature']}`);
});

test('a sighash that is not the hash of the tx is refused before signing', () => {
    const wrong = {...built, sighash: '00'.repeat(32)};
    assert.throws(
        () => checkBuiltTx(wrong, {signer: decodeAddress(signer.address)}),
        {name: 'FolioError', reason: 'DECODE_ERROR', source: 'client'});
});

test('a tx for another signer, chain, nonce or expiry is refused before signing', () => {
    const id = decodeAddress(signer.address);
    assert.throws(() => checkBuiltTx(built, {signer: decodeAddress(receiver.address)}), /another signer/);
    assert.throws(() => checkBuiltTx(built, {signer: id, chainId: '11'.repeat(32)}), /for chain/);
    assert.throws(() => checkBuiltTx({...built, nonce: 8}, {signer: id}), /nonce/);
    assert.throws(
        () => checkBuiltTx({...built, valid_until_height: 999}, {signer: id}), /valid_until_height/);
    assert.throws(
        () => checkBuiltTx({...built, tx: built.tx.slice(0, 100)}, {signer: id}), /sighash|shorter/);
});

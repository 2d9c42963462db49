// Addresses: bech32m (BIP350) with prefix "folio" over the 32-byte account id (chain/crypto/bech32m.h).
import {bech32, bech32m} from '@scure/base';
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {accountIdHex, addressOf, decodeAddress, encodeAddress, isAddress, Key, normalizeAddress} from '../src/index.js';

import {encodingExample} from './helpers/docs.js';

const good = encodingExample()['signer_address']!;

test('a well-formed address decodes to its 32-byte account id and back', () => {
    assert.ok(isAddress(good));
    assert.equal(encodeAddress(decodeAddress(good)), good);
    assert.equal(accountIdHex(good).length, 64);
});

test('the address of a key is that of the account id its first key gives', () => {
    const key = Key.generate();
    assert.equal(key.address, addressOf(key.pubkey));
    assert.ok(key.address.startsWith('folio1'));
});

test('one mistyped character fails the checksum', () => {
    const i = 20;
    const typo = good.slice(0, i) + (good[i] === 'q' ? 'p' : 'q') + good.slice(i + 1);
    assert.ok(!isAddress(typo));
    assert.throws(
        () => decodeAddress(typo, 'to'),
        {name: 'FolioError', reason: 'BAD_ADDRESS', code: -32000, message: /^to: /});
});

test('all uppercase is accepted and normalized to lowercase; mixed case is refused', () => {
    assert.ok(isAddress(good.toUpperCase()));
    assert.equal(normalizeAddress(good.toUpperCase()), good);
    assert.ok(!isAddress(good.slice(0, 10) + good.slice(10).toUpperCase()));
});

test('another prefix, the bech32 (not m) checksum, or another length is refused', () => {
    const id = decodeAddress(good);
    assert.ok(!isAddress(good.replace(/^folio1/, 'bc1')));
    assert.ok(!isAddress(bech32.encode('folio', bech32.toWords(id))));
    assert.ok(!isAddress(encodeAddressOfLength(31)));
    assert.ok(!isAddress(encodeAddressOfLength(33)));
    assert.ok(!isAddress(''));
    assert.ok(!isAddress(42 as unknown as string));
});

function encodeAddressOfLength(n: number): string {
    return bech32m.encode('folio', bech32m.toWords(new Uint8Array(n)), 90);
}

'use strict';
// Checking a proof_holding answer in the page (docs/explorer.md): the encodings of chain/block.h,
// chain/state.h and chain/state_proof.h read again here, and every hash recomputed with WebCrypto's SHA-256.
// Nothing of the node's answer is believed but its raw bytes: the header is decoded and hashed, the
// certificate must be for that hash with BIP340 precommits (bip340.js) of more than 2/3 of the power of the
// validator set served by validators_at, which must hash to the header's validators_hash; the state keys are
// rebuilt from the symbol and the address, and each Merkle path must end at the header's state_root.
//
// What the page does not check, and folio-wallet verify-holding does: the chain of validator sets from a
// genesis pinned by the user (the page takes the set of the height from the node, bound to the header by its
// hash).
const FolioProof = (() => {
  class ProofError extends Error {}

  const utf8 = new TextEncoder();

  function hexToBytes(hex, field) {
    if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
      throw new ProofError(field + ': not hex');
    }
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }

  function bytesToHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  // H(tag, m) = SHA256(SHA256(tag) || SHA256(tag) || m) (chain/crypto/hash.h).
  const tagPrefixes = new Map();
  async function taggedHash(tag, ...parts) {
    let prefix = tagPrefixes.get(tag);
    if (!prefix) {
      const t = await sha256(utf8.encode(tag));
      prefix = concat(t, t);
      tagPrefixes.set(tag, prefix);
    }
    return sha256(concat(prefix, ...parts));
  }

  // Canonical little-endian integers, minimal LEB128 varints and bounded strings (chain/encoding.h).
  class Reader {
    constructor(bytes, what) {
      this.bytes = bytes;
      this.at = 0;
      this.what = what;
    }
    fail(field, why) {
      throw new ProofError(this.what + '.' + field + ': ' + why + ' at offset ' + this.at);
    }
    take(field, n) {
      if (this.at + n > this.bytes.length) this.fail(field, 'truncated');
      const out = this.bytes.subarray(this.at, this.at + n);
      this.at += n;
      return out;
    }
    u8(field) {
      return this.take(field, 1)[0];
    }
    uint(field, n) {
      const b = this.take(field, n);
      let v = 0n;
      for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
      return v;
    }
    version(field, expected) {
      const v = this.u8(field);
      if (v !== expected) this.fail(field, 'version ' + v + ', expected ' + expected);
    }
    varint(field, max) {
      let v = 0n;
      for (let i = 0; i < 10; i++) {
        const b = this.u8(field);
        v |= BigInt(b & 0x7f) << BigInt(7 * i);
        if ((b & 0x80) === 0) {
          if (b === 0 && i > 0) this.fail(field, 'non-minimal varint');
          if (v > max) this.fail(field, v + ' exceeds ' + max);
          return Number(v);
        }
      }
      this.fail(field, 'varint longer than 10 bytes');
    }
    finish() {
      if (this.at !== this.bytes.length) this.fail('end', (this.bytes.length - this.at) + ' trailing bytes');
    }
  }

  // header := u8 1, chain_id, u64 height, u64 time_ms, prev_hash, txs_root, results_root, state_root,
  //           validators_hash, proposer
  function decodeHeader(bytes) {
    const r = new Reader(bytes, 'header');
    r.version('version', 1);
    const h = { chainId: r.take('chain_id', 32), height: r.uint('height', 8), timeMs: r.uint('time_ms', 8) };
    for (const f of ['prevHash', 'txsRoot', 'resultsRoot', 'stateRoot', 'validatorsHash', 'proposer']) {
      h[f] = r.take(f, 32);
    }
    r.finish();
    return h;
  }

  // commit := u8 1, u64 height, u32 round, block_hash, varint n (<= 1024), n * (u16 index, fixed[64] sig)
  function decodeCommit(bytes) {
    const r = new Reader(bytes, 'commit');
    r.version('version', 1);
    const c = { height: r.uint('height', 8), round: r.uint('round', 4), blockHash: r.take('block_hash', 32) };
    const n = r.varint('count', 1024n);
    c.signers = [];
    for (let i = 0; i < n; i++) {
      const index = Number(r.uint('validator_index', 2));
      const signature = r.take('signature', 64);
      if (c.signers.length > 0 && index <= c.signers[c.signers.length - 1].index) {
        r.fail('validator_index', 'indices not strictly increasing');
      }
      c.signers.push({ index, signature });
    }
    r.finish();
    return c;
  }

  // state_proof := u8 1, varint count (<= 256), count * sibling, u8 end, [key_hash value_hash] iff end = 1
  function decodeStateProof(bytes) {
    const r = new Reader(bytes, 'state_proof');
    r.version('version', 1);
    const count = r.varint('count', 256n);
    const siblings = [];
    for (let i = 0; i < count; i++) siblings.push(r.take('sibling', 32));
    const end = r.u8('end');
    let leaf = null;
    if (end === 1) leaf = { keyHash: r.take('key_hash', 32), valueHash: r.take('value_hash', 32) };
    else if (end !== 0) r.fail('end', 'must be 0 or 1');
    r.finish();
    return { siblings, leaf };
  }

  function keyBit(keyHash, depth) {
    return (keyHash[depth >> 3] >> (7 - (depth & 7))) & 1;
  }

  function commonPrefixBits(a, b) {
    for (let d = 0; d < 256; d++) if (keyBit(a, d) !== keyBit(b, d)) return d;
    return 256;
  }

  // As verify_state_proof (chain/state_proof.cpp): valueHash null asks for a proof that the key holds nothing.
  async function verifyStateProof(root, keyHash, valueHash, proof) {
    const zero = new Uint8Array(32);
    const depth = proof.siblings.length;
    if (depth > 0 && equal(proof.siblings[depth - 1], zero)) return false;
    let h = zero;
    if (!proof.leaf) {
      if (valueHash || depth === 256) return false;
    } else {
      const leaf = proof.leaf;
      if (valueHash) {
        if (!equal(leaf.keyHash, keyHash) || !equal(leaf.valueHash, valueHash)) return false;
      } else if (equal(leaf.keyHash, keyHash) || commonPrefixBits(leaf.keyHash, keyHash) < depth) {
        return false;
      }
      h = await taggedHash('folio/state_leaf', leaf.keyHash, leaf.valueHash);
    }
    for (let d = depth - 1; d >= 0; d--) {
      h = keyBit(keyHash, d) ? await taggedHash('folio/state_node', proof.siblings[d], h)
                             : await taggedHash('folio/state_node', h, proof.siblings[d]);
    }
    return equal(h, root);
  }

  // BIP350 bech32m with prefix "folio" over a 32-byte account id (chain/crypto/bech32m.h).
  const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  function polymod(values) {
    const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i];
    }
    return chk >>> 0;
  }
  function accountIdOf(address) {
    if (typeof address !== 'string' || address.length > 90 || address !== address.toLowerCase()) {
      throw new ProofError('address: not a lowercase bech32m string');
    }
    const sep = address.lastIndexOf('1');
    const hrp = address.slice(0, sep);
    if (hrp !== 'folio') throw new ProofError('address: prefix is not folio');
    const data = [];
    for (const ch of address.slice(sep + 1)) {
      const v = CHARSET.indexOf(ch);
      if (v < 0) throw new ProofError('address: bad character');
      data.push(v);
    }
    const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
    if (data.length < 6 || polymod(expanded.concat(data)) !== 0x2bc830a3) {
      throw new ProofError('address: bad checksum');
    }
    let acc = 0, bits = 0;
    const out = [];
    for (const v of data.slice(0, -6)) {
      acc = (acc << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out.push((acc >> bits) & 0xff);
      }
    }
    if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0 || out.length !== 32) {
      throw new ProofError('address: not a 32-byte account id');
    }
    return Uint8Array.from(out);
  }

  function u32be(n) {
    return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
  function u64le(v) {
    const out = new Uint8Array(8);
    let x = BigInt(v);
    for (let i = 0; i < 8; i++, x >>= 8n) out[i] = Number(x & 0xffn);
    return out;
  }
  function varint(n) {
    const out = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      out.push(b);
    } while (n > 0);
    return Uint8Array.from(out);
  }

  // validators := u8 1, varint n, n * (bytes name, consensus_key, p2p_key, u64 power)
  function encodeValidators(validators) {
    const parts = [Uint8Array.of(1), varint(validators.length)];
    for (const v of validators) {
      const name = utf8.encode(v.name);
      parts.push(varint(name.length), name, hexToBytes(v.consensus_pubkey, 'consensus_pubkey'),
                 hexToBytes(v.p2p_pubkey, 'p2p_pubkey'), u64le(v.power));
    }
    return concat(...parts);
  }

  function formatUnits(units, decimals) {
    const s = units.toString().padStart(decimals + 1, '0');
    return decimals === 0 ? s : s.slice(0, s.length - decimals) + '.' + s.slice(s.length - decimals);
  }

  // One served {key, value, proof} checked against the state root; the value bytes when present.
  async function checkEntry(entry, expectedKey, stateRoot, name, steps) {
    if (!entry) throw new ProofError(name + ': missing');
    const key = hexToBytes(entry.key, name + '.key');
    if (!equal(key, expectedKey)) throw new ProofError(name + ': served key is not the key of this holding');
    const value = entry.value === null ? null : hexToBytes(entry.value, name + '.value');
    const proof = decodeStateProof(hexToBytes(entry.proof, name + '.proof'));
    const keyHash = await taggedHash('folio/state_key', key);
    const valueHash = value === null ? null : await taggedHash('folio/state_value', value);
    if (!(await verifyStateProof(stateRoot, keyHash, valueHash, proof))) {
      throw new ProofError(name + ': the Merkle path does not end at the state root');
    }
    steps.push(name + ': ' + (value === null ? 'absence' : 'value') + ' proven, path of ' + proof.siblings.length +
               ' hashes to the state root');
    return value;
  }

  // vote := H("folio/vote", chain_id, u64 height, u32 round, u8 type, block_hash); precommit is type 2.
  function u32le(n) {
    return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }

  // Checks a block's header and certificate as served (block_get or proof_holding: header_hex, commit_hex)
  // against the validator set of its height as validators_at gives it, and the chain id the page shows.
  // Returns {header, blockHash, signedPower, totalPower, steps}; throws ProofError naming the failed check.
  async function verifyCertificate(headerHex, commitHex, validators, chainId, height) {
    const steps = [];
    const headerBytes = hexToBytes(headerHex, 'header_hex');
    const header = decodeHeader(headerBytes);
    const blockHash = await taggedHash('folio/block', headerBytes);
    if (bytesToHex(header.chainId) !== chainId) throw new ProofError('header: another chain');
    if (height !== undefined && header.height !== BigInt(height)) {
      throw new ProofError('header: height ' + header.height + ', asked ' + height);
    }
    steps.push('header of block ' + header.height + ' decoded, hash ' + bytesToHex(blockHash));
    let signedPower = 0n, totalPower = 0n;
    if (header.height === 0n) {
      steps.push('block 0 (genesis): no certificate');
      return { header, blockHash, signedPower, totalPower, steps };
    }
    const set = await taggedHash('folio/validators', encodeValidators(validators));
    if (!equal(set, header.validatorsHash)) throw new ProofError('validators: the set does not hash to the header\'s validators_hash');
    if (commitHex === null || commitHex === undefined) throw new ProofError('commit: missing');
    const commit = decodeCommit(hexToBytes(commitHex, 'commit_hex'));
    if (commit.height !== header.height || !equal(commit.blockHash, blockHash)) {
      throw new ProofError('commit: the certificate is for another block');
    }
    const vote = await taggedHash('folio/vote', header.chainId, u64le(commit.height), u32le(Number(commit.round)),
                                  Uint8Array.of(2), blockHash);
    for (const v of validators) totalPower += BigInt(v.power);
    for (const { index, signature } of commit.signers) {
      if (index >= validators.length) throw new ProofError('commit: validator index ' + index + ' out of the set');
      const v = validators[index];
      if (!(await FolioBip340.verify(hexToBytes(v.consensus_pubkey, 'consensus_pubkey'), vote, signature))) {
        throw new ProofError('commit: the precommit of validator ' + v.name + ' does not verify');
      }
      signedPower += BigInt(v.power);
    }
    if (signedPower * 3n <= totalPower * 2n) {
      throw new ProofError('commit: precommits of ' + signedPower + ' of ' + totalPower + ' power, not more than 2/3');
    }
    steps.push('certificate: ' + commit.signers.length + ' BIP340 precommits verified, power ' + signedPower + ' of ' +
               totalPower);
    return { header, blockHash, signedPower, totalPower, steps };
  }

  // The holdings of one account at one height share a block: its certificate is checked once (a set of many
  // validators takes a while in BigInt). Keyed by the served bytes and the set, so other bytes are checked anew.
  const certificates = new Map();
  function cachedCertificate(headerHex, commitHex, validators, chainId, height) {
    const key = [headerHex, commitHex, JSON.stringify(validators), chainId, height].join('|');
    if (!certificates.has(key)) {
      if (certificates.size >= 64) certificates.clear();
      const checking = verifyCertificate(headerHex, commitHex, validators, chainId, height);
      checking.catch(() => certificates.delete(key));
      certificates.set(key, checking);
    }
    return certificates.get(key);
  }

  // Checks a proof_holding result for (address, symbol) at `height`, the validator set of that height as
  // validators_at gives it and the chain id the page shows. Returns {amount (display string), blockHash,
  // stateRoot, signedPower, totalPower, steps}; throws ProofError naming the check that failed.
  async function verifyHolding(result, { address, symbol, height, chainId, validators }) {
    const certificate = await cachedCertificate(result.header_hex, result.commit_hex, validators, chainId, height);
    const { header, blockHash, signedPower, totalPower } = certificate;
    const steps = [...certificate.steps];

    const entries = result.entries || {};
    const symbolValue = await checkEntry(entries.symbol, concat(Uint8Array.of(4), utf8.encode(symbol)),
                                         header.stateRoot, 'symbol', steps);
    if (symbolValue === null || symbolValue.length !== 4) throw new ProofError('symbol: no asset has this symbol');
    const assetId = Number(new Reader(symbolValue, 'symbol').uint('asset_id', 4));

    let decimals = result.decimals;
    if (entries.asset) {
      const assetValue = await checkEntry(entries.asset, concat(Uint8Array.of(3), u32be(assetId)), header.stateRoot,
                                          'asset', steps);
      if (assetValue === null) throw new ProofError('asset: record absent');
      const r = new Reader(assetValue, 'asset');
      r.version('version', 1);
      r.uint('id', 4);
      const name = r.take('symbol', r.varint('symbol length', 12n));
      r.u8('class');
      decimals = r.u8('decimals');
      if (new TextDecoder().decode(name) !== symbol) throw new ProofError('asset: record of another symbol');
    } else {
      steps.push('asset record not provable at this height: decimals as served (' + decimals + ')');
    }

    const balanceKey = concat(Uint8Array.of(5), u32be(assetId), accountIdOf(address));
    const balanceValue = await checkEntry(entries.balance, balanceKey, header.stateRoot, 'balance', steps);
    let amount = 0n;
    if (balanceValue !== null) {
      const r = new Reader(balanceValue, 'balance');
      r.version('version', 1);
      amount = r.uint('amount', 8);
      r.uint('locked', 8);
      r.uint('frozen', 8);
      r.finish();
    }
    return { amount: formatUnits(amount, decimals), blockHash: bytesToHex(blockHash),
             stateRoot: bytesToHex(header.stateRoot), signedPower, totalPower, steps };
  }

  return { ProofError, verifyCertificate, verifyHolding, hexToBytes, bytesToHex, accountIdOf };
})();

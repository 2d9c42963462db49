'use strict';
// BIP340 Schnorr verification over secp256k1 in plain JavaScript (BigInt), so that the page checks each
// precommit of a commit certificate itself: WebCrypto has no secp256k1. Written from the BIP340 text; only
// verification, on public data (no secret ever enters the page), so constant time does not matter.
// Checked against the official vectors by the CTest explorer_bip340_vectors (tests/explorer/).
const FolioBip340 = (() => {
  const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const G = [0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
             0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n, 1n];
  const INFINITY = [0n, 1n, 0n];

  const mod = (a, m = P) => {
    const r = a % m;
    return r >= 0n ? r : r + m;
  };
  function powMod(base, exp, m) {
    let r = 1n;
    let b = mod(base, m);
    for (let e = exp; e > 0n; e >>= 1n) {
      if (e & 1n) r = (r * b) % m;
      b = (b * b) % m;
    }
    return r;
  }

  // Jacobian coordinates (X, Y, Z) for x = X/Z^2, y = Y/Z^3; Z = 0 is the point at infinity. Curve a = 0.
  function double([x, y, z]) {
    if (z === 0n || y === 0n) return INFINITY;
    const a = mod(x * x), b = mod(y * y), c = mod(b * b);
    const d = mod(2n * (mod((x + b) * (x + b)) - a - c));
    const e = mod(3n * a), f = mod(e * e);
    const x3 = mod(f - 2n * d);
    return [x3, mod(e * (d - x3) - 8n * c), mod(2n * y * z)];
  }
  function add(p, q) {
    const [x1, y1, z1] = p, [x2, y2, z2] = q;
    if (z1 === 0n) return q;
    if (z2 === 0n) return p;
    const z1z1 = mod(z1 * z1), z2z2 = mod(z2 * z2);
    const u1 = mod(x1 * z2z2), u2 = mod(x2 * z1z1);
    const s1 = mod(y1 * z2 * z2z2), s2 = mod(y2 * z1 * z1z1);
    if (u1 === u2) return s1 === s2 ? double(p) : INFINITY;
    const h = mod(u2 - u1), i = mod(4n * h * h), j = mod(h * i);
    const r = mod(2n * (s2 - s1)), v = mod(u1 * i);
    const x3 = mod(r * r - j - 2n * v);
    return [x3, mod(r * (v - x3) - 2n * s1 * j), mod((mod((z1 + z2) * (z1 + z2)) - z1z1 - z2z2) * h)];
  }
  function multiply(point, k) {
    let r = INFINITY;
    for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
      r = double(r);
      if ((k >> i) & 1n) r = add(r, point);
    }
    return r;
  }
  function affine([x, y, z]) {
    if (z === 0n) return null;
    const zi = powMod(z, P - 2n, P), zi2 = mod(zi * zi);
    return [mod(x * zi2), mod(y * zi2 * zi)];
  }
  // The point with x and an even y, or null if x is not on the curve.
  function liftX(x) {
    if (x >= P) return null;
    const c = mod(x * x * x + 7n);
    const y = powMod(c, (P + 1n) / 4n, P);
    if (mod(y * y) !== c) return null;
    return [x, y % 2n === 0n ? y : P - y, 1n];
  }

  const toInt = (bytes) => bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n);

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }
  let challengePrefix = null;
  async function challenge(...parts) {
    if (!challengePrefix) {
      const t = await sha256(new TextEncoder().encode('BIP0340/challenge'));
      challengePrefix = [t, t];
    }
    const all = [...challengePrefix, ...parts];
    const buf = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of all) {
      buf.set(p, at);
      at += p.length;
    }
    return toInt(await sha256(buf));
  }

  // True iff `signature` (64 bytes) is a valid BIP340 signature of `message` by x-only `pubkey` (32 bytes).
  async function verify(pubkey, message, signature) {
    if (pubkey.length !== 32 || signature.length !== 64) return false;
    const pk = liftX(toInt(pubkey));
    if (!pk) return false;
    const rBytes = signature.subarray(0, 32);
    const r = toInt(rBytes), s = toInt(signature.subarray(32));
    if (r >= P || s >= N) return false;
    const e = mod(await challenge(rBytes, pubkey, message), N);
    const point = affine(add(multiply(G, s), multiply(pk, mod(N - e, N))));
    return point !== null && point[1] % 2n === 0n && point[0] === r;
  }

  return { verify };
})();

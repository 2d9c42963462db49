// The page's BIP340 verifier (explorer/page/bip340.js) against the official vectors, in Node.js (>= 18, as
// scripts/setup.sh installs): node bip340_vectors.js PAGE_DIR VECTORS_CSV. Exits 1 naming each vector that
// disagrees. The page file is run as a browser script (vm), with WebCrypto as the browser has it.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { webcrypto } = require('crypto');

const [pageDir, csvPath] = process.argv.slice(2);
const code = fs.readFileSync(path.join(pageDir, 'bip340.js'), 'utf8');
const bip340 = vm.runInNewContext(code + '\nFolioBip340;', { crypto: webcrypto, TextEncoder, Uint8Array });
const hex = (h) => Uint8Array.from(h.match(/../g) || [], (b) => parseInt(b, 16));

(async () => {
  const lines = fs.readFileSync(csvPath, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim());
  let failures = 0;
  for (const line of lines) {
    const [index, , pubkey, , message, signature, expected] = line.split(',');
    const got = await bip340.verify(hex(pubkey), hex(message), hex(signature));
    if (got !== (expected === 'TRUE')) {
      console.error('vector ' + index + ': verify gave ' + got + ', expected ' + expected);
      failures++;
    }
  }
  if (lines.length < 15) {
    console.error('only ' + lines.length + ' vectors read from ' + csvPath);
    failures++;
  }
  console.log(lines.length + ' vectors, ' + failures + ' failures');
  process.exit(failures ? 1 : 0);
})();

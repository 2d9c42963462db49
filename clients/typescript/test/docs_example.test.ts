// docs/clients.md shows examples/backend.ts verbatim; here it runs against a real node, and the register must
// then say what the example claims: 90 SOLARCOOP for the first investor, 10 for the second.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {DevNode} from './helpers/dev_node.js';
import {packageDir, repoDir} from './helpers/paths.js';
import {platformKey} from './helpers/platform.js';

const source = readFileSync(join(packageDir, 'examples', 'backend.ts'), 'utf8');

test('docs/clients.md shows examples/backend.ts as it is', () => {
    const docs = readFileSync(join(repoDir, 'docs', 'clients.md'), 'utf8');
    assert.ok(
        docs.includes('```ts\n' + source + '```\n'),
        'docs/clients.md does not show examples/backend.ts verbatim');
});

test('the backend example registers, issues and transfers on a real node', async () => {
    const node = await DevNode.start();
    try {
        const client = node.client();
        const platform = await platformKey(client);
        const run = await promisify(execFile)(
            process.execPath, [join(packageDir, 'dist', 'examples', 'backend.js')], {
                env: {
                    ...process.env,
                    FOLIO_URL: node.url,
                    FOLIO_TOKEN: node.adminToken,
                    PLATFORM_KEY: platform.secretHex()
                },
                timeout: 60000,
            });
        const lines = run.stdout.trim().split('\n');
        assert.match(lines[0]!, /^transfer committed at height \d+: [0-9a-f]{64}$/);
        const holders = await client.assetHolders('SOLARCOOP');
        assert.deepEqual(holders.holders.map((h) => h.amount).sort(), ['10', '90']);
        const byAccount = new Map(holders.holders.map((h) => [h.account, h.amount]));
        const [alice, bob] = lines.slice(1).map((l) => l.split(' ')[0]!);
        assert.equal(byAccount.get(alice!), '90');
        assert.equal(byAccount.get(bob!), '10');
        assert.equal(lines[1], `${alice} 90 SOLARCOOP`);
        assert.equal(lines[2], `${bob} 10 SOLARCOOP`);
        const hash = lines[0]!.split(': ')[1]!;
        const tx = await client.txGet(hash);
        assert.equal(tx.tx?.memo, 'sale 2026-114');
        assert.equal(tx.tx?.signer, alice);
        await node.stop();
    } catch (e) {
        await node.kill();
        throw e;
    }
});

// Against a real `foliod --dev`: WebSocket subscriptions (subscribe_blocks, subscribe_tx, subscribe_account,
// unsubscribe) through FolioSocket, checked against what the node's HTTP reads say about the same blocks/txs.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {AccountNotification, BlockNotification, FolioClient, FolioError, Key, ops} from '../src/index.js';

import {DevNode} from './helpers/dev_node.js';
import {platformKey, registerInvestors} from './helpers/platform.js';

/** Resolves when `predicate` holds for the collected items, or rejects after `ms`. */
async function until<T>(items: T[], predicate: (items: T[]) => boolean, ms = 15000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(items)) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(items)}`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

describe('WebSocket subscriptions against foliod --dev', () => {
    let node: DevNode;
    let client: FolioClient;
    let platform: Key;

    before(async () => {
        node = await DevNode.start();
        client = node.client();
        platform = await platformKey(client);
    });
    after(async () => {
        await node?.stop();
    });

    const registerOne = () =>
        client.submit({signer: platform, ops: [ops.accountRegister({pubkey: Key.generate().pubkey})]});

    test('subscribe_blocks notifies each committed block as block_get gives it', async () => {
        const ws = await client.connect();
        try {
            const blocks: BlockNotification[] = [];
            await ws.subscribeBlocks((b) => blocks.push(b));
            const first = await registerOne();
            await client.expectCommitted(first.tx_hash);
            const second = await registerOne();
            const committed = await client.expectCommitted(second.tx_hash);
            await until(blocks, (b) => b.some((x) => x.height === committed.height));
            for (let i = 1; i < blocks.length; ++i)
                assert.equal(blocks[i]!.height, blocks[i - 1]!.height + 1);
            for (const b of blocks) {
                const block = await client.blockGet({height: b.height}, {include_txs: false});
                assert.equal(b.hash, block.hash);
                assert.equal(b.tx_count, block.tx_count);
                assert.equal(b.time_ms, block.header.time_ms);
            }
        } finally {
            await ws.close();
        }
    });

    test(
        'subscribe_tx made before the submit is notified once at commit, with the tx_get height',
        async () => {
            const ws = await client.connect();
            try {
                const investor = Key.generate();
                const built = await client.txBuild(
                    {account: platform.address, ops: [ops.accountRegister({pubkey: investor.pubkey})]});
                const seen: unknown[] = [];
                const notified = new Promise((resolve) => ws.subscribeTx(built.sighash, (s) => {
                    seen.push(s);
                    resolve(s);
                }));
                await new Promise(
                    (r) => setTimeout(r, 50));  // the subscription is in place before the tx exists
                await client.txSubmit(built.tx, [platform.sign(built.sighash)]);
                const status = (await notified) as {
                    status: string;
                    height: number;
                    index: number
                };
                assert.equal(status.status, 'committed');
                const tx = await client.txGet(built.sighash);
                assert.equal(status.height, tx.height);
                assert.equal(status.index, tx.index);
                await registerOne().then((s) => client.expectCommitted(s.tx_hash));
                assert.equal(seen.length, 1);
            } finally {
                await ws.close();
            }
        });

    test('waitTx over the socket answers a tx already committed at once', async () => {
        const done = await registerOne().then((s) => client.expectCommitted(s.tx_hash));
        const ws = await client.connect();
        try {
            const status = await ws.waitTx(done.tx_hash, 5000);
            assert.equal(status.status, 'committed');
            assert.equal(status.height, done.height);
        } finally {
            await ws.close();
        }
    });

    test('waitTx over the socket answers pending at its timeout for a tx that never comes', async () => {
        const ws = await client.connect();
        try {
            const status = await ws.waitTx('cd'.repeat(32), 300);
            assert.equal(status.status, 'pending');
        } finally {
            await ws.close();
        }
    });

    test('subscribe_account notifies the txs that concern the account, and unsubscribe ends it', async () => {
        const investor = Key.generate();
        const ws = await client.connect();
        try {
            const seen: AccountNotification[] = [];
            const sub = await ws.subscribeAccount(investor.address, (n) => seen.push(n));
            const registered = await registerInvestors(client, platform, [investor]);
            await until(seen, (s) => s.length >= 1);
            assert.equal(seen[0]!.tx_hash, registered.tx_hash);
            assert.equal(seen[0]!.height, registered.height);
            assert.equal(seen[0]!.status, 'committed');
            assert.equal(seen[0]!.account, investor.address);
            await registerOne().then((s) => client.expectCommitted(s.tx_hash));  // concerns someone else
            await sub.unsubscribe();
            await assert.rejects(
                ws.call('unsubscribe', {subscription: sub.id}), {name: 'FolioError', reason: 'NOT_FOUND'});
            const rotate = await client.submitAndWait(
                {signer: investor, ops: [ops.keyRotate({new_pubkey: Key.generate().pubkey})]});
            assert.equal(rotate.status, 'committed');
            await new Promise((r) => setTimeout(r, 300));
            assert.equal(seen.length, 1, JSON.stringify(seen));
        } finally {
            await ws.close();
        }
    });

    test('a subscription asked over HTTP is refused with -32005', async () => {
        await assert.rejects(
            client.call('subscribe_blocks'), {name: 'FolioError', code: -32005, reason: 'UNAVAILABLE'});
    });

    test('a WebSocket upgrade with a wrong token is NOT_AUTHORIZED', async () => {
        const stranger = node.client(`folio_${'11'.repeat(32)}`);
        await assert.rejects(
            stranger.connect(), {name: 'FolioError', reason: 'NOT_AUTHORIZED', httpStatus: 401});
    });
});

describe('a session the node ends', () => {
    test('fails the pending waits with UNAVAILABLE and resolves closed', async () => {
        const node = await DevNode.start();
        let stopped = false;
        try {
            const ws = await node.client().connect();
            const waiting = ws.waitTx('ef'.repeat(32), 30000).then(() => null, (e: unknown) => e);
            await new Promise((r) => setTimeout(r, 100));
            await node.stop();
            stopped = true;
            const error = await waiting;
            assert.ok(error instanceof FolioError, `expected a FolioError, got ${error}`);
            assert.equal(error.reason, 'UNAVAILABLE');
            assert.equal(error.source, 'transport');
            const info = await ws.closed;
            assert.equal(typeof info.code, 'number');
            assert.equal(ws.isOpen, false);
            await assert.rejects(ws.call('unsubscribe', {subscription: 'x'}), {reason: 'UNAVAILABLE'});
        } finally {
            if (!stopped) await node.kill();
        }
    });
});

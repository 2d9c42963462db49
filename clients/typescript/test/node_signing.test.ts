// Against a real `foliod --dev`: a backend's whole signing path (tx_build -> check -> BIP340 sign ->
// tx_submit {tx, signatures} -> tx_wait) with its own keys, and the node's refusals arriving as FolioErrors
// with their reason. Every expectation is on the node's state or answer, so a node that misbehaves fails.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {FolioClient, FolioError, Key, ops} from '../src/index.js';

import {DevNode} from './helpers/dev_node.js';
import {freshSymbol, platformKey, registerInvestors} from './helpers/platform.js';

describe('signing path against foliod --dev', () => {
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

    /** An asset with `amount` issued to a fresh KYC'd investor; returns the investor and a second one. */
    async function fundedPair(amount: string) {
        const alice = Key.generate();
        const bob = Key.generate();
        await registerInvestors(client, platform, [alice, bob]);
        const symbol = freshSymbol();
        await client.submitAndWait({
            signer: platform,
            ops: [
                ops.assetCreate({symbol, class: 'equity', decimals: 0, max_supply: '1000000'}),
                ops.issue({asset: symbol, to: [{account: alice.address, amount}]}),
            ],
        });
        return {alice, bob, symbol};
    }

    const holding = async (address: string, symbol: string) =>
        (await client.accountHoldings(address)).holdings.find((h) => h.asset === symbol)?.amount ?? '0';

    test('a backend registers an investor and attests KYC with its own key', async () => {
        const investor = Key.generate();
        const done = await registerInvestors(client, platform, [investor]);
        assert.equal(done.status, 'committed');
        assert.equal(typeof done.height, 'number');
        const account = await client.accountGet({account: investor.address});
        assert.equal(account.address, investor.address);
        assert.equal(account.pubkey, investor.pubkey);
        assert.equal(account.kyc?.level, 1);
        assert.equal(account.kyc?.category, 'retail');
        assert.equal(account.kyc?.attested_by, platform.address);
        const byKey = await client.accountGet({pubkey: investor.pubkey});
        assert.equal(byKey.address, investor.address);
    });

    test('it issues an asset, and an investor transfers with a memo and client_ref', async () => {
        const {alice, bob, symbol} = await fundedPair('100');
        assert.equal(await holding(alice.address, symbol), '100');
        const done = await client.submitAndWait({
            signer: alice,
            ops: [ops.transfer({asset: symbol, to: bob.address, amount: '30'})],
            memo: 'invoice 7',
            clientRef: 'order-7',
        });
        assert.equal(await holding(alice.address, symbol), '70');
        assert.equal(await holding(bob.address, symbol), '30');
        const tx = await client.txGet(done.tx_hash);
        assert.equal(tx.status, 'committed');
        assert.equal(tx.height, done.height);
        assert.equal(tx.tx?.memo, 'invoice 7');
        assert.equal(tx.tx?.client_ref, 'order-7');
        assert.equal(tx.tx?.signer, alice.address);
        assert.deepEqual(tx.signatures?.map((s) => s.pubkey), [alice.pubkey]);
        const asset = await client.assetGet(symbol);
        assert.equal(asset.supply, '100');
        assert.equal(asset.holders, 2);
        assert.equal(asset.issuer, platform.address);
    });

    test('the node refuses an altered signature with BAD_SIGNATURE and keeps nothing', async () => {
        const {alice, bob, symbol} = await fundedPair('10');
        const built = await client.txBuild(
            {account: alice.address, ops: [ops.transfer({asset: symbol, to: bob.address, amount: '1'})]});
        const sig = alice.sign(built.sighash);
        const flipped =
            sig.signature.slice(0, 10) + (sig.signature[10] === '0' ? '1' : '0') + sig.signature.slice(11);
        const error =
            await client.txSubmit(built.tx, [{...sig, signature: flipped}]).then(() => null, (e) => e);
        assert.ok(error instanceof FolioError, `expected a FolioError, got ${error}`);
        assert.equal(error.reason, 'BAD_SIGNATURE');
        assert.equal(error.code, -32000);
        assert.equal(error.source, 'node');
        assert.equal(error.method, 'tx_submit');
        await assert.rejects(client.txGet(built.sighash), {reason: 'NOT_FOUND', code: -32001});
        assert.equal((await client.chainStatus()).mempool_size, 0);
        assert.equal((await client.accountGet({account: alice.address})).nonce, 0);
        // The same tx with the right signature goes through.
        const ok = await client.txSubmit(built.tx, [sig]);
        assert.equal(ok.tx_hash, built.sighash);
        await client.expectCommitted(ok.tx_hash);
        assert.equal(await holding(bob.address, symbol), '1');
    });

    test('a valid signature by a key that is not the signer\'s is refused', async () => {
        const {alice, bob, symbol} = await fundedPair('10');
        const error = await client
                          .submit({
                              signer: bob,
                              account: alice.address,
                              ops: [ops.transfer({asset: symbol, to: bob.address, amount: '1'})]
                          })
                          .then(() => null, (e: unknown) => e);
        assert.ok(error instanceof FolioError);
        assert.ok(
            ['MISSING_SIGNATURE', 'NOT_AUTHORIZED', 'BAD_SIGNATURE'].includes(error.reason), error.reason);
        assert.equal(await holding(alice.address, symbol), '10');
    });

    test('a transfer to an investor without KYC is refused with KYC_REQUIRED', async () => {
        const {alice, symbol} = await fundedPair('10');
        const noKyc = Key.generate();
        await registerInvestors(client, platform, [noKyc], false);
        await assert.rejects(
            client.submit(
                {signer: alice, ops: [ops.transfer({asset: symbol, to: noKyc.address, amount: '1'})]}),
            (e: unknown) => e instanceof FolioError && e.reason === 'KYC_REQUIRED' && e.code === -32000 &&
                /KYC|kyc/.test(e.message));
        assert.equal(await holding(noKyc.address, symbol), '0');
    });

    test('more than the holding is refused with INSUFFICIENT_BALANCE', async () => {
        const {alice, bob, symbol} = await fundedPair('5');
        await assert.rejects(
            client.submit(
                {signer: alice, ops: [ops.transfer({asset: symbol, to: bob.address, amount: '6'})]}),
            {name: 'FolioError', reason: 'INSUFFICIENT_BALANCE'});
    });

    test('a retry with the same client_ref is DUPLICATE_CLIENT_REF carrying the first tx hash', async () => {
        const {symbol} = await fundedPair('1');
        const investor = Key.generate();
        await registerInvestors(client, platform, [investor]);
        const issue = ops.issue({asset: symbol, to: [{account: investor.address, amount: '5'}]});
        const first =
            await client.submitAndWait({signer: platform, ops: [issue], clientRef: `issue-${symbol}`});
        const error = await client.submit({signer: platform, ops: [issue], clientRef: `issue-${symbol}`})
                          .then(() => null, (e: unknown) => e);
        assert.ok(error instanceof FolioError);
        assert.equal(error.reason, 'DUPLICATE_CLIENT_REF');
        assert.equal(error.firstTxHash, first.tx_hash);
        assert.equal(await holding(investor.address, symbol), '5');
    });

    test('resubmitting the same signed tx answers its hash with already_known', async () => {
        const {alice, bob, symbol} = await fundedPair('3');
        const built = await client.txBuild(
            {account: alice.address, ops: [ops.transfer({asset: symbol, to: bob.address, amount: '1'})]});
        const sig = alice.sign(built.sighash);
        const a = await client.txSubmit(built.tx, [sig]);
        const b = await client.txSubmit(built.tx, [sig]);
        assert.equal(a.tx_hash, b.tx_hash);
        assert.equal(b.already_known, true);
        await client.expectCommitted(a.tx_hash);
        assert.equal(await holding(bob.address, symbol), '1');
    });

    test(
        'waitTx answers pending for a tx behind a nonce gap, and expectCommitted fails with TIMEOUT',
        async () => {
            const {alice, bob, symbol} = await fundedPair('3');
            const next = (await client.accountGet({account: alice.address})).nonce;
            const gapped = await client.submit({
                signer: alice,
                nonce: next + 1,
                ops: [ops.transfer({asset: symbol, to: bob.address, amount: '1'})]
            });
            const status = await client.waitTx(gapped.tx_hash, {timeoutMs: 600});
            assert.equal(status.status, 'pending');
            await assert.rejects(
                client.expectCommitted(gapped.tx_hash, {timeoutMs: 300}),
                {name: 'FolioError', reason: 'TIMEOUT', code: -32003});
            // Filling the gap commits both.
            const filler = await client.submit({
                signer: alice,
                nonce: next,
                ops: [ops.transfer({asset: symbol, to: bob.address, amount: '1'})]
            });
            await client.expectCommitted(filler.tx_hash);
            await client.expectCommitted(gapped.tx_hash);
            assert.equal(await holding(bob.address, symbol), '2');
        });

    test('tx_wait of a hash the node never saw answers unknown', async () => {
        // Not timeout 0: the node's deadline timer can then answer "pending" before its lookup answers
        // "unknown" (node/rpc_tx_query.cpp). A hash it never saw is answered at once anyway.
        const started = Date.now();
        const status = await client.waitTx('ab'.repeat(32), {timeoutMs: 20000});
        assert.ok(Date.now() - started < 15000, 'unknown was not answered at once');
        assert.equal(status.status, 'unknown');
    });

    test('a client pinned to another chain refuses to sign, and sends nothing', async () => {
        const pinned = node.client(node.adminToken, '00'.repeat(32));
        const before = await client.chainStatus();
        await assert.rejects(
            pinned.submit({signer: platform, ops: [ops.accountRegister({pubkey: Key.generate().pubkey})]}),
            {name: 'FolioError', reason: 'WRONG_CHAIN', source: 'client'});
        const chain = await client.chainInfo();
        const right = node.client(node.adminToken, chain.chain_id.toUpperCase());
        assert.equal(await right.chainId(), chain.chain_id);
        assert.equal((await client.chainStatus()).mempool_size, before.mempool_size);
    });

    test('an op refused by the client is never sent', async () => {
        const before = await client.chainStatus();
        await assert.rejects(client.submit({signer: platform, ops: [{op: 'freeze', assets: 'X'} as never]}), {
            name: 'FolioError',
            reason: 'INVALID_ARGUMENT',
            source: 'client',
            message: 'ops[0].assets: unknown field of op freeze'
        });
        await assert.rejects(
            client.submit({signer: platform, ops: []}), {reason: 'NO_OPS', source: 'client'});
        assert.equal((await client.chainStatus()).mempool_size, before.mempool_size);
    });

    test('the node\'s own refusal of a field names it in the message', async () => {
        const error =
            await client.call('tx_build', {signer: platform.address, ops: [{op: 'freeze', assets: 'X'}]})
                .then(() => null, (e: unknown) => e);
        assert.ok(error instanceof FolioError);
        assert.equal(error.reason, 'INVALID_ARGUMENT');
        assert.equal(error.code, -32602);
        assert.match(error.message, /assets/);
    });

    test('a wrong token is NOT_AUTHORIZED with HTTP 401', async () => {
        const stranger = node.client(`folio_${'00'.repeat(32)}`);
        await assert.rejects(
            stranger.chainStatus(),
            {name: 'FolioError', reason: 'NOT_AUTHORIZED', code: -32002, httpStatus: 401});
    });

    test('a node that cannot be reached is UNAVAILABLE from the transport', async () => {
        const nowhere = new FolioClient({url: 'http://127.0.0.1:1', token: 'x'});
        await assert.rejects(
            nowhere.chainStatus(), {name: 'FolioError', reason: 'UNAVAILABLE', source: 'transport'});
    });
});

'use strict';
// The /explorer register page (docs/explorer.md): latest blocks, a block, a tx, an asset's register at a
// height, an account's holdings with each holding's proof checked in the page (proof.js). Everything comes
// from this node's read JSON-RPC (POST /), with the token the user pastes (kept in sessionStorage for this tab)
// or none where the node allows anonymous reads.
//
// Chain text (memos, client refs, symbols, anything a tx carries) is only ever inserted as text nodes
// (textContent / append of strings), never parsed as HTML: a memo "<img src=x onerror=...>" shows as typed.
// The page sets body[data-state] to loading, ready, token (the token prompt) or error once a view is drawn,
// which the end-to-end test waits for.
(() => {
  const TOKEN_KEY = 'folio-explorer-token';
  const LATEST_BLOCKS = 20;
  const HOLDERS_PAGE = 50;
  const SUPPLY_SUM_MAX_PAGES = 100;  // a register summed by pages of 1000 when no supply is served
  const main = document.getElementById('main');

  class AuthNeeded extends Error {}
  class RpcError extends Error {
    constructor(method, error) {
      const reason = error && error.data && error.data.reason ? error.data.reason : '';
      super(method + ': ' + (reason ? reason + ': ' : '') + (error && error.message ? error.message : 'error'));
      this.reason = reason;
      this.code = error ? error.code : 0;
    }
  }

  // ---- DOM helpers: text only ----
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === undefined || c === null) continue;
      e.append(c instanceof Node ? c : String(c));  // a string becomes a Text node
    }
    return e;
  }
  const link = (href, text, cls) => el('a', { href, class: cls }, text);
  const mono = (text) => el('span', { class: 'mono' }, text);
  const short = (hex) => (typeof hex === 'string' && hex.length > 16 ? hex.slice(0, 10) + '…' + hex.slice(-6) : hex);
  const blockLink = (h) => link('#/block/' + encodeURIComponent(h), String(h));
  const txLink = (hash, full) => link('#/tx/' + encodeURIComponent(hash), full ? hash : short(hash), 'mono');
  const accountLink = (a) => link('#/account/' + encodeURIComponent(a), a, 'mono');
  const assetLink = (s) => link('#/asset/' + encodeURIComponent(s), s);
  const time = (ms) => (typeof ms === 'number' ? new Date(ms).toISOString() : '');

  function table(headers, rows, numeric) {
    const head = el('tr', {}, ...headers.map((h) => el('th', {}, h)));
    const body = rows.map((cells) => el('tr', {}, ...cells.map((c, i) =>
      el('td', { class: numeric && numeric.includes(i) ? 'num' : undefined }, c))));
    return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
  }
  function fields(pairs) {
    return el('table', { class: 'fields' },
      el('tbody', {}, ...pairs.filter((p) => p[1] !== undefined).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))));
  }
  // What a view draws; route() shows it only if the user has not moved on meanwhile.
  const draw = (state, ...nodes) => ({ state, nodes });
  function show(state, ...nodes) {
    main.replaceChildren(...nodes);
    document.body.dataset.state = state;
  }

  // ---- JSON-RPC ----
  function headers() {
    const h = { 'Content-Type': 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }
  async function post(body) {
    const res = await fetch('/', { method: 'POST', headers: headers(), body: JSON.stringify(body), cache: 'no-store' });
    if (res.status === 403) throw new AuthNeeded('the token pasted may not read');
    if (res.status === 401) throw new AuthNeeded(headers().Authorization ? 'the token pasted was refused' : 'a token is needed');
    return res.json();
  }
  function unwrap(method, reply) {
    if (reply.error) {
      if (reply.error.code === -32002) throw new AuthNeeded(reply.error.message);
      throw new RpcError(method, reply.error);
    }
    return reply.result;
  }
  async function call(method, params) {
    return unwrap(method, await post({ jsonrpc: '2.0', id: 1, method, params: params || {} }));
  }
  // One HTTP request for several calls (a JSON-RPC batch); results in the order of `calls`.
  async function batch(calls) {
    if (calls.length === 0) return [];
    const replies = await post(calls.map(([method, params], i) => ({ jsonrpc: '2.0', id: i, method, params })));
    if (!Array.isArray(replies)) throw new RpcError('batch', replies.error);  // refused whole (e.g. too long)
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map(([method], i) => {
      const r = byId.get(i);
      if (!r) throw new RpcError(method, { message: 'no answer in the batch' });
      return unwrap(method, r);
    });
  }

  let chainId = null;
  async function chainInfo() {
    if (chainId === null) {
      const info = await call('chain_info');
      chainId = info.chain_id;
      document.getElementById('chain').textContent = info.name + ' · ' + short(info.chain_id);
    }
    return chainId;
  }

  // ---- views ----
  async function viewLatest() {
    const status = await call('chain_status');
    const heights = [];
    for (let h = status.height; h >= 0 && heights.length < LATEST_BLOCKS; h--) heights.push(h);
    const calls = heights.map((h) => ['block_get', { height: h, include_txs: false }]);
    let blocks;
    try {
      blocks = await batch(calls);
    } catch (e) {
      // A node whose rpc_max_batch is below LATEST_BLOCKS refuses the batch whole (-32600): one call each then.
      if (!(e instanceof RpcError) || e.code !== -32600) throw e;
      blocks = [];
      for (const [method, params] of calls) blocks.push(await call(method, params));
    }
    const rows = blocks.map((b) => [blockLink(b.height), time(b.header.time_ms), b.tx_count ?? 0, mono(short(b.hash))]);
    return draw('ready', el('h1', {}, 'Latest blocks'),
      el('p', { class: 'muted' }, 'Head ' + status.height + ', state root ', mono(status.state_root)),
      table(['height', 'time (UTC)', 'txs', 'hash'], rows, [2]));
  }

  function opSummary(op) {
    const parts = [op.op];
    if (op.asset) parts.push(op.asset);
    if (op.amount) parts.push(op.amount);
    if (op.to && typeof op.to === 'string') parts.push('→ ' + op.to);
    if (Array.isArray(op.to)) parts.push('→ ' + op.to.length + ' accounts');
    return parts.join(' ');
  }

  // The block's certificate checked in the page (proof.js): BIP340 precommits of more than 2/3 of the power.
  async function certificateCheck(b) {
    if (b.height === 0) return 'genesis: no certificate';
    try {
      const set = await call('validators_at', { height: b.height });
      const v = await FolioProof.verifyCertificate(b.header_hex, b.commit_hex, set.validators, chainId, b.height);
      return el('span', { id: 'certificate' }, el('span', { class: 'ok' }, 'verified'),
        ' round ' + b.commit.round + ', ' + b.commit.signatures.length + ' precommits, power ' + v.signedPower + ' of ' +
        v.totalPower);
    } catch (e) {
      if (e instanceof AuthNeeded) throw e;
      return el('span', { id: 'certificate' }, el('span', { class: 'bad' }, 'NOT verified'), ' ' + e.message);
    }
  }

  async function viewBlock(id) {
    const params = /^[0-9]+$/.test(id) ? { height: Number(id) } : { hash: id };
    const [b, status] = await Promise.all([call('block_get', params), call('chain_status')]);
    const h = b.header;
    const rows = b.txs.map((t) => [t.index, txLink(t.tx_hash), t.status + (t.reason ? ' ' + t.reason : ''),
      accountLink(t.tx.signer), t.tx.ops.map(opSummary).join('; '), el('span', { class: 'memo' }, t.tx.memo || '')]);
    const nav = el('p', { class: 'pager' });
    if (b.height > 0) nav.append(link('#/block/' + (b.height - 1), '← block ' + (b.height - 1)));
    if (b.height < status.height) nav.append(link('#/block/' + (b.height + 1), 'block ' + (b.height + 1) + ' →'));
    return draw('ready', el('h1', {}, 'Block ' + b.height), nav,
      fields([['hash', mono(b.hash)], ['time (UTC)', time(h.time_ms)], ['previous', mono(h.prev_hash)],
        ['txs root', mono(h.txs_root)], ['results root', mono(h.results_root)], ['state root', mono(h.state_root)],
        ['validators hash', mono(h.validators_hash)], ['proposer', mono(h.proposer)],
        ['certificate', await certificateCheck(b)]]),
      el('h2', {}, b.txs.length + ' txs'),
      table(['#', 'tx', 'status', 'signer', 'ops', 'memo'], rows));
  }

  function opDetails(op) {
    return fields(Object.entries(op).map(([k, v]) => {
      if (k === 'to' && Array.isArray(v)) {
        return [k, table(['account', 'amount'], v.map((x) => [accountLink(x.account), x.amount]), [1])];
      }
      if (typeof v === 'string' && v.startsWith('folio1')) return [k, accountLink(v)];
      if (k === 'asset' && typeof v === 'string') return [k, assetLink(v)];
      return [k, typeof v === 'object' ? JSON.stringify(v) : String(v)];
    }));
  }

  async function viewTx(hash) {
    const t = await call('tx_get', { tx_hash: hash });
    if (t.status === 'pending') return draw('ready', el('h1', {}, 'Tx'), mono(t.tx_hash), el('p', {}, 'pending in the mempool'));
    const tx = t.tx;
    const status = t.status + (t.reason ? ': ' + t.reason + (t.op_index !== undefined ? ' (op ' + t.op_index + ')' : '') : '');
    return draw('ready', el('h1', {}, 'Tx'),
      fields([['hash', mono(t.tx_hash)], ['status', status], ['block', blockLink(t.height)], ['index', t.index],
        ['signer', accountLink(tx.signer)], ['nonce', tx.nonce], ['memo', el('span', { class: 'memo', id: 'memo' }, tx.memo || '')],
        ['client ref', tx.client_ref === undefined ? undefined : tx.client_ref], ['valid until', tx.valid_until_height]]),
      el('h2', {}, tx.ops.length + ' ops'),
      ...tx.ops.map((op, i) => el('div', { class: 'op' }, el('h2', {}, 'op ' + i + ': ' + op.op), opDetails(op))));
  }

  // Supply at `height`: served with a head register; else asset_get at that height where the node keeps asset
  // history; else the sum of the register's pages (supply is the sum of the balances).
  async function supplyAt(symbol, height, first, decimals) {
    if (first.supply !== undefined) return first.supply;
    try {
      return (await call('asset_get', { asset: symbol, height })).supply + '';
    } catch (e) {
      if (e instanceof AuthNeeded) throw e;
    }
    let sum = 0n, cursor, pages = 0;
    do {
      const p = await call('asset_holders', { asset: symbol, height, limit: 1000, cursor });
      for (const h of p.holders) sum += BigInt(h.amount.replace('.', ''));
      cursor = p.next_cursor;
      if (++pages >= SUPPLY_SUM_MAX_PAGES && cursor) return 'more than ' + pages * 1000 + ' holders: not summed';
    } while (cursor);
    const s = sum.toString().padStart(decimals + 1, '0');
    return (decimals ? s.slice(0, -decimals) + '.' + s.slice(-decimals) : s) + ' (sum of the holders)';
  }

  async function viewAsset(symbol, query) {
    const asset = await call('asset_get', { asset: symbol });
    const params = { asset: symbol, limit: HOLDERS_PAGE };
    if (query.get('height')) params.height = Number(query.get('height'));
    if (query.get('cursor')) params.cursor = query.get('cursor');
    const page = await call('asset_holders', params);
    const supply = await supplyAt(symbol, page.height, page, page.decimals);
    const form = el('form', { class: 'inline', id: 'height-form' }, 'Register at height ',
      el('input', { name: 'height', type: 'number', min: '0', value: page.height }), el('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = '#/asset/' + encodeURIComponent(symbol) + '?height=' + encodeURIComponent(form.elements.height.value);
    });
    const pager = el('p', { class: 'pager' });
    if (page.next_cursor) {
      pager.append(link('#/asset/' + encodeURIComponent(symbol) + '?height=' + page.height + '&cursor=' +
        encodeURIComponent(page.next_cursor), 'next page →'));
    }
    const note = page.height < asset.created_height
      ? el('p', { class: 'muted' }, 'The asset was created at height ' + asset.created_height + ': it had no holder then.')
      : null;
    return draw('ready', el('h1', {}, 'Asset ', symbol),
      fields([['class', asset.class], ['decimals', asset.decimals], ['max supply', asset.max_supply],
        ['issuer', accountLink(asset.issuer)], ['created at', blockLink(asset.created_height)],
        ['frozen', asset.frozen ? 'yes' : 'no'], ['holders now', asset.holders]]),
      el('h2', {}, 'Register at height ' + page.height), form,
      el('p', {}, 'Supply at height ' + page.height + ': ', el('span', { id: 'supply' }, supply)), note,
      page.holders.length ? table(['holder', 'amount'], page.holders.map((h) => [accountLink(h.account), h.amount]), [1])
                          : el('p', {}, 'No holder at this height.'), pager);
  }

  async function checkHolding(address, holding, height, validators) {
    try {
      const proof = await call('proof_holding', { account: address, asset: holding.asset, height });
      const v = await FolioProof.verifyHolding(proof, { address, symbol: holding.asset, height, chainId, validators });
      if (v.amount !== holding.amount) throw new FolioProof.ProofError('proven amount ' + v.amount + ', shown ' + holding.amount);
      return el('div', { class: 'proof' }, el('span', { class: 'ok' }, 'verified'),
        ' ' + v.amount + ' against state root ', mono(short(v.stateRoot)), ' of block ' + height +
        '; certificate power ' + v.signedPower + ' of ' + v.totalPower,
        el('ol', { class: 'steps' }, ...v.steps.map((s) => el('li', {}, s))));
    } catch (e) {
      if (e instanceof AuthNeeded) throw e;
      return el('div', { class: 'proof' }, el('span', { class: 'bad' }, 'NOT verified'), ' ' + e.message);
    }
  }

  async function viewAccount(address, query) {
    const params = { account: address };
    if (query.get('height')) params.height = Number(query.get('height'));
    const [holdings, account] = await Promise.all([call('account_holdings', params),
      call('account_get', { account: address }).catch((e) => { if (e instanceof AuthNeeded) throw e; return null; })]);
    await chainInfo();
    const validators = holdings.height > 0 ? (await call('validators_at', { height: holdings.height })).validators : [];
    const rows = [];
    for (const h of holdings.holdings) {
      rows.push([assetLink(h.asset), h.amount, h.locked, h.frozen, h.available,
        await checkHolding(address, h, holdings.height, validators)]);
    }
    const about = account ? fields([['roles', account.roles.join(', ') || 'none'], ['frozen', account.frozen ? 'yes' : 'no'],
      ['KYC', account.kyc ? 'level ' + account.kyc.level + (account.kyc.category ? ', ' + account.kyc.category : '') : 'none'],
      ['nonce', account.committed_nonce]]) : null;
    return draw('ready', el('h1', {}, 'Account'), mono(address), about,
      el('h2', {}, 'Holdings at height ' + holdings.height),
      rows.length ? table(['asset', 'amount', 'locked', 'frozen', 'available', 'proof'], rows, [1, 2, 3, 4])
                  : el('p', {}, 'Holds nothing.'));
  }

  function tokenPrompt(why) {
    const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'bearer token (scope read)' });
    const form = el('form', { id: 'token-form' },
      el('p', {}, 'This node shows its register to token holders only (' + why + '). Paste a token of scope read; ' +
        'it stays in this tab (sessionStorage) and is sent only to this node.'), input, el('button', { type: 'submit' }, 'Use token'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      route();
    });
    show('token', el('h1', {}, 'Token needed'), form);
    input.focus();
  }

  function search(text) {
    const q = text.trim();
    if (/^[0-9]+$/.test(q)) return '#/block/' + q;
    if (/^[0-9a-fA-F]{64}$/.test(q)) return '#/hash/' + q.toLowerCase();
    if (q.startsWith('folio1')) return '#/account/' + encodeURIComponent(q);
    if (q) return '#/asset/' + encodeURIComponent(q.toUpperCase());
    return '#/';
  }

  // A 64-hex hash is a tx or a block.
  async function viewHash(hash) {
    try {
      await call('tx_get', { tx_hash: hash });
      location.replace('#/tx/' + hash);
    } catch (e) {
      if (!(e instanceof RpcError) || e.reason !== 'NOT_FOUND') throw e;
      location.replace('#/block/' + hash);
    }
  }

  let routing = 0;
  async function route() {
    const mine = ++routing;
    document.getElementById('forget-token').hidden = !sessionStorage.getItem(TOKEN_KEY);
    const [path, queryText] = location.hash.replace(/^#/, '').split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const query = new URLSearchParams(queryText || '');
    document.body.dataset.state = 'loading';
    document.body.dataset.view = parts[0] || 'latest';
    try {
      await chainInfo();
      let out;
      if (parts.length === 0) out = await viewLatest();
      else if (parts[0] === 'block' && parts[1]) out = await viewBlock(parts[1]);
      else if (parts[0] === 'tx' && parts[1]) out = await viewTx(parts[1]);
      else if (parts[0] === 'hash' && parts[1]) out = await viewHash(parts[1]);
      else if (parts[0] === 'asset' && parts[1]) out = await viewAsset(parts[1], query);
      else if (parts[0] === 'account' && parts[1]) out = await viewAccount(parts[1], query);
      else out = draw('error', el('p', { class: 'error' }, 'Unknown page: ' + location.hash));
      if (mine === routing && out) show(out.state, ...out.nodes);
    } catch (e) {
      if (mine !== routing) return;  // the user has moved on
      if (e instanceof AuthNeeded) return tokenPrompt(e.message);
      show('error', el('p', { class: 'error' }, e.message || String(e)));
    }
  }

  document.getElementById('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = search(document.getElementById('search-text').value);
  });
  document.getElementById('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    chainId = null;
    route();
  });
  window.addEventListener('hashchange', route);
  route();
})();

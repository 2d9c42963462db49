#!/usr/bin/env python3
"""The demo story, played against a running `foliod --dev`.

A crowdfunding platform's backend drives the node over JSON-RPC (as a backend in any language would, here with
Python's standard library only), and investors use folio-wallet:
  1. the issuer creates a local currency (GONETTE) and the asset of a closed equity campaign (SOLARCOOP);
  2. the platform registers 100 investors (their keys were made by folio-wallet) and KYC-attests 99 of them;
  3. shares and currency are issued to the 99 in a few transactions;
  4. investors transfer shares and currency to each other with folio-wallet;
  5. a transfer to the investor without KYC is refused, with its reason;
  6. the register of holders is printed, and one holding is verified from its proof;
  7-9. the securities instruments (scripts/demo_instruments.py): campaigns that succeed and fail, a loan
     campaign with its amortization table and a paid coupon, a royalty distribution.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import demo_instruments

INVESTORS = 100


class Rpc:
    def __init__(self, url, token):
        self.url, self.token, self.next_id = url, token, 1

    def call(self, method, params=None):
        body = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}}).encode()
        self.next_id += 1
        req = urllib.request.Request(self.url, data=body, headers={
            "Content-Type": "application/json", "Authorization": "Bearer " + self.token})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                reply = json.loads(resp.read())
        except urllib.error.HTTPError as e:
            raise SystemExit(f"RPC {method}: HTTP {e.code}: {e.read().decode(errors='replace')}")
        if "error" in reply:
            err = reply["error"]
            raise RpcError(method, err.get("data", {}).get("reason", "?"), err.get("message", ""))
        return reply["result"]

    def submit_and_wait(self, key, ops, what):
        tx_hash = self.call("tx_sign_submit", {"key": key, "ops": ops})["tx_hash"]
        status = self.call("tx_wait", {"tx_hash": tx_hash, "timeout_ms": 30000})
        if status.get("status") != "committed":
            raise SystemExit(f"{what}: tx {tx_hash} ended {status}")
        print(f"  {what}: tx {tx_hash[:16]}… committed at height {status['height']}")
        return tx_hash


class RpcError(Exception):
    def __init__(self, method, reason, message):
        super().__init__(f"{method}: {reason}: {message}")
        self.reason, self.message = reason, message


def wallet(args, *cmd, check=True):
    env = dict(os.environ, FOLIO_WALLET_PASSWORD="demo-investor-password", FOLIO_RPC_TOKEN=args.token)
    full = [args.wallet, "--wallet-dir", args.wallet_dir, "--rpc", args.url, *cmd]
    proc = subprocess.run(full, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise SystemExit(f"folio-wallet {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc


def chunks(items, n):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datadir", required=True)
    parser.add_argument("--wallet", required=True)
    args = parser.parse_args()
    with open(os.path.join(args.datadir, "rpc.addr")) as f:
        args.url = "http://" + f.read().strip()
    token_file = os.path.join(args.datadir, "rpc-admin.token")
    with open(token_file) as f:
        args.token = f.read().strip()
    args.wallet_dir = os.path.join(args.datadir, "investor-wallets")
    rpc = Rpc(args.url, args.token)

    info = rpc.call("chain_info")
    print(f"Chain {info['name']} ({info['chain_id'][:16]}…), node at {args.url}")
    keys = {k["name"]: k for k in rpc.call("node_keys")["keys"]}
    print("Node keys: " + ", ".join(f"{n} {k['address'][:20]}…" for n, k in sorted(keys.items())))

    print("\n1. The issuer creates a local currency and the asset of a closed equity campaign")
    rpc.submit_and_wait("issuer", [
        {"op": "asset_create", "symbol": "GONETTE", "class": "currency", "decimals": 2, "max_supply": "10000000.00"},
        {"op": "asset_create", "symbol": "SOLARCOOP", "class": "equity", "decimals": 0, "max_supply": "100000",
         "metadata_hash": "5a" * 32},
    ], "asset_create GONETTE + SOLARCOOP")

    print(f"\n2. {INVESTORS} investors make their keys with folio-wallet; the platform registers and KYC-attests them")
    wallet(args, "init", "--genesis", os.path.join(args.datadir, "genesis.json"))
    names = [f"inv{i:03d}" for i in range(1, INVESTORS + 1)]
    for name in names:
        wallet(args, "keygen", "--name", name, "--scrypt-n", "1024")
    listed = json.loads(wallet(args, "list", "--json").stdout)
    entries = listed["keys"] if isinstance(listed, dict) else listed
    pubkeys = {k["name"]: k["pubkey"] for k in entries}
    for group in chunks(names, 50):
        rpc.submit_and_wait("operator", [{"op": "account_register", "pubkey": pubkeys[n]} for n in group],
                            f"account_register x{len(group)}")
    addresses = {n: rpc.call("account_get", {"pubkey": pubkeys[n]})["address"] for n in names}
    kyc_until = int(time.time() * 1000) + 365 * 24 * 3600 * 1000
    kycd = names[:-1]  # the last investor has not sent their documents yet
    for group in chunks(kycd, 50):
        rpc.submit_and_wait("operator", [
            {"op": "kyc_attest", "account": addresses[n], "level": 1, "category": "retail",
             "expires_ms": kyc_until, "doc_hash": format(i, "064x")} for i, n in enumerate(group, 1)],
            f"kyc_attest x{len(group)}")

    print("\n3. Shares and currency are issued to the investors in few transactions")
    rpc.submit_and_wait("issuer", [
        {"op": "issue", "asset": "SOLARCOOP", "to": [{"account": addresses[n], "amount": str(10 + i % 40)}
                                                     for i, n in enumerate(kycd)]},
        {"op": "issue", "asset": "GONETTE", "to": [{"account": addresses[n], "amount": "150.00"} for n in kycd]},
    ], f"issue SOLARCOOP + GONETTE to {len(kycd)} investors")

    print("\n4. Investors transfer shares and currency to each other with folio-wallet")
    moves = [("inv001", "inv002", "SOLARCOOP", "5"), ("inv003", "inv004", "GONETTE", "12.50"),
             ("inv010", "inv011", "SOLARCOOP", "3"), ("inv020", "inv021", "GONETTE", "0.75")]
    for src, dst, asset, amount in moves:
        out = wallet(args, "transfer", "--key", src, "--asset", asset, "--to", addresses[dst],
                     "--amount", amount, "--yes").stdout.strip()
        print(f"  {src} -> {dst}: {amount} {asset}: {out.splitlines()[-1].strip() if out else 'done'}")

    print("\n5. A transfer to the investor without KYC is refused")
    refused = wallet(args, "transfer", "--key", "inv005", "--asset", "SOLARCOOP", "--to", addresses["inv100"],
                     "--amount", "1", "--yes", "--json", check=False)
    if refused.returncode == 0:
        raise SystemExit("the transfer to an investor without KYC was accepted: the demo expected a refusal")
    try:
        error = json.loads(refused.stdout)["error"]
    except (ValueError, KeyError):
        raise SystemExit(f"folio-wallet gave no JSON error document:\n{refused.stdout}{refused.stderr}")
    if error.get("reason") != "KYC_REQUIRED":
        raise SystemExit(f"the transfer was refused with {error.get('reason')}, not KYC_REQUIRED: {error}")
    # A refused tx is recorded nowhere: there is no tx hash to show for it.
    print(f"  inv005 -> inv100: refused: {error['message']} [{error['reason']}]; nothing was recorded")

    print("\n6. The register of SOLARCOOP holders")
    holders, cursor = [], None
    while True:
        params = {"asset": "SOLARCOOP", "limit": 1000}
        if cursor:
            params["cursor"] = cursor
        page = rpc.call("asset_holders", params)
        holders += page["holders"]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    by_address = {a: n for n, a in addresses.items()}
    print(f"  height {page['height']}, {len(holders)} holders")
    print(f"  {'investor':<9} {'account':<66} {'shares':>7}")
    for h in sorted(holders, key=lambda h: by_address.get(h["account"], "~"))[:12]:
        print(f"  {by_address.get(h['account'], '?'):<9} {h['account']:<66} {h['amount']:>7}")
    print(f"  … and {len(holders) - 12} more (asset_holders pages through them all)")
    total = sum(int(h["amount"]) for h in holders)
    supply = rpc.call("asset_get", {"asset": "SOLARCOOP"})["supply"]
    print(f"  sum of holdings {total} = supply {supply}")
    print("\n  inv002 checks its holding against the block's state root and the validators' signatures:")
    verified = wallet(args, "verify-holding", "--key", "inv002", "--asset", "SOLARCOOP").stdout.strip()
    print("  " + verified.replace("\n", "\n  "))

    demo_instruments.play(rpc, args, wallet, addresses)

    status = rpc.call("chain_status")
    print(f"\nDone: height {status['height']}.")
    print(f"RPC URL:    {args.url}  (JSON-RPC 2.0 over HTTP POST /, WebSocket /ws)")
    print(f"Admin token: {token_file}")
    # Runnable as printed, from any directory: absolute paths, and the token the node needs.
    print(f"Wallets:    {os.path.abspath(args.wallet)} --wallet-dir {os.path.abspath(args.wallet_dir)} "
          f"--rpc {args.url} --token-file {os.path.abspath(token_file)} holdings --key inv001")
    print(f"Stop node:  kill $(cat {os.path.join(args.datadir, 'foliod.pid')})")


if __name__ == "__main__":
    try:
        main()
    except RpcError as e:
        sys.exit(f"demo failed: {e}")

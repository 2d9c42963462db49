"""The demo story's second part: the securities instruments, played after the register story of demo_story.py.

  7. an equity campaign that reaches its target (subscriptions by folio-wallet, close, shares minted, funds
     released) and one that misses it and refunds every subscriber;
  8. a loan campaign on a minibond whose terms are set first; its amortization table, then a paid coupon;
  9. a royalty distribution on declared revenue, paid pro rata to the holders at a record height;
 10. a shareholder vote on SOLARCOOP, ballots cast with folio-wallet, and its tally;
 11. a pledge of shares to a lender, signed by both with folio-wallet, then released by the lender;
 12. GONETTE as a local currency: terms, a reserve, a mint against a bank deposit, a member paying a merchant,
     the merchant's reconversion with its fee, and asset_reserve;
 13. a delivery versus payment of shares against GONETTE: one tx file, checked and signed by both parties.

Block time is the node's clock, so the deadlines and the first due date are a few seconds ahead.
"""
import hashlib
import json
import os
import time


def now_ms():
    return int(time.time() * 1000)


def instrument_id(tx_hash, op_index=0):
    """The id an op's instrument record gets: the first 16 bytes of H("folio/instrument_id", tx_hash || u16 LE)."""
    tag = hashlib.sha256(b"folio/instrument_id").digest()
    data = tag + tag + bytes.fromhex(tx_hash) + op_index.to_bytes(2, "little")
    return hashlib.sha256(data).hexdigest()[:32]


def wait_until(ms):
    while now_ms() <= ms:
        time.sleep(0.2)


def amount_of(rpc, account, asset):
    for h in rpc.call("account_holdings", {"account": account})["holdings"]:
        if h["asset"] == asset:
            return h["amount"]
    return "0"


def create_campaign(rpc, asset, target, cap, price, deadline_ms, what):
    tx = rpc.submit_and_wait("issuer", [{
        "op": "campaign_create", "asset": asset, "currency": "GONETTE", "price": price, "target": target,
        "cap": cap, "min_ticket": price, "max_ticket": "500.00", "deadline_ms": deadline_ms,
        "terms_hash": hashlib.sha256(f"terms of {asset}".encode()).hexdigest()}], what)
    return instrument_id(tx)


def subscribe(args, wallet, name, campaign, amount):
    out = json.loads(wallet(args, "subscribe", "--key", name, "--campaign", campaign, "--amount", amount,
                            "--yes", "--json").stdout)
    if out.get("status") != "committed":
        raise SystemExit(f"folio-wallet subscribe by {name}: {out}")
    print(f"  {name} subscribes {amount} GONETTE with folio-wallet: committed at height {out.get('height')}")


def show_campaign(rpc, campaign):
    c = rpc.call("campaign_get", {"id": campaign})
    print(f"  campaign {campaign[:12]}…: {c['status']}, raised {c['raised']} of target {c['target']}, "
          f"{c['subscribers']} subscribers, escrow {c['escrow']}, settled {c['settled']}")
    return c


def equity_campaigns(rpc, args, wallet, addresses):
    print("\n7. Crowdfunding campaigns: one reaches its target, one misses it and refunds")
    rpc.submit_and_wait("issuer", [
        {"op": "asset_create", "symbol": "VERGER", "class": "equity", "decimals": 0, "max_supply": "10000"},
        {"op": "asset_create", "symbol": "MOULIN", "class": "equity", "decimals": 0, "max_supply": "10000"},
    ], "asset_create VERGER + MOULIN")
    # The issuer receives the funds a successful campaign releases, so it needs KYC like any receiver.
    issuer = {k["name"]: k for k in rpc.call("node_keys")["keys"]}["issuer"]["address"]
    rpc.submit_and_wait("operator", [{
        "op": "kyc_attest", "account": issuer, "level": 1, "category": "professional",
        "expires_ms": now_ms() + 365 * 24 * 3600 * 1000, "doc_hash": "1c" * 32}], "kyc_attest issuer")

    verger = create_campaign(rpc, "VERGER", "500.00", "2000.00", "10.00", now_ms() + 3600_000,
                             "campaign_create VERGER (10.00 a share, target 500.00)")
    for name in ["inv001", "inv002", "inv003", "inv004", "inv005"]:
        subscribe(args, wallet, name, verger, "100.00")
    show_campaign(rpc, verger)
    rpc.submit_and_wait("issuer", [{"op": "campaign_close", "id": verger, "limit": 500}],
                        "campaign_close by the issuer (target reached): shares minted, funds released")
    show_campaign(rpc, verger)
    print(f"  inv001 now holds {amount_of(rpc, addresses['inv001'], 'VERGER')} VERGER; "
          f"the issuer received {amount_of(rpc, issuer, 'GONETTE')} GONETTE")

    deadline = now_ms() + 8000
    moulin = create_campaign(rpc, "MOULIN", "1000.00", "2000.00", "10.00", deadline,
                             "campaign_create MOULIN (target 1,000.00, deadline in 8 s)")
    subscribe(args, wallet, "inv006", moulin, "30.00")
    subscribe(args, wallet, "inv007", moulin, "20.00")
    print("  … waiting for MOULIN's deadline")
    wait_until(deadline + 300)
    rpc.submit_and_wait("registrar", [{"op": "campaign_close", "id": moulin, "limit": 500}],
                        "campaign_close by anyone after the deadline (50.00 < 1,000.00)")
    c = show_campaign(rpc, moulin)
    if not c["settled"]:
        rpc.submit_and_wait("registrar", [{"op": "campaign_settle", "id": moulin, "limit": 500}], "campaign_settle")
        show_campaign(rpc, moulin)
    print(f"  inv006 was refunded: {amount_of(rpc, addresses['inv006'], 'GONETTE')} GONETTE, "
          f"{amount_of(rpc, addresses['inv006'], 'MOULIN')} MOULIN")


def loan_campaign(rpc, args, wallet, addresses):
    print("\n8. A loan campaign on a minibond: terms first, the amortization table, a paid coupon")
    rpc.submit_and_wait("issuer", [
        {"op": "asset_create", "symbol": "BONDVERT", "class": "minibond", "decimals": 0, "max_supply": "1000"},
    ], "asset_create BONDVERT (minibond)")
    first_due = now_ms() + 15000
    rpc.submit_and_wait("issuer", [{
        "op": "minibond_terms", "asset": "BONDVERT", "currency": "GONETTE", "nominal": "100.00", "rate_bps": 700,
        "schedule": "annuity", "period_months": 1, "instalments": 12, "deferral": 0, "first_due_ms": first_due}],
        "minibond_terms: 100.00 a bond, 7%, 12 monthly annuity instalments")
    loan = create_campaign(rpc, "BONDVERT", "1000.00", "2000.00", "100.00", now_ms() + 3600_000,
                           "campaign_create BONDVERT (100.00 a bond, target 1,000.00)")
    for name in ["inv008", "inv009", "inv010", "inv011", "inv012"]:
        subscribe(args, wallet, name, loan, "100.00")
    for name in ["inv013", "inv014", "inv015", "inv016", "inv017"]:
        subscribe(args, wallet, name, loan, "100.00")
    rpc.submit_and_wait("issuer", [{"op": "campaign_close", "id": loan, "limit": 500}],
                        "campaign_close: 10 bonds minted, 1,000.00 GONETTE lent to the issuer")
    print("  The table, as folio-wallet schedule prints it for an investor:")
    table = wallet(args, "schedule", "--asset", "BONDVERT").stdout.rstrip()
    print("    " + table.replace("\n", "\n    "))
    print("  … waiting for instalment 1's due date")
    wait_until(first_due + 300)
    record = rpc.call("chain_status")["height"]
    rpc.submit_and_wait("issuer", [{"op": "coupon_pay", "asset": "BONDVERT", "instalment": 1,
                                    "record_height": record, "limit": 1000}],
                        f"coupon_pay instalment 1 to the holders at height {record}")
    inst = rpc.call("asset_schedule", {"asset": "BONDVERT"})["instalments"][0]
    print(f"  instalment 1: {inst['status']}, payment {inst['payment']} = interest {inst['interest']} + "
          f"principal {inst['principal']}, outstanding {inst['outstanding']}")
    print(f"  inv008 (1 bond) now holds {amount_of(rpc, addresses['inv008'], 'GONETTE')} GONETTE: 150.00, less the "
          f"100.00 lent, plus its share of the coupon")


def royalty_distribution(rpc, addresses):
    print("\n9. A royalty distribution on declared revenue, pro rata at a record height")
    holders = [f"inv{i:03d}" for i in range(20, 40)]
    rpc.submit_and_wait("issuer", [
        {"op": "asset_create", "symbol": "ROYALTIES", "class": "royalty", "decimals": 0, "max_supply": "100000"},
        {"op": "issue", "asset": "ROYALTIES", "to": [{"account": addresses[n], "amount": str(10 * (1 + i % 5))}
                                                     for i, n in enumerate(holders)]},
    ], f"asset_create ROYALTIES, issued to {len(holders)} investors")
    record = rpc.call("chain_status")["height"]
    tx = rpc.submit_and_wait("issuer", [{
        "op": "distribute", "asset": "ROYALTIES", "currency": "GONETTE", "kind": "royalty", "revenue": "12000.00",
        "share_bps": 250, "record_height": record, "expires_ms": now_ms() + 90 * 24 * 3600 * 1000,
        "limit": 1000}], "distribute 2.5% of 12,000.00 GONETTE revenue")
    d = rpc.call("distribution_get", {"id": instrument_id(tx), "limit": 5})
    print(f"  record height {d['record_height']}, {d['units']} units: total {d['total']}, paid {d['paid']}, "
          f"withheld {d['withheld']}, unpaid {d['unpaid']}, done {d['done']}")
    by_address = {a: n for n, a in addresses.items()}
    for h in d["holders"]:
        print(f"    {by_address.get(h['account'], '?')}: {h['units']} units -> {h['amount']} GONETTE ({h['status']})")


def shareholder_vote(rpc, args, wallet):
    print("\n10. A shareholder vote on SOLARCOOP, weighted by the shares held at a snapshot")
    snapshot = rpc.call("chain_status")["height"]
    question = "Approve the 2026 accounts? 1 yes, 2 no, 3 abstain"
    tx = rpc.submit_and_wait("issuer", [{
        "op": "vote_create", "asset": "SOLARCOOP", "question_hash": hashlib.sha256(question.encode()).hexdigest(),
        "options": 3, "snapshot_height": snapshot, "close_height": snapshot + 20, "weighting": "units",
        "quorum_bps": 250, "majority_bps": 5001}], f"vote_create (snapshot {snapshot}, quorum 2.5%, majority 50%+)")
    vote = instrument_id(tx)
    for name, option in [("inv001", 1), ("inv002", 1), ("inv003", 2), ("inv004", 1), ("inv005", 3), ("inv006", 1)]:
        out = json.loads(wallet(args, "vote", "--key", name, "--id", vote, "--option", str(option), "--yes",
                                "--json").stdout)
        print(f"  {name} votes {option} with folio-wallet: {out.get('status')} at height {out.get('height')}")
    t = rpc.call("vote_tally", {"id": vote})
    print(f"  tally: options {t['options']}, {t['voters']} voters, cast {t['cast_weight']} of {t['total_weight']}; "
          f"quorum reached {t['quorum_reached']}, leading option {t['leading_option']}, passed {t['passed']}, "
          f"closed {t['closed']} (closes at height {t['close_height']})")


def pledge_and_release(rpc, args, wallet, addresses):
    print("\n11. A pledge of shares to a lender, signed by both, then released")
    bank = json.loads(wallet(args, "keygen", "--name", "bank", "--scrypt-n", "1024", "--json").stdout)
    rpc.submit_and_wait("operator", [{"op": "account_register", "pubkey": bank["pubkey"]}], "account_register bank")
    files = os.path.join(args.datadir, "pledge")
    os.makedirs(files, exist_ok=True)
    half, both = os.path.join(files, "pledge.hex"), os.path.join(files, "pledge-both.hex")
    for f in (half, both):
        if os.path.exists(f):
            os.remove(f)
    agreement = hashlib.sha256(b"loan agreement inv010 / bank, 2026-12").hexdigest()
    wallet(args, "pledge", "--key", "inv010", "--asset", "SOLARCOOP", "--amount", "10", "--beneficiary",
           bank["address"], "--doc-hash", agreement, "--out", half, "--yes")
    print("  inv010 signs its half with folio-wallet pledge; the bank checks and signs the file, then submits it")
    wallet(args, "sign", half, "--key", "bank", "--out", both, "--yes")
    out = json.loads(wallet(args, "submit", both, "--json").stdout)
    print(f"  pledge: {out.get('status')} at height {out.get('height')}")
    holding = [h for h in rpc.call("account_holdings", {"account": addresses["inv010"]})["holdings"]
               if h["asset"] == "SOLARCOOP"][0]
    print(f"  inv010 SOLARCOOP: amount {holding['amount']}, locked {holding['locked']}, locks {holding['locks']}")
    refused = wallet(args, "transfer", "--key", "inv010", "--asset", "SOLARCOOP", "--to", addresses["inv011"],
                     "--amount", "7", "--yes", "--json", check=False)
    reason = json.loads(refused.stdout).get("error", {}).get("reason") if refused.returncode else "accepted"
    print(f"  inv010 tries to transfer 7 of its 6 available shares: {reason}")
    pledge = rpc.call("pledge_list", {"account": addresses["inv010"]})["pledges"][0]
    release = os.path.join(files, "release.json")
    with open(release, "w") as f:
        json.dump(rpc.call("tx_build", {"signer": bank["address"],
                                        "ops": [{"op": "pledge_release", "id": pledge["id"]}]}), f)
    signed = os.path.join(files, "release-signed.hex")
    if os.path.exists(signed):
        os.remove(signed)
    wallet(args, "sign", release, "--key", "bank", "--out", signed, "--yes")
    out = json.loads(wallet(args, "submit", signed, "--json").stdout)
    print(f"  the bank releases the pledge (tx_build, folio-wallet sign, submit): {out.get('status')}")
    after = rpc.call("pledge_list", {"account": addresses["inv010"]})["pledges"][0]
    print(f"  pledge {after['id'][:12]}…: {after['status']} at height {after.get('ended_height')}")


def local_currency(rpc, args, wallet, addresses):
    print("\n12. GONETTE as a local currency: reserve, a mint against a deposit, a merchant and its reconversion")
    association = {k["name"]: k for k in rpc.call("node_keys")["keys"]}["issuer"]["address"]
    rpc.submit_and_wait("issuer", [{"op": "currency_terms", "asset": "GONETTE", "fee_bps": 300,
                                    "fee_account": association, "redeem_by": "merchants"}],
                        "currency_terms: 3% reconversion fee, merchants only")
    supply = rpc.call("asset_get", {"asset": "GONETTE"})["supply"]
    reserve = f"{float(supply) + 1000:.2f}"
    rpc.submit_and_wait("issuer", [{"op": "reserve_declare", "asset": "GONETTE", "reserve": reserve,
                                    "doc_hash": hashlib.sha256(b"bank statement 2026-12").hexdigest()}],
                        f"reserve_declare {reserve} EUR in the guarantee fund")
    member, merchant = "inv050", "inv099"
    rpc.submit_and_wait("issuer", [{"op": "mint", "asset": "GONETTE", "to": addresses[member], "amount": "200.00",
                                    "deposit_ref": hashlib.sha256(b"deposit inv050 200.00 EUR").hexdigest()}],
                        f"mint 200.00 GONETTE to {member} against its 200.00 EUR deposit")
    rpc.submit_and_wait("issuer", [{"op": "merchant_set", "asset": "GONETTE", "account": addresses[merchant],
                                    "merchant": True, "fee_bps": 200}],
                        f"merchant_set {merchant} (the bakery, its own 2% rate)")
    wallet(args, "transfer", "--key", member, "--asset", "GONETTE", "--to", addresses[merchant],
           "--amount", "80.00", "--yes")
    print(f"  {member} pays the bakery 80.00 GONETTE with folio-wallet")
    out = json.loads(wallet(args, "redeem", "--key", merchant, "--asset", "GONETTE", "--amount", "100.00",
                            "--yes", "--json").stdout)
    print(f"  the bakery reconverts 100.00 with folio-wallet redeem: {out.get('status')} at height {out.get('height')}"
          f" (2.00 fee to the association, 98.00 EUR owed)")
    refused = wallet(args, "redeem", "--key", member, "--asset", "GONETTE", "--amount", "10.00", "--yes", "--json",
                     check=False)
    reason = json.loads(refused.stdout).get("error", {}).get("reason") if refused.returncode else "accepted"
    print(f"  {member}, not a merchant, tries to reconvert: {reason}")
    r = rpc.call("asset_reserve", {"asset": "GONETTE"})
    print(f"  asset_reserve: supply {r['supply']} against reserve {r['reserve']} (declared at height "
          f"{r['declared_height']}), covered {r['covered']}")


def delivery_versus_payment(rpc, args, wallet, addresses):
    print("\n13. Delivery versus payment: 5 SOLARCOOP against 40.00 GONETTE, both legs or neither")
    seller, buyer = "inv030", "inv031"
    files = os.path.join(args.datadir, "dvp")
    os.makedirs(files, exist_ok=True)
    half, both = os.path.join(files, "dvp.hex"), os.path.join(files, "dvp-both.hex")
    for f in (half, both):
        if os.path.exists(f):
            os.remove(f)
    wallet(args, "dvp", "--key", seller, "--counterparty", addresses[buyer], "--give", "SOLARCOOP:5",
           "--get", "GONETTE:40.00", "--out", half, "--yes")
    print(f"  {seller} writes and signs the swap; {buyer} checks it with folio-wallet show:")
    shown = wallet(args, "show", half).stdout.rstrip()
    print("    " + shown.replace("\n", "\n    "))
    wallet(args, "sign", half, "--key", buyer, "--out", both, "--yes")
    out = json.loads(wallet(args, "submit", both, "--json").stdout)
    print(f"  {buyer} signs and submits: {out.get('status')} at height {out.get('height')}")
    for who in (seller, buyer):
        print(f"  {who}: {amount_of(rpc, addresses[who], 'SOLARCOOP')} SOLARCOOP, "
              f"{amount_of(rpc, addresses[who], 'GONETTE')} GONETTE")


def play(rpc, args, wallet, addresses):
    equity_campaigns(rpc, args, wallet, addresses)
    loan_campaign(rpc, args, wallet, addresses)
    royalty_distribution(rpc, addresses)
    shareholder_vote(rpc, args, wallet)
    pledge_and_release(rpc, args, wallet, addresses)
    local_currency(rpc, args, wallet, addresses)
    delivery_versus_payment(rpc, args, wallet, addresses)

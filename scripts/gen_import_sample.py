#!/usr/bin/env python3
"""Writes a sample legacy register for `folio-audit import` (format: docs/import.md).

    scripts/gen_import_sample.py --seed N --out DIR [--damage] [--holders H] [--assets A]

The same seed writes the same bytes. The set is what a platform moving onto Folio brings: holders with
their KYC (by document hash), a local currency, equities, minibonds with amortization schedules part paid,
frozen holdings, the movement history that leads to the holdings, and two running campaigns whose collected
funds sit in escrow. Holder keys are BIP340 x-only keys derived from the seed (the secret keys are not
written: the import never needs them). `--damage` adds one bad line of each kind the validator refuses, so
that its messages can be checked line by line.

Standard library only.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import sys

# secp256k1 (SEC 2): y^2 = x^3 + 7 over F_p, generator G of prime order N.
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
GX = 0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798
GY = 0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8

CUTOVER = "2026-11-30T00:00:00Z"
CUTOVER_DATE = datetime.date(2026, 11, 30)
HISTORY_START = datetime.date(2019, 1, 7)
WINDOW_BITS = 4


def jacobian_add_affine(p1, q):
    """P1 (Jacobian, or None for infinity) + Q (affine): the mixed addition, 8M + 3S."""
    if p1 is None:
        return (q[0], q[1], 1)
    x1, y1, z1 = p1
    x2, y2 = q
    z1z1 = z1 * z1 % P
    u2 = x2 * z1z1 % P
    s2 = y2 * z1 * z1z1 % P
    h = (u2 - x1) % P
    r = (s2 - y1) % P
    if h == 0:
        if r == 0:
            return jacobian_double(p1)
        return None
    hh = h * h % P
    hhh = h * hh % P
    v = x1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - y1 * hhh) % P
    return (x3, y3, z1 * h % P)


def jacobian_double(p1):
    x1, y1, z1 = p1
    if y1 == 0:
        return None
    s = 4 * x1 * y1 * y1 % P
    m = 3 * x1 * x1 % P
    x3 = (m * m - 2 * s) % P
    y3 = (m * (s - x3) - 8 * pow(y1, 4, P)) % P
    return (x3, y3, 2 * y1 * z1 % P)


def to_affine(p1):
    x, y, z = p1
    zinv = pow(z, P - 2, P)
    zinv2 = zinv * zinv % P
    return (x * zinv2 % P, y * zinv2 * zinv % P)


def fixed_base_table():
    """table[w][d] = d * 2^(4w) * G in affine form, so that k*G is at most 64 mixed additions."""
    table = []
    base = (GX, GY)
    for _ in range(256 // WINDOW_BITS):
        row = [None]
        acc = None
        for _d in range(1, 1 << WINDOW_BITS):
            acc = jacobian_add_affine(acc, base)
            row.append(to_affine(acc))
        table.append(row)
        nxt = (base[0], base[1], 1)
        for _ in range(WINDOW_BITS):
            nxt = jacobian_double(nxt)
        base = to_affine(nxt)
    return table


def xonly_pubkey(secret, table):
    acc = None
    k = secret
    for w in range(256 // WINDOW_BITS):
        d = k & ((1 << WINDOW_BITS) - 1)
        k >>= WINDOW_BITS
        if d:
            acc = jacobian_add_affine(acc, table[w][d])
    return to_affine(acc)[0]


def x_not_on_curve(start):
    """The first x >= start for which x^3 + 7 has no square root mod p: no point has that x."""
    x = start
    while pow((x * x * x + 7) % P, (P - 1) // 2, P) == 1:
        x += 1
    return x


def tagged(seed, *parts):
    h = hashlib.sha256(("folio-import-sample/%d" % seed).encode())
    for part in parts:
        h.update(b"/" + str(part).encode())
    return h.digest()


def csv_line(fields):
    out = []
    for f in fields:
        f = str(f)
        if any(c in f for c in ',"\r\n'):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ",".join(out) + "\r\n"


def fmt(amount, decimals):
    if decimals == 0:
        return str(amount)
    s = str(amount).rjust(decimals + 1, "0")
    return s[:-decimals] + "." + s[-decimals:]


def day(d):
    return d.isoformat()


def add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][m - 1]
    return datetime.date(y, m, min(d.day, last))


class Sample:
    def __init__(self, seed, holders, assets):
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_holders = holders
        self.n_assets = assets
        self.files = {}

    def make_holders(self):
        table = fixed_base_table()
        self.holders = []
        for i in range(self.n_holders):
            hid = "H%06d" % (i + 1)
            secret = int.from_bytes(tagged(self.seed, "key", hid), "big") % (N - 1) + 1
            pubkey = "%064x" % xonly_pubkey(secret, table)
            level = 2 if self.rng.random() < 0.15 else 1
            category = "professional" if level == 2 else "retail"
            expires = datetime.date(2040 + self.rng.randrange(6), 1 + self.rng.randrange(12), 1 + self.rng.randrange(28))
            doc = tagged(self.seed, "kyc", hid).hex()
            self.holders.append({"id": hid, "pubkey": pubkey, "level": level, "category": category,
                                 "expires": day(expires), "doc": doc})

    def make_assets(self):
        self.assets = [{"symbol": "EURL", "class": "currency", "decimals": 2, "max_supply": 10**13,
                        "kyc_min_level": "", "max_holders": "", "transferable": "true"}]
        n_bonds = max(2, (self.n_assets - 1) // 4)
        n_royalty = 1 if self.n_assets >= 8 else 0
        n_equity = self.n_assets - 1 - n_bonds - n_royalty
        for i in range(n_equity):
            self.assets.append({"symbol": "EQ-%03d" % (i + 1), "class": "equity", "decimals": 0,
                                "max_supply": 0, "kyc_min_level": "", "max_holders": "",
                                "transferable": "true"})
        for i in range(n_bonds):
            self.assets.append({"symbol": "MB-%03d" % (i + 1), "class": "minibond", "decimals": 0,
                                "max_supply": 0, "kyc_min_level": "2" if i % 5 == 4 else "",
                                "max_holders": "", "transferable": "true" if i % 3 else "false"})
        for i in range(n_royalty):
            self.assets.append({"symbol": "RY-%03d" % (i + 1), "class": "royalty", "decimals": 4,
                                "max_supply": 0, "kyc_min_level": "", "max_holders": "",
                                "transferable": "true"})
        for a in self.assets:
            a["metadata_hash"] = tagged(self.seed, "terms", a["symbol"]).hex()

    def make_holdings(self):
        """Who holds what at the cut-over; each holder holds the currency and one to four other assets."""
        self.holdings = {a["symbol"]: [] for a in self.assets}
        by_symbol = {a["symbol"]: a for a in self.assets}
        others = [a for a in self.assets if a["class"] != "currency"]
        for h in self.holders:
            self.holdings["EURL"].append([h["id"], self.rng.randrange(1, 5_000_000), 0])
            picks = self.rng.sample(others, min(len(others), 1 + self.rng.randrange(4)))
            for a in picks:
                if a["kyc_min_level"] == "2" and h["level"] < 2:
                    continue
                if a["decimals"] == 4:
                    amount = self.rng.randrange(1, 50_000_000)
                else:
                    amount = self.rng.randrange(1, 2_000)
                self.holdings[a["symbol"]].append([h["id"], amount, 0])
        # Frozen holdings: about 1 in 100, part or all of the holding (a pledge, a court order...).
        for symbol, rows in self.holdings.items():
            for row in rows:
                if self.rng.random() < 0.01:
                    row[2] = row[1] if self.rng.random() < 0.3 else self.rng.randrange(0, row[1] + 1) or row[1]
        for symbol, rows in self.holdings.items():
            rows.sort(key=lambda r: r[0])
            a = by_symbol[symbol]
            if a["class"] != "currency":
                supply = sum(r[1] for r in rows)
                a["max_supply"] = supply * 2 + 10_000

    def make_campaigns(self):
        """Two running campaigns (opened before the cut-over, closing after), paid in EURL into escrow."""
        self.campaigns = []
        self.subscriptions = []
        equity = [a for a in self.assets if a["class"] == "equity"]
        bonds = [a for a in self.assets if a["class"] == "minibond" and a["kyc_min_level"] != "2"]
        offers = [(equity[0], 2500), (bonds[0], 10000)]
        eurl_rows = {r[0]: r for r in self.holdings["EURL"]}
        for n, (asset, price) in enumerate(offers):
            cid = "CAMP-%d" % (n + 1)
            opens = CUTOVER_DATE - datetime.timedelta(days=20 + 10 * n)
            closes = CUTOVER_DATE + datetime.timedelta(days=30 + 15 * n)
            subscribers = self.rng.sample(self.holders, min(len(self.holders), 30 + 10 * n))
            subscribers.sort(key=lambda h: h["id"])
            units_sold = 0
            for s in subscribers:
                units = 1 + self.rng.randrange(20)
                units_sold += units
                paid_day = opens + datetime.timedelta(days=self.rng.randrange((CUTOVER_DATE - opens).days))
                self.subscriptions.append({"campaign": cid, "holder": s["id"], "units": units,
                                           "amount": units * price, "date": day(paid_day)})
                # The subscriber had the money before paying it in: the paid amount leaves the holding
                # through a subscription movement.
                eurl_rows[s["id"]].append(units * price)
            target = units_sold * 3
            asset["max_supply"] += target
            self.campaigns.append({"id": cid, "symbol": asset["symbol"], "currency": "EURL", "price": price,
                                   "target": target, "min_ticket": price, "opens": day(opens),
                                   "closes": day(closes), "collected": units_sold * price,
                                   "units_sold": units_sold})

    def make_schedules(self):
        """Quarterly constant-amortization tables of each minibond, nominal 100.00 EURL a unit, 6% a year;
        the instalments due before the cut-over are paid."""
        self.schedules = []
        for a in self.assets:
            if a["class"] != "minibond":
                continue
            supply = sum(r[1] for r in self.holdings[a["symbol"]])
            principal = supply * 10000
            count = 8 + self.rng.randrange(13)
            first_due = add_months(datetime.date(2023 + self.rng.randrange(3), 1 + self.rng.randrange(12), 15), 3)
            remaining = principal
            for k in range(count):
                part = principal // count + (1 if k < principal % count else 0)
                interest = remaining * 600 // 10000 // 4
                due = add_months(first_due, 3 * k)
                paid = due <= CUTOVER_DATE
                self.schedules.append({"symbol": a["symbol"], "n": k + 1, "due": day(due), "principal": part,
                                       "interest": interest, "status": "paid" if paid else "due",
                                       "paid": day(due) if paid else ""})
                remaining -= part

    def make_movements(self):
        """A history whose sums give the holdings: issues, transfers between holders, redemptions, and the
        campaign subscriptions paid into escrow."""
        events = []
        for a in self.assets:
            symbol = a["symbol"]
            rows = self.holdings[symbol]
            finals = [[r[0], r[1] + sum(r[3:])] for r in rows]  # the amount before subscriptions were paid
            issued = {hid: amount for hid, amount in finals}
            transfers = []
            for i in range(0, len(finals) - 1, 7):
                src, dst = finals[i][0], finals[i + 1][0]
                if issued[dst] >= 2:
                    d = self.rng.randrange(1, issued[dst])
                    issued[src] += d
                    issued[dst] -= d
                    transfers.append(("transfer", src, dst, d))
            for i in range(3, len(finals), 23):
                r = self.rng.randrange(1, 100)
                issued[finals[i][0]] += r
                transfers.append(("redemption", finals[i][0], "", r))
            for hid, amount in finals:
                events.append((0, symbol, "issue", "", hid, issued[hid], ""))
            for kind, src, dst, d in transfers:
                events.append((1, symbol, kind, src, dst, d, ""))
        for s in self.subscriptions:
            events.append((2, "EURL", "subscription", s["holder"], "", s["amount"], s["campaign"]))
        decimals = {a["symbol"]: a["decimals"] for a in self.assets}
        span = (CUTOVER_DATE - HISTORY_START).days - 40
        self.movements = []
        for n, (stage, symbol, kind, src, dst, amount, campaign) in enumerate(events):
            if stage == 2:
                date = next(s["date"] for s in self.subscriptions if s["holder"] == src and s["campaign"] == campaign)
            else:
                date = day(HISTORY_START + datetime.timedelta(days=(n * span) // max(1, len(events))))
            self.movements.append([n + 1, date, symbol, kind, src, dst, fmt(amount, decimals[symbol]), campaign,
                                   "legacy-%s-%06d" % (symbol, n + 1)])
        self.movements.sort(key=lambda m: (m[1], m[0]))
        for i, m in enumerate(self.movements):
            m[0] = i + 1
        self.supply = {}
        for a in self.assets:
            self.supply[a["symbol"]] = 0
        for m in self.movements:
            amount = int(m[6].replace(".", ""))
            if m[3] == "issue":
                self.supply[m[2]] += amount
            elif m[3] == "redemption":
                self.supply[m[2]] -= amount

    def render(self):
        dec = {a["symbol"]: a["decimals"] for a in self.assets}
        f = {}
        f["accounts.csv"] = [csv_line(["holder_id", "pubkey", "kyc_level", "kyc_category", "kyc_expires",
                                       "kyc_doc_hash"])]
        f["accounts.csv"] += [csv_line([h["id"], h["pubkey"], h["level"], h["category"], h["expires"], h["doc"]])
                              for h in self.holders]
        f["assets.csv"] = [csv_line(["symbol", "class", "decimals", "max_supply", "kyc_min_level", "max_holders",
                                     "transferable", "metadata_hash"])]
        f["assets.csv"] += [csv_line([a["symbol"], a["class"], a["decimals"], fmt(a["max_supply"], a["decimals"]),
                                      a["kyc_min_level"], a["max_holders"], a["transferable"], a["metadata_hash"]])
                            for a in self.assets]
        f["holdings.csv"] = [csv_line(["symbol", "holder_id", "amount", "frozen"])]
        for a in self.assets:
            for r in self.holdings[a["symbol"]]:
                f["holdings.csv"].append(csv_line([a["symbol"], r[0], fmt(r[1], dec[a["symbol"]]),
                                                   fmt(r[2], dec[a["symbol"]])]))
        f["movements.csv"] = [csv_line(["seq", "date", "symbol", "type", "from_holder", "to_holder", "amount",
                                        "campaign", "reference"])]
        f["movements.csv"] += [csv_line(m) for m in self.movements]
        f["schedules.csv"] = [csv_line(["symbol", "instalment", "due_date", "currency", "principal", "interest",
                                        "status", "paid_date"])]
        f["schedules.csv"] += [csv_line([s["symbol"], s["n"], s["due"], "EURL", fmt(s["principal"], 2),
                                         fmt(s["interest"], 2), s["status"], s["paid"]]) for s in self.schedules]
        f["campaigns.csv"] = [csv_line(["campaign_id", "symbol", "currency", "price", "target", "min_ticket",
                                        "opens", "closes", "collected", "units_sold"])]
        f["campaigns.csv"] += [csv_line([c["id"], c["symbol"], c["currency"], fmt(c["price"], 2), c["target"],
                                         fmt(c["min_ticket"], 2), c["opens"], c["closes"],
                                         fmt(c["collected"], 2), c["units_sold"]]) for c in self.campaigns]
        f["subscriptions.csv"] = [csv_line(["campaign_id", "holder_id", "units", "amount", "date"])]
        f["subscriptions.csv"] += [csv_line([s["campaign"], s["holder"], s["units"], fmt(s["amount"], 2),
                                             s["date"]]) for s in self.subscriptions]
        self.lines = f

    def damage(self):
        """One bad line of each kind docs/import.md lists; each is either a new line or an existing line
        changed, chosen so that one mistake does not hide or repeat another."""
        acc = self.lines["accounts.csv"]
        h = self.holders
        # column count: a holder line with a seventh field
        acc.append(csv_line(["H900001", self.fresh_pubkey(0), 1, "retail", "2041-01-01", "00" * 32, "x"]))
        # encoding: a category that is not UTF-8 (Latin-1 "é")
        acc.append(("H900002,%s,1,r\xe9tail,2041-01-01,%s\r\n" % (self.fresh_pubkey(1), "11" * 32)).encode("latin-1"))
        # duplicate holder: a holder id already used, with a fresh key
        acc.append(csv_line([h[1]["id"], self.fresh_pubkey(2), 1, "retail", "2041-01-01", "22" * 32]))
        # duplicate key: a new holder with the key of another
        acc.append(csv_line(["H900003", h[2]["pubkey"], 1, "retail", "2041-01-01", "33" * 32]))
        # point not on the curve
        acc.append(csv_line(["H900004", "%064x" % x_not_on_curve(int(h[3]["pubkey"], 16)), 1, "retail",
                             "2041-01-01", "44" * 32]))
        # bad date: an existing holder's expiry on a day that does not exist
        self.replace_line("accounts.csv", 1 + 5, lambda fields: fields[:4] + ["2031-02-30"] + fields[5:])
        # expired KYC where the class needs it: a holder of the currency whose KYC ended before the cut-over
        self.replace_line("accounts.csv", 1 + 6, lambda fields: fields[:4] + ["2025-06-30"] + fields[5:])
        hold = self.lines["holdings.csv"]
        # decimals: a share amount with decimals (line of the first equity holding)
        first_eq = next(i for i, line in enumerate(hold) if isinstance(line, str) and line.startswith("EQ-"))
        self.replace_line("holdings.csv", first_eq, lambda fields: fields[:2] + [fields[2] + ".5"] + fields[3:])
        # unknown symbol
        hold.append(csv_line(["NOPE", h[7]["id"], "10", "0"]))
        # over max supply: an asset capped below what its holders hold
        self.replace_line("assets.csv", 3, lambda fields: fields[:3] + ["1"] + fields[4:])
        # movements not summing to holdings: a transfer the holdings do not show
        eq = self.assets[3]["symbol"]
        rows = self.holdings[eq]
        self.lines["movements.csv"].append(csv_line([len(self.movements) + 1, "2026-11-29", eq, "transfer",
                                                     rows[0][0], rows[1][0], "1", "", "unrecorded"]))
        # hash not matching the manifest: schedules.csv changed after the manifest was written
        self.mismatched = "schedules.csv"

    def fresh_pubkey(self, n):
        table = getattr(self, "_table", None) or fixed_base_table()
        self._table = table
        secret = int.from_bytes(tagged(self.seed, "damage-key", n), "big") % (N - 1) + 1
        return "%064x" % xonly_pubkey(secret, table)

    def replace_line(self, name, index, change):
        line = self.lines[name][index]
        fields = line[:-2].split(",")
        self.lines[name][index] = csv_line(change(fields))

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        files = {}
        for name, lines in self.lines.items():
            data = b"".join(x if isinstance(x, bytes) else x.encode("utf-8") for x in lines)
            with open(os.path.join(out, name), "wb") as fh:
                fh.write(data)
            digest = hashlib.sha256(data).hexdigest()
            if getattr(self, "mismatched", None) == name:
                digest = hashlib.sha256(data + b"changed").hexdigest()
            files[name] = {"sha256": digest, "rows": len(lines) - 1}
        dec = {a["symbol"]: a["decimals"] for a in self.assets}
        manifest = {
            "format": "folio-import",
            "version": 1,
            "import_id": "sample-%d" % self.seed,
            "source": "gen_import_sample.py seed %d" % self.seed,
            "cutover": CUTOVER,
            "files": files,
            "supply": {s: fmt(v, dec[s]) for s, v in self.supply.items()},
        }
        with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8", newline="\n") as fh:
            json.dump(manifest, fh, indent=2, sort_keys=True)
            fh.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--damage", action="store_true", help="add one bad line of each kind")
    ap.add_argument("--holders", type=int, default=10000, help="holders (default 10000)")
    ap.add_argument("--assets", type=int, default=50, help="assets, the currency included (default 50)")
    args = ap.parse_args()
    if args.holders < 20 or args.holders > 999_999:
        ap.error("--holders must be between 20 and 999999")
    if args.assets < 8 or args.assets > 999:
        ap.error("--assets must be between 8 and 999")
    s = Sample(args.seed, args.holders, args.assets)
    s.make_holders()
    s.make_assets()
    s.make_holdings()
    s.make_campaigns()
    s.make_schedules()
    s.make_movements()
    s.render()
    if args.damage:
        s.damage()
    s.write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

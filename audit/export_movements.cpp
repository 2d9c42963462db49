// folio-audit movements: the register of movements of an asset over a range of blocks (audit/export.h).
#include <nlohmann/json.hpp>

#include "audit/export.h"
#include "audit/export_open.h"
#include "audit/export_output.h"
#include "audit/movements.h"
#include "chain/crypto/bech32m.h"

namespace folio::audit {
namespace {

constexpr const char* kCommand = "movements";
constexpr size_t kPage = 10'000;

std::vector<Column> movement_columns(bool include_failed) {
    std::vector<Column> c = {{"seq", CellKind::text},
                             {"date", CellKind::text},
                             {"height", CellKind::integer},
                             {"tx_hash", CellKind::text},
                             {"op_index", CellKind::integer},
                             {"type", CellKind::text},
                             {"from", CellKind::text},
                             {"to", CellKind::text},
                             {"amount", CellKind::amount},
                             {"from_balance_after", CellKind::amount},
                             {"to_balance_after", CellKind::amount},
                             {"legal_ref", CellKind::text},
                             {"client_ref", CellKind::text},
                             {"memo", CellKind::text},
                             {"signer", CellKind::text},
                             {"instrument", CellKind::text}};
    if (include_failed) {
        c.push_back({"status", CellKind::text});
        c.push_back({"reason", CellKind::text});
    }
    return c;
}

struct MovementTotals {
    Amount genesis = 0, issued = 0, burned = 0, transferred = 0, forced = 0, escrow_in = 0, escrow_out = 0;
    uint64_t movements = 0, failed = 0, locks = 0;
};

}  // namespace

int run_movements(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    auto usage = [&](const std::string& m) { return usage_failed(err, kCommand, m); };
    std::string why;
    auto start = export_start(args, true, why);
    if (!start) return usage(why);
    const auto& output = start->output;
    const Height from = start->from;
    if (!args.get("--asset")) return usage("--asset S is required");
    const std::string symbol = *args.get("--asset");
    const bool include_failed = args.has("--include-failed");

    auto opened = open_export_source(args, [&](Height head) { return range_end(*start, head); }, err);
    if (opened.error) return open_failed(err, kCommand, *opened.error);
    ExportSource& source = opened.opened->source();
    const Height to = start->to.value_or(source.head());
    auto fail_read = [&](const Error& e) { return command_failed(err, kCommand, read_failure_code(e), e.message); };

    auto asset = source.asset(symbol);
    if (!asset) {
        if (asset.reason() == Reason::NOT_FOUND) return usage("--asset: no asset " + symbol + " on this chain");
        return fail_read(asset.error());
    }
    const uint8_t d = asset->decimals;
    auto manifest = manifest_base(source, kCommand, to);
    if (!manifest) return fail_read(manifest.error());

    ExportTable table(movement_columns(include_failed), output.format);
    MovementTotals totals;
    const std::optional<Height> opening = from == 0 ? std::nullopt : std::optional<Height>(from - 1);
    BalanceTrail trail(source, opening);
    std::vector<std::string> cells;
    auto balance_cell = [&](const std::optional<AccountId>& a) -> Result<std::string> {
        if (!a) return std::string();
        auto amount = trail.amount(*asset, *a);
        if (!amount) return amount.error();
        return format_amount(*amount, d);
    };

    // Block 0: the genesis document's allocations, an issuance before any tx.
    if (from == 0) {
        auto zero = source.header(0);
        if (!zero) return fail_read(zero.error());
        std::optional<AccountId> after;
        uint32_t part = 0;
        for (;;) {
            auto page = source.holders(*asset, 0, after, kPage, false);
            if (!page) return fail_read(page.error());
            for (const HolderRow& row : *page) {
                Movement m{asset->symbol, "genesis", std::nullopt, row.account, row.balance.amount, std::nullopt, 0,
                           part++};
                if (Status s = trail.apply(*asset, m); !s) return fail_read(s.error());
                if (!checked_add(totals.genesis, m.amount, totals.genesis)) return fail_read(make_error(Reason::CORRUPTION, "overflow"));
                ++totals.movements;
                auto to_after = balance_cell(m.to);
                if (!to_after) return fail_read(to_after.error());
                cells = {movement_seq(0, 0, m), iso8601_utc(zero->time_ms), "0", "", "", "genesis", "",
                         address_or_empty(m.to), format_amount(m.amount, d), "", *to_after, "", "", "", "", ""};
                if (include_failed) cells.insert(cells.end(), {"committed", ""});
                table.add_row(cells);
            }
            if (page->size() < kPage) break;
            after = page->back().account;
        }
        if (Status s = trail.check_block(0); !s) return fail_read(s.error());
    }

    for (Height h = std::max<Height>(from, 1); h <= to; ++h) {
        auto block = source.block(h);
        if (!block) return fail_read(block.error());
        const std::string date = iso8601_utc(block->header.time_ms);
        const std::string height_text = std::to_string(h);
        for (uint32_t i = 0; i < block->txs.size(); ++i) {
            const TxEnvelope& tx = *block->txs[i];
            const Receipt& receipt = block->receipts[i];
            const bool ok = receipt.status == TxStatus::success;
            if (!ok && !include_failed) continue;
            auto moves = movements_of(tx, receipt);
            if (!moves) return fail_read(moves.error());
            for (const Movement& m : *moves) {
                if (!m.of(*asset)) continue;
                if (ok) {
                    if (Status s = trail.apply(*asset, m); !s)
                        return fail_read(make_error(s.reason(), "block " + height_text + " tx " + std::to_string(i) +
                                                                    ": " + s.error().message));
                    ++totals.movements;
                    Amount* sum = m.supply == SupplyEffect::issued   ? &totals.issued
                                  : m.supply == SupplyEffect::burned ? &totals.burned
                                  : m.type == "forced_transfer"      ? &totals.forced
                                  : !m.moves                         ? nullptr
                                  : !m.to                            ? &totals.escrow_in
                                  : !m.from                          ? &totals.escrow_out
                                                                     : &totals.transferred;
                    if (!sum) ++totals.locks;
                    if (sum && !checked_add(*sum, m.amount, *sum))
                        return fail_read(make_error(Reason::CORRUPTION, "overflow"));
                } else {
                    ++totals.failed;
                }
                auto from_after = balance_cell(m.from);
                if (!from_after) return fail_read(from_after.error());
                auto to_after = balance_cell(m.to);
                if (!to_after) return fail_read(to_after.error());
                const Tx& t = tx.signed_tx.tx;
                cells = {movement_seq(h, i, m),
                         date,
                         height_text,
                         to_hex(tx.tx_hash),
                         std::to_string(m.op_index),
                         m.type,
                         address_or_empty(m.from),
                         address_or_empty(m.to),
                         format_amount(m.amount, d),
                         *from_after,
                         *to_after,
                         m.legal_ref ? to_hex(*m.legal_ref) : "",
                         t.client_ref.value_or(""),
                         t.memo,
                         crypto::encode_address(t.signer),
                         m.instrument ? instrument_id_hex(*m.instrument) : ""};
                if (include_failed) {
                    cells.push_back(ok ? "committed" : "failed");
                    cells.push_back(ok ? "" : std::string(reason_name(receipt.reason)));
                }
                table.add_row(cells);
            }
        }
        if (Status s = trail.check_block(h); !s) return fail_read(s.error());
    }

    // The movements against the supply: what was issued less what was burned is the change of supply.
    auto supply_end = supply_at(source, *asset, to);
    if (!supply_end) return fail_read(supply_end.error());
    Amount supply_start = 0;
    std::string start_source = "none before genesis";
    if (opening) {
        auto s = supply_at(source, *asset, *opening);
        if (!s) return fail_read(s.error());
        supply_start = s->supply;
        start_source = s->source;
    }
    Amount added = 0, expected = 0;
    if (!checked_add(totals.genesis, totals.issued, added) || !checked_add(supply_start, added, expected) ||
        expected < totals.burned || expected - totals.burned != supply_end->supply) {
        return command_failed(err, kCommand, kExitDiscrepancy,
                              "the movements of " + symbol + " do not add up: supply " + format_amount(supply_start, d) +
                                  " at the start, + " + format_amount(added, d) + " issued, - " +
                                  format_amount(totals.burned, d) + " burned, but " +
                                  format_amount(supply_end->supply, d) + " at block " + std::to_string(to) + " (" +
                                  supply_end->source + "); nothing was written");
    }
    nlohmann::json& m = *manifest;
    m["asset"] = asset->symbol;
    m["asset_id"] = asset->id;
    m["decimals"] = d;
    m["from_height"] = from;
    m["to_height"] = to;
    m["include_failed"] = include_failed;
    m["supply"] = format_amount(supply_end->supply, d);
    m["holders"] = supply_end->holders;
    m["supply_source"] = supply_end->source;
    m["totals"] = {{"supply_at_start", format_amount(supply_start, d)},
                   {"supply_at_start_source", start_source},
                   {"genesis", format_amount(totals.genesis, d)},
                   {"issued", format_amount(totals.issued, d)},
                   {"burned", format_amount(totals.burned, d)},
                   {"transferred", format_amount(totals.transferred, d)},
                   {"forced_transferred", format_amount(totals.forced, d)},
                   {"escrow_in", format_amount(totals.escrow_in, d)},
                   {"escrow_out", format_amount(totals.escrow_out, d)},
                   {"locks", totals.locks},
                   {"movements", totals.movements},
                   {"failed", totals.failed}};
    if (Status s = write_export(output, table, std::move(m)); !s)
        return command_failed(err, kCommand, kExitUnreadable, s.error().message);
    out << "movements of " << symbol << " in blocks " << from << ".." << to << ": " << totals.movements
        << " movements written to " << output.out << "\n";
    return kExitVerified;
}

}  // namespace folio::audit

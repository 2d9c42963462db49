// folio-audit statement: an owner's statement of operations, per asset, with its opening and closing
// balances (audit/export.h).
#include <map>
#include <nlohmann/json.hpp>

#include "audit/export.h"
#include "audit/export_open.h"
#include "audit/export_output.h"
#include "audit/movements.h"
#include "chain/crypto/bech32m.h"

namespace folio::audit {
namespace {

constexpr const char* kCommand = "statement";

std::vector<Column> statement_columns() {
    return {{"asset", CellKind::text},       {"seq", CellKind::text},       {"date", CellKind::text},
            {"height", CellKind::integer},   {"tx_hash", CellKind::text},   {"op_index", CellKind::integer},
            {"type", CellKind::text},        {"from", CellKind::text},      {"to", CellKind::text},
            {"amount", CellKind::amount},    {"balance_after", CellKind::amount}, {"legal_ref", CellKind::text},
            {"client_ref", CellKind::text},  {"memo", CellKind::text},      {"signer", CellKind::text},
            {"instrument", CellKind::text}};
}

// One asset's part of the statement, built while the account's txs are read in order.
struct AssetPart {
    AssetFacts asset;
    Amount opening = 0, closing = 0, credits = 0, debits = 0, running = 0;
    std::vector<std::vector<std::string>> rows;  // the movement rows, in order
};

// Where a movement happened, as the row shows it.
struct Where {
    std::string seq, date, height, tx_hash, op_index, client_ref, memo, signer;
};

}  // namespace

int run_statement(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    auto usage = [&](const std::string& m) { return usage_failed(err, kCommand, m); };
    std::string why;
    auto start = export_start(args, true, why);
    if (!start) return usage(why);
    const auto& output = start->output;
    const Height from = start->from;
    if (!args.get("--account")) return usage("--account ADDR is required");
    const std::string address = *args.get("--account");
    auto account = crypto::decode_address(address);
    if (!account) return usage("--account: " + address + " is not a Folio address");

    auto opened = open_export_source(args, [&](Height head) { return range_end(*start, head); }, err);
    if (opened.error) return open_failed(err, kCommand, *opened.error);
    ExportSource& source = opened.opened->source();
    const Height to = start->to.value_or(source.head());
    auto fail_read = [&](const Error& e) { return command_failed(err, kCommand, read_failure_code(e), e.message); };

    auto known = source.has_account(*account);
    if (!known) return fail_read(known.error());
    if (!*known) return usage("--account: no account " + address + " on this chain");
    auto manifest = manifest_base(source, kCommand, to);
    if (!manifest) return fail_read(manifest.error());
    // The balances open at the end of block from - 1; from the genesis, nothing is open.
    const bool has_opening = from > 0;
    const Height opening_height = has_opening ? from - 1 : 0;

    // Opening and closing balances of every asset, from the balance history.
    auto assets = source.assets();
    if (!assets) return fail_read(assets.error());
    std::map<std::string, AssetPart> parts;  // by symbol, as ops name assets
    std::vector<std::string> order;          // asset id order
    for (const AssetFacts& a : *assets) {
        AssetPart p{a};
        if (has_opening) {
            auto b = source.balance_at(a, *account, opening_height);
            if (!b) return fail_read(b.error());
            p.opening = b->amount;
        }
        auto c = source.balance_at(a, *account, to);
        if (!c) return fail_read(c.error());
        p.closing = c->amount;
        p.running = p.opening;
        order.push_back(a.symbol);
        parts.emplace(a.symbol, std::move(p));
    }

    auto record = [&](AssetPart& p, const Movement& m, const Where& w) -> Status {
        if (m.moves && m.from == *account) {
            if (p.running < m.amount)
                return make_error(Reason::CORRUPTION, "the movements give " + address + " less " + p.asset.symbol +
                                                          " than it sends at " + w.seq);
            p.running -= m.amount;
            if (!checked_add(p.debits, m.amount, p.debits)) return make_error(Reason::CORRUPTION, "overflow");
        }
        if (m.moves && m.to == *account) {
            if (!checked_add(p.running, m.amount, p.running) || !checked_add(p.credits, m.amount, p.credits))
                return make_error(Reason::CORRUPTION, "overflow");
        }
        const uint8_t d = p.asset.decimals;
        p.rows.push_back({p.asset.symbol, w.seq, w.date, w.height, w.tx_hash, w.op_index, m.type,
                          address_or_empty(m.from), address_or_empty(m.to), format_amount(m.amount, d),
                          format_amount(p.running, d), m.legal_ref ? to_hex(*m.legal_ref) : "", w.client_ref, w.memo,
                          w.signer, m.instrument ? instrument_id_hex(*m.instrument) : ""});
        return Status();
    };

    if (from == 0) {
        auto zero = source.header(0);
        if (!zero) return fail_read(zero.error());
        for (auto& [symbol, p] : parts) {
            auto b = source.balance_at(p.asset, *account, 0);
            if (!b) return fail_read(b.error());
            if (b->amount == 0) continue;
            Movement m{symbol, "genesis", std::nullopt, *account, b->amount, std::nullopt, 0, std::nullopt};
            const Where where{"0.0.0", iso8601_utc(zero->time_ms), "0", "", "", "", "", ""};
            if (Status s = record(p, m, where); !s) return fail_read(s.error());
        }
    }

    auto txs = source.account_txs(*account, std::max<Height>(from, 1), to);
    if (!txs) return fail_read(txs.error());
    std::optional<ExportBlock> block;
    for (size_t k = 0; k < txs->size(); ++k) {
        const HistoryEntry& e = (*txs)[k];
        if (!block || block->header.height != e.height) {
            auto b = source.block(e.height);
            if (!b) return fail_read(b.error());
            block = std::move(*b);
        }
        if (e.index >= block->txs.size()) {
            return fail_read(make_error(Reason::CORRUPTION, "the history of " + address + " names tx " +
                                                                std::to_string(e.index) + " of block " +
                                                                std::to_string(e.height) + ", which it lacks"));
        }
        if (block->receipts[e.index].status != TxStatus::success) continue;
        const TxEnvelope& tx = *block->txs[e.index];
        auto moves = movements_of(tx, block->receipts[e.index]);
        if (!moves) return fail_read(moves.error());
        const Tx& t = tx.signed_tx.tx;
        for (const Movement& m : *moves) {
            if (m.from != *account && m.to != *account) continue;
            auto it = parts.begin();
            while (it != parts.end() && !m.of(it->second.asset)) ++it;
            if (it == parts.end())
                return fail_read(make_error(Reason::CORRUPTION, "a movement of an unknown asset " +
                                                                    (m.asset_id ? std::to_string(m.asset_id) : m.asset)));
            const Where where{movement_seq(e.height, e.index, m),
                              iso8601_utc(block->header.time_ms),
                              std::to_string(e.height),
                              to_hex(tx.tx_hash),
                              std::to_string(m.op_index),
                              t.client_ref.value_or(""),
                              t.memo,
                              crypto::encode_address(t.signer)};
            if (Status s = record(it->second, m, where); !s) return fail_read(s.error());
        }
        // At the end of each block of the account's, its running balances must be the stored ones.
        const bool block_ends = k + 1 == txs->size() || (*txs)[k + 1].height != e.height;
        if (!block_ends) continue;
        for (auto& [symbol, p] : parts) {
            auto b = source.balance_at(p.asset, *account, e.height);
            if (!b) return fail_read(b.error());
            if (b->amount != p.running) {
                return command_failed(err, kCommand, kExitDiscrepancy,
                                      "block " + std::to_string(e.height) + ": the balance history gives " + address +
                                          " " + format_amount(b->amount, p.asset.decimals) + " " + symbol +
                                          ", its movements " + format_amount(p.running, p.asset.decimals) +
                                          "; nothing was written");
            }
        }
    }

    ExportTable table(statement_columns(), output.format);
    nlohmann::json asset_totals = nlohmann::json::array();
    auto opening_header = has_opening ? source.header(opening_height) : Result<BlockHeader>(BlockHeader{});
    if (!opening_header) return fail_read(opening_header.error());
    const std::string closing_date = (*manifest)["block_time"].get<std::string>();
    for (const std::string& symbol : order) {
        AssetPart& p = parts.at(symbol);
        if (p.opening == 0 && p.closing == 0 && p.rows.empty()) continue;
        const uint8_t d = p.asset.decimals;
        if (p.running != p.closing) {
            return command_failed(err, kCommand, kExitDiscrepancy,
                                  "the statement of " + address + " in " + symbol + " does not add up: opening " +
                                      format_amount(p.opening, d) + " + " + format_amount(p.credits, d) + " - " +
                                      format_amount(p.debits, d) + " is not the closing " +
                                      format_amount(p.closing, d) + "; nothing was written");
        }
        table.add_row({symbol, "", has_opening ? iso8601_utc(opening_header->time_ms) : "",
                       has_opening ? std::to_string(opening_height) : "", "", "", "opening", "", "", "",
                       format_amount(p.opening, d), "", "", "", "", ""});
        for (const auto& row : p.rows) table.add_row(row);
        table.add_row({symbol, "", closing_date, std::to_string(to), "", "", "closing", "", "", "",
                       format_amount(p.closing, d), "", "", "", "", ""});
        auto supply = supply_at(source, p.asset, to);
        if (!supply) return fail_read(supply.error());
        asset_totals.push_back({{"asset", symbol},
                                {"decimals", d},
                                {"opening", format_amount(p.opening, d)},
                                {"credits", format_amount(p.credits, d)},
                                {"debits", format_amount(p.debits, d)},
                                {"closing", format_amount(p.closing, d)},
                                {"movements", p.rows.size()},
                                {"supply", format_amount(supply->supply, d)},
                                {"holders", supply->holders},
                                {"supply_source", supply->source}});
    }
    nlohmann::json& m = *manifest;
    m["account"] = crypto::encode_address(*account);
    m["from_height"] = from;
    m["to_height"] = to;
    m["totals"] = {{"assets", std::move(asset_totals)}};
    if (Status s = write_export(output, table, std::move(m)); !s)
        return command_failed(err, kCommand, kExitUnreadable, s.error().message);
    out << "statement of " << address << " for blocks " << from << ".." << to << " written to " << output.out << "\n";
    return kExitVerified;
}

}  // namespace folio::audit

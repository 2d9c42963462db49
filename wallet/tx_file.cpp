#include "wallet/tx_file.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "rpc/json_limits.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

Result<Bytes> parse_tx_text(std::string_view text) {
    if (text.size() > kMaxTxFileBytes)
        return make_error(Reason::TOO_LARGE, "the tx file is larger than 1 MiB");
    std::string_view t = trim(text);
    std::string hex;
    if (!t.empty() && t.front() == '{') {
        json doc;
        std::string why;
        if (!rpc::parse_json_bounded(t, 4, doc, why))
            return make_error(Reason::DECODE_ERROR, cat("not valid JSON: ", why));
        if (!doc.contains("tx") || !doc["tx"].is_string()) {
            return make_error(Reason::DECODE_ERROR, "the JSON has no \"tx\" hex string");
        }
        hex = doc["tx"].get<std::string>();
    } else {
        hex = std::string(t);
    }
    if (hex.empty()) return make_error(Reason::DECODE_ERROR, "the file is empty");
    auto bytes = from_hex(hex);
    if (!bytes) return make_error(Reason::DECODE_ERROR, "not hex (and not JSON {\"tx\": HEX})");
    return std::move(*bytes);
}

Result<LoadedTx> decode_any_tx(ByteView bytes) {
    auto tx = decode_tx(bytes);
    if (tx) return LoadedTx{std::move(*tx), {}};
    auto signed_tx = decode_signed_tx(bytes);
    if (signed_tx) return LoadedTx{(*signed_tx)->signed_tx.tx, (*signed_tx)->signed_tx.signatures};
    return make_error(tx.reason(), cat("not a tx: ", tx.error().message));
}

std::string describe_tx(const Tx& tx, const DecimalsLookup& decimals, const InstrumentRegistry& registry,
                        std::string_view chain_name) {
    std::string s;
    auto line = [&s](std::string_view label, const std::string& value) {
        std::string l(label);
        l.resize(14, ' ');
        s += cat("  ", l, value, "\n");
    };
    line("Chain:", cat(chain_name, " (", to_hex(tx.chain_id), ")"));
    line("Signer:", crypto::encode_address(tx.signer));
    line("Nonce:", std::to_string(tx.nonce));
    line("Valid until:", tx.valid_until_height ? cat("height ", tx.valid_until_height) : "no limit");
    if (!tx.memo.empty()) line("Memo:", cat("\"", printable(tx.memo, 300), "\""));
    if (tx.client_ref) line("Client ref:", cat("\"", printable(*tx.client_ref, 80), "\""));
    line("Tx hash:", to_hex(tx.hash()));
    s += cat("  Ops (", tx.ops.size(), "):\n");
    bool base_units = false;
    for (size_t i = 0; i < tx.ops.size(); ++i) {
        auto j = op_to_json(tx.ops[i], decimals, registry);
        std::string text;
        if (j) {
            text = describe_op(*j);
            for (const char* f : {"asset", "symbol"}) {
                if (j->contains(f) && (*j)[f].is_string() &&
                    !(decimals && decimals((*j)[f].get<std::string>()))) {
                    base_units = base_units || j->contains("amount") || j->contains("to");
                }
            }
        } else {
            text = cat("undecodable op (tag ", tx.ops[i].tag, "): ", j.error().message);
        }
        s += cat("    ", i + 1, ". ", text, "\n");
    }
    if (base_units) s += "  Amounts are in the asset's base units (its decimals are not known here).\n";
    return s;
}

}  // namespace folio::wallet

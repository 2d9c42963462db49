// An account's history as its holder reads it: from each account_history entry (docs/rpc-shapes.md: signer,
// memo, ops as the node writes them), only the ops that concern the account, each with the direction value
// moved, the amount, the other side and what happened in words relative to the account. A receiver reads
// "in  +100 ACME  <sender>  transfer", not "transfer 100 ACME to <its own address>"; an investor whose KYC
// the platform attested in one tx with others sees its own attestation only.
//
// An op concerns the account when the account signed the tx (everything it signed is its own doing), or the
// op names the account anywhere (receiver, sender, holder, attested or registered account, or any field of
// an instrument op the wallet does not know). Pure: no I/O; entries from a node are untrusted and never make
// these functions throw.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace folio::wallet {

struct AccountLine {
    size_t op_index = 0;       // the op's place in its tx
    std::string direction;     // "in", "out", "self" (to itself), or "" when nothing of the account moved
    std::string amount;        // the amount moved, as the node wrote it ("12.50"); "" when nothing moved
    std::string asset;         // the asset moved or acted on; may be ""
    std::string counterparty;  // the other side: an address, "N accounts", or "" when there is none
    std::string what;          // "transfer", "KYC level 1 (retail) attested, expires ..."
};

// The lines of one entry that concern `account` (a folio1... address), in op order. Empty when no op
// concerns it (a node that lists a tx it should not).
std::vector<AccountLine> lines_for_account(const nlohmann::json& entry, std::string_view account);

// The wallet's --json form of one entry: the node's fields, with `ops` replaced by the lines above as
// [{op_index, direction, amount?, asset?, counterparty?, what, op}] (`op` as the node gave it, except that an
// issue the account did not sign keeps only the account's own recipients), and `ops_in_tx`.
nlohmann::json entry_for_account(const nlohmann::json& entry, std::string_view account);

// The text table of a page of entries for `account`: one row per line.
//   HEIGHT  TIME  STATUS  DIR  AMOUNT  COUNTERPARTY  WHAT  MEMO  TX
std::string history_text(const nlohmann::json& entries, std::string_view account);

}  // namespace folio::wallet

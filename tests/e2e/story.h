// Ledger steps shared by the end-to-end scenarios, all over JSON-RPC against a FoliodNode started with --dev
// (node keys `operator`, `registrar`, `issuer`). Each helper throws e2e::Failure when a step does not end as
// it must, naming the step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/crypto/schnorr.h"
#include "chain/tx.h"
#include "tests/e2e/harness.h"

namespace folio::e2e {

// A key held by the test itself (not by the node), as a platform's investor would hold it.
struct Investor {
    crypto::SecretKey key;
    std::string pubkey;   // hex
    std::string address;  // folio1...
};

// A fresh random key, not registered yet.
Investor new_investor();

// tx_sign_submit with a node key, then tx_wait: the tx hash; throws unless the tx committed.
std::string sign_submit_wait(FoliodNode& node, const std::string& key, const json& ops,
                             const std::optional<std::string>& client_ref = std::nullopt);
// tx_wait until the tx is committed (status "committed"); the tx_wait result. Throws on any other status.
json wait_committed(FoliodNode& node, const std::string& tx_hash, uint64_t timeout_ms = 30000);

// account_register by `operator` for each investor, then (if `kyc`) kyc_attest level 1 for a year, both in
// one tx each.
void register_investors(FoliodNode& node, const std::vector<const Investor*>& investors, bool kyc);
// The ops in their JSON form.
json asset_create_op(const std::string& symbol, const std::string& asset_class, int decimals,
                     const std::string& max_supply);
json issue_op(const std::string& symbol, const std::vector<std::pair<std::string, std::string>>& to);
// asset_create by `issuer`.
void create_asset(FoliodNode& node, const std::string& symbol, const std::string& asset_class, int decimals,
                  const std::string& max_supply);
// issue by `issuer`: [(address, amount)].
std::string issue(FoliodNode& node, const std::string& symbol,
                  const std::vector<std::pair<std::string, std::string>>& to,
                  const std::optional<std::string>& client_ref = std::nullopt);

// Two KYC'd investors; `symbol` (equity, 0 decimals) created and `amount` issued to alice, in two blocks.
struct Pair {
    Investor alice, bob;
};
Pair fund_pair(FoliodNode& node, const std::string& symbol, const std::string& amount);

// tx_build for `from` with a transfer op (nonce, client_ref, memo optional): {tx, sighash, nonce, ...}.
json build_transfer(FoliodNode& node, const Investor& from, const std::string& asset, const std::string& to,
                    const std::string& amount, std::optional<uint64_t> nonce = std::nullopt,
                    const std::optional<std::string>& client_ref = std::nullopt);
// Decodes tx_build's unsigned tx and checks that the node's sighash is the tx's own hash (a signer must never
// sign a hash it cannot explain); the decoded tx.
Tx decode_built(const json& built);
// BIP340 signature over tx_build's sighash, as tx_submit's `signatures` takes it: [{pubkey, signature}].
json signatures_for(const json& built, const Investor& signer);
// The signed encoding (hex) of tx_build's tx, signed by `signer`: what tx_submit {tx} takes.
std::string signed_hex(const json& built, const Investor& signer);
std::string signed_hex(const Tx& tx, const Investor& signer);

// The `amount` of `asset` in account_holdings, "0" if the account holds none of it.
std::string holding_of(FoliodNode& node, const std::string& address, const std::string& asset);
// asset_holders as a map address -> amount (first page; tests use few holders).
std::map<std::string, std::string> holders_of(FoliodNode& node, const std::string& asset);

// The `data.reason` of a JSON-RPC error answer, or "" if the answer is not an error.
std::string error_reason(const json& answer);

}  // namespace folio::e2e

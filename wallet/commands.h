// The folio-wallet commands. Each takes the Context of one run and returns its Report or a Failure; none
// prints its result (the caller picks text or JSON), though some print a summary and ask before signing.
#pragma once

#include <string_view>

#include "chain/registry.h"
#include "wallet/context.h"

namespace folio::wallet {

using CommandFn = Expected<Report> (*)(Context&);

// Keys and setup (commands_keys.cpp)
Expected<Report> cmd_init(Context& ctx);
Expected<Report> cmd_keygen(Context& ctx);
Expected<Report> cmd_list(Context& ctx);
Expected<Report> cmd_address(Context& ctx);
// Reading the ledger (commands_query.cpp)
Expected<Report> cmd_holdings(Context& ctx);
Expected<Report> cmd_history(Context& ctx);
Expected<Report> cmd_verify_holding(Context& ctx);
// Txs (commands_tx.cpp, commands_rotate.cpp)
Expected<Report> cmd_transfer(Context& ctx);
Expected<Report> cmd_sign(Context& ctx);
Expected<Report> cmd_submit(Context& ctx);
Expected<Report> cmd_rotate_key(Context& ctx);
Expected<Report> cmd_tx_status(Context& ctx);
// Instruments (commands_instruments.cpp)
Expected<Report> cmd_claim(Context& ctx);
Expected<Report> cmd_schedule(Context& ctx);

CommandFn find_command_fn(std::string_view name);

// Shared by the tx commands (commands_tx.cpp).
// --wait-ms, or the default.
Expected<uint64_t> wait_ms_option(const Context& ctx);
// A key whose account the node does not know: UNKNOWN_ACCOUNT (exit 1), with the public key to register.
Failure unregistered_key_failure(const SelectedKey& key);
// A new keystore password: refused (WEAK_PASSWORD, exit 4) when shorter than keys::kMinNewPasswordChars,
// unless --allow-weak-password.
Done check_new_password(const Context& ctx, const std::string& password);
// How a tx that is not committed ends a command that waited `wait_ms` for it: failed, expired, unknown ->
// exit 1 with the reason; still pending -> TIMEOUT (exit 3). Carries the tx hash.
Failure not_committed_failure(const TxHash& hash, const TxWaitResult& w, uint64_t wait_ms);
// The account record of the selected key, checking that the key is one of its current keys. UNKNOWN_ACCOUNT
// or NOT_ACCOUNT_KEY (exit 1) with what to do.
Expected<AccountInfo> account_for_key(NodeClient& node, const SelectedKey& key);
// Submits a signed tx and waits (unless wait_ms is 0). Committed -> the tx_wait result as JSON text fields;
// refused, failed, expired or not committed in time -> a Failure carrying the tx hash in its details.
Expected<TxWaitResult> submit_and_wait(NodeClient& node, const SignedTx& stx, uint64_t wait_ms);

// What a tx command sends, besides who signs it.
struct TxRequest {
    std::vector<Op> ops;
    std::string memo;
    std::optional<std::string> client_ref;
    uint64_t valid_blocks = 1000;
    uint64_t wait_ms = 30000;
};
// Builds the tx of `request` for the key's account (nonce and head from the node, chain id from the pinned
// genesis), shows it op by op under `title` unless --json, asks `question`, signs, submits and waits: the
// tx_wait result and the tx as JSON, or a Failure as submit_and_wait gives it.
Expected<Report> build_sign_submit(Context& ctx, const SelectedKey& key, NodeClient& node, TxRequest request,
                                   const DecimalsLookup& decimals, std::string_view title,
                                   std::string_view question);
// The instrument registry the wallet encodes and shows contract ops with (contracts/registry.h).
const InstrumentRegistry& registry();

}  // namespace folio::wallet

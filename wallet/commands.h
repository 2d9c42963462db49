// The folio-wallet commands. Each takes the Context of one run and returns its Report or a Failure; none
// prints its result (the caller picks text or JSON), though some print a summary and ask before signing.
#pragma once

#include <string_view>

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

CommandFn find_command_fn(std::string_view name);

// Shared by the tx commands (commands_tx.cpp).
// --wait-ms, or the default.
Expected<uint64_t> wait_ms_option(const Context& ctx);
// The account record of the selected key, checking that the key is one of its current keys. UNKNOWN_ACCOUNT
// or NOT_ACCOUNT_KEY (exit 1) with what to do.
Expected<AccountInfo> account_for_key(NodeClient& node, const SelectedKey& key);
// Submits a signed tx and waits (unless wait_ms is 0). Committed -> the tx_wait result as JSON text fields;
// refused, failed, expired or not committed in time -> a Failure carrying the tx hash in its details.
Expected<TxWaitResult> submit_and_wait(NodeClient& node, const SignedTx& stx, uint64_t wait_ms);

}  // namespace folio::wallet

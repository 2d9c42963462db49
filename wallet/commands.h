// The folio-wallet commands. Each takes the Context of one run and returns its Report or a Failure; none
// prints its result (the caller picks text or JSON), though some print a summary and ask before signing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
// What a tx file does, with who has signed it and who must still sign it.
Expected<Report> cmd_show(Context& ctx);
Expected<Report> cmd_rotate_key(Context& ctx);
Expected<Report> cmd_tx_status(Context& ctx);
// Campaigns (commands_campaign.cpp)
Expected<Report> cmd_subscribe(Context& ctx);
Expected<Report> cmd_withdraw(Context& ctx);
// Instruments (commands_instruments.cpp)
Expected<Report> cmd_claim(Context& ctx);
Expected<Report> cmd_schedule(Context& ctx);
// Transfer requests of approval assets (commands_requests.cpp)
Expected<Report> cmd_pending(Context& ctx);
Expected<Report> cmd_cancel(Context& ctx);

CommandFn find_command_fn(std::string_view name);

// Shared by the tx commands (commands_tx.cpp).
// --wait-ms, or the default.
Expected<uint64_t> wait_ms_option(const Context& ctx);
// --valid-blocks (1 .. kMaxValidBlocks), or kDefaultValidBlocks.
Expected<uint64_t> valid_blocks_option(const Context& ctx);
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
// Builds a tx of `ops` for the selected key (chain id pinned; nonce and head from the node; --memo,
// --client-ref, --valid-blocks, --wait-ms read as transfer reads them), shows it (amounts through
// `decimals`), asks "Sign and submit this <what>?", signs, submits and waits.
Expected<Report> submit_ops(Context& ctx, std::vector<Op> ops, const DecimalsLookup& decimals, std::string_view what);

// Txs expire this many blocks after the head unless --valid-blocks says otherwise.
inline constexpr uint64_t kDefaultValidBlocks = 1000;

// A tx the selected key signs and submits at once: its ops and options, how amounts are shown, and what it is
// called in the summary and the question ("Transfer", "Vote").
struct TxRequest {
    std::vector<Op> ops;
    std::string memo;
    std::optional<std::string> client_ref;
    uint64_t valid_blocks = kDefaultValidBlocks;
    uint64_t wait_ms = kDefaultWaitMs;
    DecimalsLookup decimals;
    std::string what;
    // Set when another party must sign too: the tx, signed by this key, is written there (a new file) instead
    // of being submitted.
    std::optional<std::string> out_path;
};
// Amounts of this one asset, for showing a tx.
DecimalsLookup decimals_of(const AssetInfo& asset);
// Builds the tx (nonce from the node, expiry from its head), shows it, asks, signs, submits and waits, as
// transfer does.
Expected<Report> sign_and_submit(Context& ctx, const SelectedKey& key, TxRequest request);

// Transfer requests (commands_requests.cpp). Whether the node's policy_get says `symbol` moves only with
// its issuer's approval.
Expected<bool> needs_approval(NodeClient& node, const std::string& symbol);
// A transfer_request lapses this long after the wallet's clock unless --expires says otherwise.
inline constexpr uint64_t kDefaultRequestExpiryDays = 14;
// What transfer sends for an approval asset: a transfer_request of `amount` to `to`, expiring at --expires
// (ms since the Unix epoch, UTC) or kDefaultRequestExpiryDays from now; stdout says so and gives the request id.
Expected<Report> send_transfer_request(Context& ctx, TxRequest request, const AssetInfo& asset,
                                       const AccountId& to, Amount amount);

// Holder votes (commands_vote.cpp)
Expected<Report> cmd_vote(Context& ctx);
Expected<Report> cmd_votes(Context& ctx);
// Pledges (commands_pledge.cpp)
Expected<Report> cmd_pledge(Context& ctx);
// Delivery versus payment (commands_dvp.cpp)
Expected<Report> cmd_dvp(Context& ctx);
// Local currency reconversion (commands_redeem.cpp)
Expected<Report> cmd_redeem(Context& ctx);

// The instrument registry the wallet encodes and shows contract ops with (contracts/registry.h).
const InstrumentRegistry& registry();

}  // namespace folio::wallet

// The wallet's view of a node: typed calls over rpc::Client with the shapes of docs/rpc-shapes.md, every
// answer checked before use (a node is not trusted to be well-formed), and errors sorted into exit codes:
//   the node refused (JSON-RPC -32000 refused, -32001 not found, -32602 invalid params)
//                                                                          -> exit 1, the node's reason code
//   cannot connect, timeout, bad token, malformed answer, other errors    -> exit 3
// The node's error data (data.tx_hash of a DUPLICATE_CLIENT_REF, say) is kept in Failure::details.
//
// Nothing the node says is trusted for what the wallet signs or verifies: nonces and decimals only shape a tx
// the wallet then shows; the chain id in a signed tx always comes from the pinned genesis; proofs are checked
// by wallet/verify.h.
//
// Not thread safe (one rpc::Client).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/types.h"
#include "wallet/outcome.h"

namespace folio::rpc {
class Client;
}

namespace folio::wallet {

struct AssetInfo {
    std::string symbol;
    AssetId id = 0;
    uint8_t decimals = 0;
};

struct AccountInfo {
    AccountId id{};
    std::vector<PubKey> pubkeys;
    uint64_t nonce = 0;  // the next to use, counting pending txs
};

struct TxWaitResult {
    std::string status;  // committed, failed, pending, expired, unknown
    std::optional<Height> height;
    std::string reason;  // for failed
};

class NodeClient {
  public:
    NodeClient(std::string url, std::string token);
    ~NodeClient();
    NodeClient(const NodeClient&) = delete;
    NodeClient& operator=(const NodeClient&) = delete;

    const std::string& url() const { return url_; }

    // One call; the result, or a Failure sorted as above.
    Expected<nlohmann::json> call(std::string_view method, const nlohmann::json& params);

    // chain_info's chain_id must be the pinned one: WRONG_CHAIN (exit 1) otherwise.
    Done check_chain(const ChainId& pinned, std::string_view pinned_name);
    Expected<Height> head_height();
    Expected<AssetInfo> asset(std::string_view symbol);
    Expected<AccountInfo> account(const AccountId& id);
    // The account whose current key this is; nullopt when the node knows none.
    Expected<std::optional<AccountId>> account_of_key(const PubKey& pubkey);
    Expected<TxHash> submit(ByteView signed_tx);
    // Calls tx_wait until the status is no longer pending or wait_ms has passed (then "pending").
    Expected<TxWaitResult> wait(const TxHash& tx_hash, uint64_t wait_ms);

  private:
    std::string url_;
    std::unique_ptr<rpc::Client> client_;
    int64_t next_id_ = 1;
};

// Pieces of node answers, checked: a Failure (exit 3, BAD_RESPONSE) naming the method and field.
Failure bad_answer(std::string_view method, std::string_view what);

}  // namespace folio::wallet

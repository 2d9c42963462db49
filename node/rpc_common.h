// Helpers shared by the node's RPC method files (node/rpc_*.cpp): param parsing with the error each method
// answers, decimals lookups over the state, JSON forms of headers, commits, accounts and assets, and the
// ParamSpec shapes every family repeats (an address, a hash, a height), so that bounds are written once.
//
// Internal to node/rpc_*.cpp: nothing else includes this header.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/block.h"
#include "chain/execute.h"
#include "chain/op_json.h"
#include "chain/state.h"
#include "node/services.h"
#include "rpc/method.h"

namespace folio::node::rpcm {

// Bounds of the params (docs/rpc-shapes.md): hex hashes and keys are 64 characters, addresses stay well under
// 100 (bech32m "folio1" + 52 + 6 = 64 today), symbols 12; a tx in hex is twice its byte bound.
inline constexpr size_t kHashHexLength = 64;
inline constexpr size_t kAddressMaxLength = 100;
inline constexpr size_t kSignatureHexLength = 128;
inline constexpr size_t kTxHexMaxLength = 2 * kMaxTxBytes;

// --- ParamSpec shapes ---
rpc::ParamSpec address_param(std::string name, std::string description, bool required = true);
rpc::ParamSpec hash_param(std::string name, std::string description, bool required = true);
rpc::ParamSpec symbol_param(std::string name, std::string description, bool required = true);
rpc::ParamSpec height_param(std::string description);  // optional "height"
rpc::ParamSpec cursor_param(std::string description);  // optional "cursor", at most 128 bytes
rpc::ParamSpec limit_param(uint64_t default_limit, uint64_t max_limit);

// --- Reading params (already type-checked by the table). Errors carry the reason the method answers. ---
// BAD_ADDRESS, naming the param.
Result<AccountId> parse_address(const nlohmann::json& params, std::string_view name);
// INVALID_ARGUMENT unless exactly 64 hex characters.
Result<Hash256> parse_hash(const nlohmann::json& params, std::string_view name);
// INVALID_ARGUMENT unless 64 hex characters of a valid x-only key.
Result<PubKey> parse_pubkey(const nlohmann::json& params, std::string_view name);
// The param's value, or `fallback` when absent.
uint64_t uint_or(const nlohmann::json& params, std::string_view name, uint64_t fallback);
// An optional height param: absent means the head; one above the head is INVALID_ARGUMENT.
Result<Height> parse_height(const nlohmann::json& params, Height head);

// --- Lookups in the latest state ---
// The decimals of an asset by symbol, as the latest state knows it.
std::optional<uint8_t> state_decimals(const StateView& state, std::string_view symbol);
DecimalsLookup decimals_lookup(const StateView& state);
// BAD_SYMBOL for text that cannot be a symbol; NOT_FOUND ("no asset ACME") when the symbol is unknown.
Result<Asset> find_asset(const StateView& state, std::string_view symbol);
// NOT_FOUND ("no account folio1...") when absent.
Result<Account> find_account(const StateView& state, const AccountId& id);
// The account whose current key `pubkey` is (the pubkey index), if any.
std::optional<AccountId> account_of_pubkey(const StateView& state, const PubKey& pubkey);
// The first unused asset id (assets are 1 .. next_asset_id - 1).
AssetId next_asset_id(const StateView& state);

// --- JSON forms ---
std::string address(const AccountId& id);
nlohmann::json header_to_json(const BlockHeader& header);
nlohmann::json commit_to_json(const CommitCertificate& commit);
nlohmann::json asset_to_json(const Asset& asset);
nlohmann::json kyc_to_json(const std::optional<Kyc>& kyc);
std::vector<std::string> role_names(uint32_t roles);
// "committed" or "failed" with reason and op_index when failed, plus height and index.
nlohmann::json receipt_fields(const Receipt& receipt);

// A committed tx read back from the store: its envelope, receipt and place.
struct StoredTx {
    TxPtr tx;
    Receipt receipt;
    Height height = 0;
    uint32_t index = 0;
};
// nullopt when the store does not hold it; an error when the store fails or disagrees with itself.
Result<std::optional<StoredTx>> load_committed_tx(const Store& store, const TxHash& hash);

// A failure with NOT_FOUND (-32001) and this message.
rpc::RpcOutcome not_found(std::string message);

// --- Registration of each family (node/rpc_<family>.cpp) ---
Status register_chain_methods(rpc::MethodTable& table, NodeServices& services);
Status register_tx_methods(rpc::MethodTable& table, NodeServices& services);
Status register_tx_query_methods(rpc::MethodTable& table, NodeServices& services);
Status register_account_methods(rpc::MethodTable& table, NodeServices& services);
Status register_asset_methods(rpc::MethodTable& table, NodeServices& services);
Status register_proof_methods(rpc::MethodTable& table, NodeServices& services);
Status register_subscribe_methods(rpc::MethodTable& table, NodeServices& services);
Status register_mempool_methods(rpc::MethodTable& table, NodeServices& services);
Status register_consensus_methods(rpc::MethodTable& table, NodeServices& services);
Status register_block_range_methods(rpc::MethodTable& table, NodeServices& services);
Status register_backup_methods(rpc::MethodTable& table, NodeServices& services);
// node/rpc_instruments.cpp: the instrument registry's read queries.
Status register_instrument_methods(rpc::MethodTable& table, NodeServices& services);

}  // namespace folio::node::rpcm

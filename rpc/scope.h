// Caller scopes, nested: admin ⊃ submit ⊃ read ⊃ public. A token carries one scope; a method requires one; a
// call is allowed when the caller's scope is at least the method's. The names are part of the config file
// format and of rpc_methods: never rename one.
#pragma once

#include <optional>
#include <string_view>

namespace folio::rpc {

enum class Scope : int {
    Public = 0,  // no token needed: health-like reads (chain_status, rpc_methods)
    Read = 1,    // ledger reads, metrics, subscriptions
    Submit = 2,  // tx_submit and friends
    Admin = 3,   // node keystore, operator conveniences
};

// "public", "read", "submit", "admin".
std::string_view scope_name(Scope scope);
// Inverse of scope_name; nullopt for any other text.
std::optional<Scope> scope_from_name(std::string_view name);
// True if a caller holding `have` may call something that requires `need`.
inline bool scope_allows(Scope have, Scope need) {
    return static_cast<int>(have) >= static_cast<int>(need);
}

}  // namespace folio::rpc

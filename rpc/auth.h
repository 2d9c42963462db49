// Bearer tokens with scopes. A token is 32 random bytes shown as "folio_" + 64 lowercase hex (the prefix is
// optional when presented). The node's config stores only a record {name?, scope, salt, hash} with
// hash = SHA-256(salt || token bytes), salt 16 random bytes: a leaked config does not leak a usable token.
//
// Checking compares the presented token against every record in constant time (CRYPTO_memcmp, no early exit),
// so response timing does not reveal how much of a guess was right, nor which record matched.
//
// Thread safety: a TokenStore is immutable after construction; check() may be called from any thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/bytes.h"
#include "chain/result.h"
#include "rpc/scope.h"

namespace folio::rpc {

inline constexpr std::string_view kTokenPrefix = "folio_";

struct TokenRecord {
    std::string name;  // optional label, e.g. "backend"; shown in logs, never secret
    Scope scope = Scope::Read;
    std::array<uint8_t, 16> salt{};
    Hash256 hash{};
};

struct NewToken {
    std::string plaintext;  // show once to the operator; never stored
    TokenRecord record;     // store this
};

// A fresh random token of this scope.
NewToken make_token(Scope scope, std::string name = {});
// A record (fresh salt) for a token that exists already, e.g. one an operator kept in a file.
TokenRecord record_for_token(const Hash256& token, Scope scope, std::string name);

// {"name":"backend","scope":"submit","salt":"<32 hex>","hash":"<64 hex>"} (name left out when empty).
nlohmann::json token_record_to_json(const TokenRecord& record);
// INVALID_ARGUMENT on a missing or malformed field.
Result<TokenRecord> token_record_from_json(const nlohmann::json& j);

// The 32 token bytes of "folio_<hex>" or "<hex>"; nullopt for anything else.
std::optional<Hash256> parse_token(std::string_view text);
// True if the token hashes to the record's hash (constant time in the token's bytes).
bool token_matches(const TokenRecord& record, const Hash256& token);
// Equality that takes the same time wherever the first difference is; false on different sizes.
bool constant_time_equal(ByteView a, ByteView b);

struct TokenIdentity {
    Scope scope;
    std::string name;
};

class TokenStore {
  public:
    TokenStore() = default;
    explicit TokenStore(std::vector<TokenRecord> records) : records_(std::move(records)) {}
    // From a JSON array of records; INVALID_ARGUMENT if one is malformed.
    static Result<TokenStore> from_json(const nlohmann::json& array);

    // The scope of the token in an "Authorization: Bearer <token>" header value; nullopt if the header is
    // empty, not a bearer token, or matches no record.
    std::optional<Scope> check(std::string_view authorization_header) const;
    // As check(), with the record's name.
    std::optional<TokenIdentity> identify(std::string_view authorization_header) const;

    const std::vector<TokenRecord>& records() const { return records_; }

  private:
    std::vector<TokenRecord> records_;
};

}  // namespace folio::rpc

#include "rpc/auth.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/hash.h"
#include "chain/crypto/schnorr.h"

namespace folio::rpc {

using nlohmann::json;

namespace {

Hash256 token_hash(const std::array<uint8_t, 16>& salt, const Hash256& token) {
    std::array<uint8_t, 48> buf;
    std::copy(salt.begin(), salt.end(), buf.begin());
    std::copy(token.begin(), token.end(), buf.begin() + 16);
    Hash256 h = crypto::sha256(buf);
    crypto::wipe(buf.data(), buf.size());
    return h;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
        if (x != y) return false;
    }
    return true;
}

// The token text after "Bearer " (RFC 6750: the scheme is case-insensitive), trimmed.
std::optional<std::string_view> bearer(std::string_view header) {
    constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size() || !iequals(header.substr(0, kScheme.size()), kScheme))
        return std::nullopt;
    std::string_view rest = header.substr(kScheme.size());
    if (rest.front() != ' ') return std::nullopt;
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
    if (rest.empty()) return std::nullopt;
    return rest;
}

}  // namespace

bool constant_time_equal(ByteView a, ByteView b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

NewToken make_token(Scope scope, std::string name) {
    Hash256 token;
    crypto::random_bytes(token.data(), token.size());
    NewToken out;
    out.record.name = std::move(name);
    out.record.scope = scope;
    crypto::random_bytes(out.record.salt.data(), out.record.salt.size());
    out.record.hash = token_hash(out.record.salt, token);
    out.plaintext = std::string(kTokenPrefix) + to_hex(token);
    crypto::wipe(token.data(), token.size());
    return out;
}

TokenRecord record_for_token(const Hash256& token, Scope scope, std::string name) {
    TokenRecord record;
    record.name = std::move(name);
    record.scope = scope;
    crypto::random_bytes(record.salt.data(), record.salt.size());
    record.hash = token_hash(record.salt, token);
    return record;
}

json token_record_to_json(const TokenRecord& record) {
    json j = {
        {"scope", scope_name(record.scope)}, {"salt", to_hex(record.salt)}, {"hash", to_hex(record.hash)}};
    if (!record.name.empty()) j["name"] = record.name;
    return j;
}

Result<TokenRecord> token_record_from_json(const json& j) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::INVALID_ARGUMENT, "token record: " + why);
    };
    if (!j.is_object()) return bad("not an object");
    TokenRecord record;
    auto name = j.find("name");
    if (name != j.end()) {
        if (!name->is_string()) return bad("name must be a string");
        record.name = name->get<std::string>();
    }
    auto scope = j.find("scope");
    if (scope == j.end() || !scope->is_string()) return bad("scope missing");
    auto parsed = scope_from_name(scope->get<std::string>());
    if (!parsed) return bad("unknown scope '" + scope->get<std::string>() + "'");
    record.scope = *parsed;
    auto salt = j.find("salt");
    if (salt == j.end() || !salt->is_string() || !from_hex_fixed(salt->get<std::string>(), record.salt)) {
        return bad("salt must be 32 hex characters");
    }
    auto hash = j.find("hash");
    if (hash == j.end() || !hash->is_string() || !from_hex_fixed(hash->get<std::string>(), record.hash)) {
        return bad("hash must be 64 hex characters");
    }
    return record;
}

std::optional<Hash256> parse_token(std::string_view text) {
    if (text.substr(0, kTokenPrefix.size()) == kTokenPrefix) text.remove_prefix(kTokenPrefix.size());
    Hash256 token;
    if (!from_hex_fixed(text, token)) return std::nullopt;
    return token;
}

bool token_matches(const TokenRecord& record, const Hash256& token) {
    Hash256 h = token_hash(record.salt, token);
    return constant_time_equal(h, record.hash);
}

Result<TokenStore> TokenStore::from_json(const json& array) {
    if (!array.is_array()) return make_error(Reason::INVALID_ARGUMENT, "tokens must be a JSON array");
    std::vector<TokenRecord> records;
    for (const auto& j : array) {
        auto record = token_record_from_json(j);
        if (!record) return record.error();
        records.push_back(std::move(*record));
    }
    return TokenStore(std::move(records));
}

std::optional<Scope> TokenStore::check(std::string_view authorization_header) const {
    auto identity = identify(authorization_header);
    if (!identity) return std::nullopt;
    return identity->scope;
}

std::optional<TokenIdentity> TokenStore::identify(std::string_view authorization_header) const {
    auto text = bearer(authorization_header);
    if (!text) return std::nullopt;
    auto token = parse_token(*text);
    if (!token) return std::nullopt;
    // Every record is hashed and compared, matched or not, so the time taken does not depend on which one
    // matched. Two records cannot both match (a 256-bit token hashed with different salts).
    const TokenRecord* found = nullptr;
    for (const auto& record : records_) {
        bool match = token_matches(record, *token);
        found = match ? &record : found;
    }
    crypto::wipe(token->data(), token->size());
    if (found == nullptr) return std::nullopt;
    return TokenIdentity{found->scope, found->name};
}

}  // namespace folio::rpc

// The node's token file, DATADIR/rpc-tokens.json: the bearer tokens that `foliod token create` made, stored
// as salted hashes only (never the plaintext), with their names and creation times. The running node rereads
// it when it changes (node/token_watch.h), so a token created or revoked takes effect without a restart.
//
//   {"version": 1,
//    "admin_token_issued": true,          // the node has written its first-start admin token
//    (rpc-admin.token) "tokens": [{"name": "admin", "scope": "admin", "salt": "<32 hex>", "hash": "<64 hex>",
//                "created_ms": 1764614400000}, ...]}
//
// Names are unique, 1 to 64 characters of [A-Za-z0-9._-]: they appear in logs and in the audit log. The file
// is written whole (keys::write_file_atomic), mode 0600; writers serialize on TokenFileLock so that two
// `foliod token` commands (or one and a starting node) never lose each other's change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/result.h"
#include "rpc/auth.h"

namespace folio::node {

inline constexpr const char* kTokenFileName = "rpc-tokens.json";
inline constexpr const char* kAdminTokenFileName = "rpc-admin.token";
inline constexpr size_t kMaxTokens = 1000;

struct StoredToken {
    rpc::TokenRecord record;  // record.name is never empty here
    uint64_t created_ms = 0;  // milliseconds since the Unix epoch, UTC
};

struct TokenFile {
    bool admin_token_issued = false;
    std::vector<StoredToken> tokens;

    const StoredToken* find(std::string_view name) const;
    std::vector<rpc::TokenRecord> records() const;
};

// INVALID_ARGUMENT naming what is wrong with a token name, or OK.
Status check_token_name(std::string_view name);

// Parses the file's text; INVALID_ARGUMENT naming the field for anything malformed (duplicate names
// included).
Result<TokenFile> parse_token_file(std::string_view text);
std::string token_file_to_text(const TokenFile& file);

// DATADIR/rpc-tokens.json, or an empty TokenFile if it does not exist.
Result<TokenFile> load_token_file(const std::string& path);
// Writes it atomically, mode 0600.
Status save_token_file(const TokenFile& file, const std::string& path);

// Adds a fresh token; INVALID_ARGUMENT for a bad or already used name (`taken` lists names used elsewhere,
// e.g. by the config's rpc_tokens), TOO_LARGE past kMaxTokens. Returns the plaintext, to show once.
Result<std::string> add_token(TokenFile& file, rpc::Scope scope, const std::string& name, uint64_t created_ms,
                              const std::vector<std::string>& taken = {});
// Removes the token of that name; NOT_FOUND if there is none.
Status revoke_token(TokenFile& file, std::string_view name);

// An exclusive flock on DATADIR/.rpc-tokens.lock, held for the object's life: the read-modify-write of the
// token file by `foliod token` and by a starting node happens under it.
class TokenFileLock {
  public:
    static Result<TokenFileLock> acquire(const std::string& datadir);
    TokenFileLock(TokenFileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    TokenFileLock& operator=(TokenFileLock&&) = delete;
    TokenFileLock(const TokenFileLock&) = delete;
    ~TokenFileLock();

  private:
    explicit TokenFileLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace folio::node

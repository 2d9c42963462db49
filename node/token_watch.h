// The tokens the running node accepts: the config's rpc_tokens plus those of DATADIR/rpc-tokens.json
// (node/token_file.h), reread whenever the file changes. current() stats the file at every authenticated
// request (a microsecond or so, next to the token's SHA-256 checks), so a token revoked with `foliod token
// revoke` is refused from the very next request and a created one accepted, without a restart or a signal.
// SIGHUP rereads the config (set_config_tokens) and the file (reload).
//
// A file that cannot be read or parsed leaves the previous tokens in force, with one warning per version of
// it.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chain/result.h"
#include "rpc/auth.h"

namespace folio::node {

class TokenWatch {
  public:
    TokenWatch(std::string file_path, std::vector<rpc::TokenRecord> config_tokens);

    std::shared_ptr<const rpc::TokenStore> current();
    void set_config_tokens(std::vector<rpc::TokenRecord> tokens);
    // Rereads the file now. The error if it cannot be read or parsed (the previous file tokens stay).
    Status reload();

    size_t file_token_count() const;
    size_t config_token_count() const;

  private:
    struct FileId {
        bool exists = false;
        dev_t dev = 0;
        ino_t ino = 0;
        off_t size = 0;
        long mtime_sec = 0;
        long mtime_nsec = 0;
        bool operator==(const FileId&) const = default;
    };
    FileId stat_file() const;
    Status reload_locked(const FileId& id);
    void rebuild_locked();

    const std::string path_;
    mutable std::mutex mu_;
    FileId seen_;
    std::vector<rpc::TokenRecord> config_tokens_;
    std::vector<rpc::TokenRecord> file_tokens_;
    std::shared_ptr<const rpc::TokenStore> store_;
};

}  // namespace folio::node

#include "node/token_watch.h"

#include <sys/stat.h>

#include "node/log.h"
#include "node/token_file.h"

namespace folio::node {

TokenWatch::TokenWatch(std::string file_path, std::vector<rpc::TokenRecord> config_tokens)
    : path_(std::move(file_path)), config_tokens_(std::move(config_tokens)) {
    std::lock_guard lock(mu_);
    FileId id = stat_file();
    if (Status s = reload_locked(id); !s) log_warn("rpc", "tokens: " + s.error().message);
    rebuild_locked();
}

TokenWatch::FileId TokenWatch::stat_file() const {
    struct stat st {};
    FileId id;
    if (::stat(path_.c_str(), &st) != 0) return id;
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.size = st.st_size;
    id.mtime_sec = st.st_mtim.tv_sec;
    id.mtime_nsec = st.st_mtim.tv_nsec;
    return id;
}

Status TokenWatch::reload_locked(const FileId& id) {
    seen_ = id;
    if (!id.exists) {
        file_tokens_.clear();
        return Status();
    }
    auto file = load_token_file(path_);
    if (!file) return make_error(file.reason(), file.error().message + "; the previous tokens stay in force");
    file_tokens_ = file->records();
    return Status();
}

void TokenWatch::rebuild_locked() {
    std::vector<rpc::TokenRecord> all = config_tokens_;
    all.insert(all.end(), file_tokens_.begin(), file_tokens_.end());
    store_ = std::make_shared<const rpc::TokenStore>(std::move(all));
}

std::shared_ptr<const rpc::TokenStore> TokenWatch::current() {
    const FileId id = stat_file();
    std::lock_guard lock(mu_);
    if (!(id == seen_)) {
        if (Status s = reload_locked(id); !s) {
            log_warn("rpc", "tokens: " + s.error().message);
        } else {
            log_info("rpc", "tokens: " + path_ + " changed: " + std::to_string(file_tokens_.size()) +
                                " tokens from it");
        }
        rebuild_locked();
    }
    return store_;
}

void TokenWatch::set_config_tokens(std::vector<rpc::TokenRecord> tokens) {
    std::lock_guard lock(mu_);
    config_tokens_ = std::move(tokens);
    rebuild_locked();
}

Status TokenWatch::reload() {
    const FileId id = stat_file();
    std::lock_guard lock(mu_);
    Status s = reload_locked(id);
    rebuild_locked();
    return s;
}

size_t TokenWatch::file_token_count() const {
    std::lock_guard lock(mu_);
    return file_tokens_.size();
}

size_t TokenWatch::config_token_count() const {
    std::lock_guard lock(mu_);
    return config_tokens_.size();
}

}  // namespace folio::node

#include "node/token_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "keys/file_io.h"

namespace folio::node {
namespace {

using nlohmann::json;
constexpr size_t kMaxTokenFileBytes = 1u << 20;

Error bad(const std::string& what) {
    return make_error(Reason::INVALID_ARGUMENT, what);
}

}  // namespace

const StoredToken* TokenFile::find(std::string_view name) const {
    for (const auto& t : tokens) {
        if (t.record.name == name) return &t;
    }
    return nullptr;
}

std::vector<rpc::TokenRecord> TokenFile::records() const {
    std::vector<rpc::TokenRecord> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) out.push_back(t.record);
    return out;
}

Status check_token_name(std::string_view name) {
    if (name.empty() || name.size() > 64)
        return make_error(Reason::INVALID_ARGUMENT, "--name: 1 to 64 characters");
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok)
            return make_error(Reason::INVALID_ARGUMENT, "--name: only letters, digits, '.', '_' and '-'");
    }
    return Status();
}

Result<TokenFile> parse_token_file(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
    for (const auto& [key, _] : doc.items()) {
        if (key != "version" && key != "admin_token_issued" && key != "tokens")
            return bad(key + ": unknown key");
    }
    if (!doc.contains("version") || doc["version"] != 1) return bad("version: must be 1");
    TokenFile file;
    if (doc.contains("admin_token_issued")) {
        if (!doc["admin_token_issued"].is_boolean()) return bad("admin_token_issued: must be true or false");
        file.admin_token_issued = doc["admin_token_issued"].get<bool>();
    }
    if (!doc.contains("tokens") || !doc["tokens"].is_array()) return bad("tokens: must be an array");
    const json& tokens = doc["tokens"];
    if (tokens.size() > kMaxTokens) return bad("tokens: at most " + std::to_string(kMaxTokens));
    std::set<std::string> names;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string at = "tokens[" + std::to_string(i) + "]";
        const json& t = tokens[i];
        if (!t.is_object()) return bad(at + ": not an object");
        json record = t;
        StoredToken stored;
        if (t.contains("created_ms")) {
            if (!t["created_ms"].is_number_unsigned())
                return bad(at + ".created_ms: must be an unsigned integer");
            stored.created_ms = t["created_ms"].get<uint64_t>();
            record.erase("created_ms");
        }
        auto parsed = rpc::token_record_from_json(record);
        if (!parsed) return bad(at + ": " + parsed.error().message);
        stored.record = std::move(*parsed);
        if (Status s = check_token_name(stored.record.name); !s)
            return bad(at + ".name: " + s.error().message);
        if (!names.insert(stored.record.name).second)
            return bad(at + ".name: " + stored.record.name + " is used twice");
        file.tokens.push_back(std::move(stored));
    }
    return file;
}

std::string token_file_to_text(const TokenFile& file) {
    json tokens = json::array();
    for (const auto& t : file.tokens) {
        json j = rpc::token_record_to_json(t.record);
        j["created_ms"] = t.created_ms;
        tokens.push_back(std::move(j));
    }
    json doc = {
        {"version", 1}, {"admin_token_issued", file.admin_token_issued}, {"tokens", std::move(tokens)}};
    return doc.dump(2) + "\n";
}

Result<TokenFile> load_token_file(const std::string& path) {
    auto text = keys::read_file_bounded(path, kMaxTokenFileBytes);
    if (!text) {
        if (text.reason() == Reason::NOT_FOUND) return TokenFile{};
        return text.error();
    }
    auto file = parse_token_file(*text);
    if (!file) return make_error(file.reason(), path + ": " + file.error().message);
    return file;
}

Status save_token_file(const TokenFile& file, const std::string& path) {
    return keys::write_file_atomic(path, token_file_to_text(file), 0600);
}

Result<std::string> add_token(TokenFile& file, rpc::Scope scope, const std::string& name, uint64_t created_ms,
                              const std::vector<std::string>& taken) {
    if (Status s = check_token_name(name); !s) return s.error();
    bool used = file.find(name) != nullptr;
    for (const auto& t : taken) used = used || t == name;
    if (used)
        return make_error(Reason::INVALID_ARGUMENT, "--name: a token named " + name + " exists already");
    if (file.tokens.size() >= kMaxTokens) {
        return make_error(Reason::TOO_LARGE,
                          "at most " + std::to_string(kMaxTokens) + " tokens: revoke some first");
    }
    rpc::NewToken token = rpc::make_token(scope, name);
    file.tokens.push_back(StoredToken{std::move(token.record), created_ms});
    return std::move(token.plaintext);
}

Status revoke_token(TokenFile& file, std::string_view name) {
    for (auto it = file.tokens.begin(); it != file.tokens.end(); ++it) {
        if (it->record.name == name) {
            file.tokens.erase(it);
            return Status();
        }
    }
    return make_error(Reason::NOT_FOUND, "no token named " + std::string(name) + " in " + kTokenFileName);
}

Result<TokenFileLock> TokenFileLock::acquire(const std::string& datadir) {
    const std::string path = (std::filesystem::path(datadir) / ".rpc-tokens.lock").string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(Reason::IO_ERROR, "cannot open " + path + ": " + std::strerror(errno));
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const int e = errno;
        ::close(fd);
        return make_error(Reason::IO_ERROR, "cannot lock " + path + ": " + std::strerror(e));
    }
    return TokenFileLock(fd);
}

TokenFileLock::~TokenFileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace folio::node

#include "wallet/wallet_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"
#include "rpc/json_limits.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view kFormat = "folio-wallet";
constexpr uint64_t kVersion = 1;
constexpr size_t kMaxRotationChain = 64;

std::string errno_text() {
    return std::strerror(errno);
}

Failure damaged(std::string message) {
    return Failure{ExitCode::keystore, "WALLET_DAMAGED", std::move(message),
                   "restore the wallet directory from a backup, or re-create wallet.json with init"};
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

}  // namespace

std::string wallet_state_to_json(const WalletState& state) {
    json doc = {{"format", kFormat}, {"version", kVersion}};
    if (state.chain_id) doc["chain"] = {{"chain_id", to_hex(*state.chain_id)}, {"name", state.chain_name}};
    if (!state.rpc_url.empty()) doc["rpc"] = state.rpc_url;
    json keys = json::object();
    for (const auto& [name, rec] : state.keys) {
        json k = json::object();
        if (rec.account) k["account"] = crypto::encode_address(*rec.account);
        if (!rec.rotated_to.empty()) k["rotated_to"] = rec.rotated_to;
        if (!rec.rotation_of.empty()) k["rotation_of"] = rec.rotation_of;
        if (rec.rotated_at_height) k["rotated_at_height"] = rec.rotated_at_height;
        keys[name] = std::move(k);
    }
    doc["keys"] = std::move(keys);
    return rpc::dump_json(doc).append("\n");
}

Expected<WalletState> wallet_state_from_json(std::string_view text) {
    json doc;
    std::string why;
    if (!rpc::parse_json_bounded(text, 8, doc, why))
        return damaged(cat("wallet.json is not valid JSON: ", why));
    auto bad = [](const std::string& field, const std::string& what) {
        return damaged(cat("wallet.json: field '", field, "' ", what));
    };
    if (!doc.is_object()) return bad("(root)", "must be an object");
    if (doc.value("format", "") != kFormat) return bad("format", "must be \"folio-wallet\"");
    if (!doc.contains("version") || !doc["version"].is_number_unsigned() ||
        doc["version"].get<uint64_t>() != kVersion) {
        return bad("version", "must be 1 (a newer folio-wallet wrote this file?)");
    }
    WalletState st;
    if (doc.contains("chain")) {
        const json& c = doc["chain"];
        ChainId id{};
        if (!c.is_object() || !c.contains("chain_id") || !c["chain_id"].is_string() ||
            !from_hex_fixed(c["chain_id"].get<std::string>(), id)) {
            return bad("chain.chain_id", "must be 64 hex characters");
        }
        st.chain_id = id;
        if (c.contains("name")) {
            if (!c["name"].is_string()) return bad("chain.name", "must be a string");
            st.chain_name = c["name"].get<std::string>();
        }
    }
    if (doc.contains("rpc")) {
        if (!doc["rpc"].is_string()) return bad("rpc", "must be a string");
        st.rpc_url = doc["rpc"].get<std::string>();
    }
    if (doc.contains("keys")) {
        if (!doc["keys"].is_object()) return bad("keys", "must be an object");
        for (const auto& [name, k] : doc["keys"].items()) {
            const std::string where = cat("keys.", printable(name, 70));
            if (!keys::validate_key_name(name)) return bad(where, "is not a valid key name");
            if (!k.is_object()) return bad(where, "must be an object");
            KeyRecord rec;
            for (const auto& [field, v] : k.items()) {
                const std::string f = cat(where, ".", printable(field, 40));
                if (field == "account") {
                    auto id = v.is_string() ? crypto::decode_address(v.get<std::string>()) : std::nullopt;
                    if (!id) return bad(f, "must be a folio address");
                    rec.account = *id;
                } else if (field == "rotated_to" || field == "rotation_of") {
                    if (!v.is_string() || !keys::validate_key_name(v.get<std::string>()))
                        return bad(f, "must be a key name");
                    (field == "rotated_to" ? rec.rotated_to : rec.rotation_of) = v.get<std::string>();
                } else if (field == "rotated_at_height") {
                    if (!v.is_number_unsigned()) return bad(f, "must be a height");
                    rec.rotated_at_height = v.get<uint64_t>();
                }
                // Other fields: written by a later version; ignored, as the keystore ignores unknown fields.
            }
            st.keys.emplace(name, std::move(rec));
        }
    }
    return st;
}

Expected<std::unique_ptr<WalletDir>> WalletDir::open(const std::string& dir, bool create) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        if (!create) {
            return Failure{
                ExitCode::usage,
                "NOT_INITIALIZED",
                cat("no wallet in ", dir),
                "create one with: folio-wallet init --genesis GENESIS.json (or keygen --name NAME)",
                {}};
        }
    }
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        return usage_error(cat(dir, " is not a directory"));
    if (create && !fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) return usage_error(cat("cannot create ", dir, ": ", ec.message()));
        fs::permissions(dir, fs::perms::owner_all, ec);
    }
    auto ks = keys::Keystore::open((fs::path(dir) / "keys").string(), true);
    if (!ks) return keystore_failure(ks.error());
    std::unique_ptr<WalletDir> w(new WalletDir(dir, std::move(*ks)));
    if (Done d = w->load(); !d) return d.failure();
    return w;
}

Done WalletDir::load() {
    auto text = keys::read_file_bounded((fs::path(dir_) / "wallet.json").string(), kMaxWalletFileBytes);
    if (!text) {
        if (text.reason() == Reason::NOT_FOUND) {
            state_ = WalletState{};
            return done();
        }
        return damaged(text.error().message);
    }
    auto st = wallet_state_from_json(*text);
    if (!st) return st.failure();
    state_ = std::move(*st);
    return done();
}

Done WalletDir::update(const std::function<void(WalletState&)>& change) {
    const std::string lock_path = (fs::path(dir_) / ".lock").string();
    Fd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (lock.get() < 0) return usage_error(cat("cannot open ", lock_path, ": ", errno_text()));
    while (::flock(lock.get(), LOCK_EX) != 0) {
        if (errno != EINTR) return usage_error(cat("cannot lock ", lock_path, ": ", errno_text()));
    }
    // Another folio-wallet may have written since we loaded: change the file as it is now.
    if (Done d = load(); !d) return d;
    WalletState next = state_;
    change(next);
    if (Status s = keys::write_file_atomic((fs::path(dir_) / "wallet.json").string(),
                                           wallet_state_to_json(next), 0600);
        !s) {
        return write_failure(s.error());
    }
    state_ = std::move(next);
    return done();  // the lock is released when `lock` closes
}

Expected<const PinnedChain*> WalletDir::pinned() {
    if (pinned_) return &*pinned_;
    if (!state_.chain_id) {
        return Failure{ExitCode::usage,
                       "NOT_INITIALIZED",
                       cat("the wallet in ", dir_, " is not pinned to a chain"),
                       "run: folio-wallet init --genesis GENESIS.json [--rpc URL]",
                       {}};
    }
    const std::string path = (fs::path(dir_) / "genesis.json").string();
    auto text = keys::read_file_bounded(path, kMaxGenesisBytes);
    if (!text) return damaged(text.error().message);
    auto genesis = parse_genesis(*text);
    if (!genesis) return damaged(cat(path, " does not parse: ", genesis.error().message));
    PinnedChain p{genesis->chain_id(), std::move(*genesis)};
    if (p.chain_id != *state_.chain_id) {
        return damaged(cat(path, " is not the genesis of the pinned chain ", to_hex(*state_.chain_id)));
    }
    pinned_ = std::move(p);
    return &*pinned_;
}

Expected<ChainId> WalletDir::init(const std::string& genesis_text, const std::string& rpc_url) {
    if (rpc::json_depth(genesis_text, 16) > 16)
        return usage_error("the genesis file nests deeper than 16 levels");
    auto genesis = parse_genesis(genesis_text);
    if (!genesis) return usage_error(cat("the genesis file does not parse: ", genesis.error().message));
    const ChainId id = genesis->chain_id();
    if (state_.chain_id && *state_.chain_id != id) {
        return Failure{ExitCode::usage,
                       "ALREADY_INITIALIZED",
                       cat("this wallet is pinned to another chain (", state_.chain_name, ", ",
                           to_hex(*state_.chain_id), ")"),
                       "use another --wallet-dir for another chain",
                       {}};
    }
    if (!state_.chain_id) {
        if (Status s =
                keys::write_file_atomic((fs::path(dir_) / "genesis.json").string(), genesis_text, 0600);
            !s)
            return write_failure(s.error());
    }
    const std::string name = genesis->chain_name;
    if (Done d = update([&](WalletState& st) {
            st.chain_id = id;
            st.chain_name = name;
            if (!rpc_url.empty()) st.rpc_url = rpc_url;
        });
        !d) {
        return d.failure();
    }
    pinned_.reset();
    return id;
}

AccountId WalletDir::account_of(const std::string& name, const PubKey& pubkey) const {
    auto it = state_.keys.find(name);
    if (it != state_.keys.end() && it->second.account) return *it->second.account;
    return account_id_of(pubkey);
}

Expected<SelectedKey> WalletDir::select_key(const std::optional<std::string>& requested) {
    auto listed = keystore_.list();
    if (!listed) return keystore_failure(listed.error());
    std::map<std::string, keys::KeyInfo> keys;
    for (auto& k : *listed) keys.emplace(k.name, std::move(k));
    auto record = [&](const std::string& name) -> const KeyRecord* {
        auto it = state_.keys.find(name);
        return it == state_.keys.end() ? nullptr : &it->second;
    };
    std::string start;
    if (requested) {
        if (!keys.count(*requested)) {
            return Failure{ExitCode::usage,
                           "NO_SUCH_KEY",
                           cat("no key named '", *requested, "' in ", keystore_.dir()),
                           "list the keys with: folio-wallet list",
                           {}};
        }
        start = *requested;
    } else {
        std::vector<std::string> active;
        for (const auto& [name, info] : keys) {
            const KeyRecord* r = record(name);
            if (!r || (r->rotated_to.empty() && r->rotation_of.empty())) active.push_back(name);
        }
        if (active.size() == 1) {
            start = active[0];
        } else if (keys.count("default")) {
            start = "default";
        } else if (active.empty()) {
            return Failure{ExitCode::usage,
                           "NO_KEY",
                           cat("the wallet in ", dir_, " has no key"),
                           "create one with: folio-wallet keygen --name NAME",
                           {}};
        } else {
            std::string names;
            for (const auto& n : active) names += cat(names.empty() ? "" : ", ", n);
            return usage_error(cat("the wallet has several keys (", names, "): choose one with --key NAME"));
        }
    }
    std::string name = start;
    std::set<std::string> seen;
    for (const KeyRecord* r = record(name); r && !r->rotated_to.empty(); r = record(name)) {
        if (!seen.insert(name).second || seen.size() > kMaxRotationChain) {
            return damaged(cat("wallet.json: the rotations from key '", start, "' form a loop"));
        }
        const std::string previous = name;
        name = r->rotated_to;
        if (!keys.count(name)) {
            return damaged(cat("wallet.json: key '", previous, "' was rotated to '", name,
                               "', which is not in the keystore"));
        }
    }
    SelectedKey out{name, keys.at(name), account_of(name, keys.at(name).pubkey), {}};
    if (name != start) out.note = cat("key '", start, "' was rotated; using its successor '", name, "'");
    return out;
}

}  // namespace folio::wallet

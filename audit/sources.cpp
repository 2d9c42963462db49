#include "audit/sources.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "audit/remote.h"
#include "keys/file_io.h"

namespace folio::audit {

namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/folio-audit-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
}

NodeLockProbe::NodeLockProbe(const std::string& datadir) {
    fd_ = ::open((datadir + "/foliod.lock").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ >= 0 && ::flock(fd_, LOCK_SH | LOCK_NB) != 0) held_by_node_ = true;
}

NodeLockProbe::~NodeLockProbe() {
    if (fd_ >= 0) ::close(fd_);
}

int exit_code_of(const Error& e) {
    switch (e.reason) {
        case Reason::UNAVAILABLE:
        case Reason::TIMEOUT:
        case Reason::IO_ERROR:
        case Reason::NOT_AUTHORIZED:
        case Reason::NOT_FOUND:
            return kExitUnreadable;
        default:
            return kExitDiscrepancy;
    }
}

Result<Genesis> parse_genesis_text(const std::string& text, const std::string& what) {
    auto g = parse_genesis(text);
    if (!g) return make_error(Reason::CORRUPTION, what + ": " + g.error().message);
    return g;
}

Result<std::optional<ChainId>> pinned_chain_id(const ParsedArgs& args) {
    if (auto file = args.get("--genesis")) {
        auto text = keys::read_file_bounded(*file, kMaxGenesisBytes);
        if (!text) return make_error(text.reason(), "--genesis: " + text.error().message);
        auto g = parse_genesis(*text);
        if (!g) return make_error(Reason::INVALID_ARGUMENT, "--genesis " + *file + ": " + g.error().message);
        return std::optional<ChainId>(g->chain_id());
    }
    if (auto hex = args.get("--chain-id")) {
        ChainId id{};
        if (!from_hex_fixed(*hex, id)) return make_error(Reason::INVALID_ARGUMENT, "--chain-id: not 64 hex digits");
        return std::optional<ChainId>(id);
    }
    return std::optional<ChainId>();
}

std::string rpc_token(const ParsedArgs& args) {
    const char* env_token = std::getenv("FOLIO_RPC_TOKEN");
    return args.get("--token").value_or(env_token != nullptr ? env_token : "");
}

std::optional<SourceError> check_datadir(const ParsedArgs& args, const std::string& dir, DatadirGenesis& out) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return SourceError{kExitUnreadable, "datadir", "no data directory " + dir};
    auto file_text = keys::read_file_bounded(dir + "/genesis.json", kMaxGenesisBytes);
    if (!file_text) return SourceError{exit_code_of(file_text.error()), "genesis", file_text.error().message};
    auto file_genesis = parse_genesis_text(*file_text, dir + "/genesis.json");
    if (!file_genesis) return SourceError{kExitDiscrepancy, "genesis", file_genesis.error().message};
    auto pinned = pinned_chain_id(args);
    if (!pinned) {
        return SourceError{pinned.reason() == Reason::INVALID_ARGUMENT ? kExitUsage : kExitUnreadable, "usage",
                           pinned.error().message};
    }
    out.text = std::move(*file_text);
    out.chain_id = file_genesis->chain_id();
    if (*pinned && **pinned != out.chain_id) {
        return SourceError{kExitDiscrepancy, "genesis",
                           dir + "/genesis.json is chain " + to_hex(out.chain_id) + ", not the pinned " +
                               to_hex(**pinned)};
    }
    return std::nullopt;
}

std::optional<SourceError> anchored_genesis(const ParsedArgs& args, RemoteChain& node, const ChainId& pinned,
                                            std::string& text) {
    if (auto file = args.get("--genesis")) {
        auto file_text = keys::read_file_bounded(*file, kMaxGenesisBytes);
        if (!file_text) return SourceError{kExitUnreadable, "genesis", file_text.error().message};
        text = std::move(*file_text);
        return std::nullopt;
    }
    auto served = node.genesis_json();
    if (!served) return SourceError{exit_code_of(served.error()), "genesis", node.url() + ": " + served.error().message};
    auto g = parse_genesis_text(*served, "the genesis " + node.url() + " serves");
    if (!g) return SourceError{kExitDiscrepancy, "genesis", g.error().message};
    if (g->chain_id() != pinned) {
        return SourceError{kExitDiscrepancy, "genesis",
                           node.url() + " serves the genesis of chain " + to_hex(g->chain_id()) + ", not " +
                               to_hex(pinned)};
    }
    text = std::move(*served);
    return std::nullopt;
}

}  // namespace folio::audit

// What every folio-audit command shares about where it reads from: the probe of a running node's lock, the
// anchor a user pins (--genesis FILE or --chain-id HEX), scratch directories for replays, the RPC token, and
// how a read error maps to an exit code (audit/cli.h).
#pragma once

#include <optional>
#include <string>

#include "audit/cli.h"
#include "chain/genesis.h"
#include "chain/result.h"

namespace folio::audit {

// What foliod itself reads (node/node.cpp): a genesis of 100,000 KYC'd accounts is about 28 MB.
inline constexpr size_t kMaxGenesisBytes = 64u << 20;
inline constexpr const char* kNodeRunning = "node running: stop it, audit a copy, or use --rpc";

// A directory of the command's own under $TMPDIR, removed (recursively) at the end. path() is empty when it
// could not be created.
class ScratchDir {
  public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// foliod's flock on DIR/foliod.lock (node/datadir_lock.h), held shared while the audit reads: a node cannot
// start on the directory meanwhile. Never creates the file.
class NodeLockProbe {
  public:
    explicit NodeLockProbe(const std::string& datadir);
    ~NodeLockProbe();
    NodeLockProbe(const NodeLockProbe&) = delete;
    NodeLockProbe& operator=(const NodeLockProbe&) = delete;
    bool held_by_node() const { return held_by_node_; }

  private:
    int fd_ = -1;
    bool held_by_node_ = false;
};

// A chain-reading error: the source could not be read (3), or what it holds is wrong (1).
int exit_code_of(const Error& e);

// A genesis document read from a source; CORRUPTION naming `what` when it does not parse.
Result<Genesis> parse_genesis_text(const std::string& text, const std::string& what);

// --genesis FILE or --chain-id HEX, when given: the chain id they pin. INVALID_ARGUMENT for a bad value.
Result<std::optional<ChainId>> pinned_chain_id(const ParsedArgs& args);

// --token, else $FOLIO_RPC_TOKEN, else none.
std::string rpc_token(const ParsedArgs& args);

// DIR/genesis.json, checked against the anchor when one is pinned: its text and chain id. Errors carry the
// exit code in `code`.
struct DatadirGenesis {
    std::string text;
    ChainId chain_id{};
};
struct SourceError {
    int code = kExitDiscrepancy;
    std::string check;
    std::string message;
};
// Checks the directory exists, then reads its genesis.json and compares it with the pinned anchor. The
// caller holds a NodeLockProbe on it for as long as it reads.
std::optional<SourceError> check_datadir(const ParsedArgs& args, const std::string& dir, DatadirGenesis& out);

class RemoteChain;
// The genesis a replay over RPC starts from: --genesis FILE, or the document the node serves when its chain
// id is the pinned --chain-id (no other genesis hashes to it). `pinned` is the anchor, required.
std::optional<SourceError> anchored_genesis(const ParsedArgs& args, RemoteChain& node, const ChainId& pinned,
                                            std::string& text);

}  // namespace folio::audit

// What a command runs with: its parsed arguments, the common options resolved against the environment, the
// streams it writes to, and the wallet directory, the node and the password, each obtained when first needed
// so that a command fails on its cheapest problem first (a bad option before a missing wallet before an
// unreachable node before a password prompt).
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "wallet/cli.h"
#include "wallet/node_client.h"
#include "wallet/wallet_dir.h"

namespace folio::wallet {

struct CommonOptions {
    std::string wallet_dir;
    std::optional<std::string> rpc_url;  // from --rpc or $FOLIO_RPC_URL; else wallet.json, then the default
    std::string token;
    std::optional<std::string> key;
    std::optional<std::string> password_file;
    bool json = false;
    bool yes = false;
};

inline constexpr std::string_view kDefaultRpcUrl = "http://127.0.0.1:8545";
inline constexpr uint64_t kDefaultWaitMs = 30'000;

// Resolves --wallet-dir, --rpc, --token/--token-file, --key, --password-file, --json and --yes against
// $FOLIO_WALLET_DIR, $FOLIO_RPC_URL, $FOLIO_RPC_TOKEN and $HOME. Usage Failures name the option or variable.
Expected<CommonOptions> resolve_common_options(const ParsedArgs& args);

// The streams and the terminal. Tests replace `confirm`.
struct Io {
    std::ostream& out;
    std::ostream& err;
    // Asks a yes/no question; the default reads a line from the terminal, and fails (usage, "pass --yes")
    // when stdin is not one.
    std::function<Expected<bool>(const std::string& question)> confirm;
};
Expected<bool> confirm_on_terminal(std::ostream& err, const std::string& question);

// A command's result: one JSON document for --json, and text for people.
struct Report {
    std::string json;   // dumped
    std::string human;  // ends with a newline
};

class Context {
  public:
    Context(ParsedArgs args, CommonOptions options, Io io);
    ~Context();

    const ParsedArgs& args() const { return args_; }
    const CommonOptions& options() const { return options_; }
    Io& io() { return io_; }
    // A note for people on stderr (suppressed by nothing: stdout stays clean for --json).
    void note(const std::string& text);

    // The wallet directory; `create` makes it when missing (init, keygen).
    Expected<WalletDir*> wallet(bool create = false);
    Expected<const PinnedChain*> pinned();
    Expected<SelectedKey> key();
    // The node, after its chain_info has been checked against the pinned chain.
    Expected<NodeClient*> node();

    // The keystore password: --password-file, else $FOLIO_WALLET_PASSWORD, else a no-echo prompt (asked twice
    // when `new_password`). Keystore Failures (exit 4) when there is none.
    Expected<std::string> password(const std::string& prompt, bool new_password);
    // The key's secret: the password, then unlock. Exit 4 for a wrong password or a tampered file.
    Expected<crypto::SecretKey> unlock(const SelectedKey& key, std::string* password_out = nullptr);

    // Asks before an irreversible step unless --yes or --json. A "no" is a usage Failure (nothing changed).
    Done confirm(const std::string& question);

  private:
    ParsedArgs args_;
    CommonOptions options_;
    Io io_;
    std::unique_ptr<WalletDir> wallet_;
    std::unique_ptr<NodeClient> node_;
};

}  // namespace folio::wallet

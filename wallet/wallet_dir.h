// The wallet directory: the keystore (keys/), the pinned chain (genesis.json, a copy of the genesis file) and
// wallet.json, which records the pinned chain id, the default node URL and what the keystore cannot know
// about keys: the account a key signs for once it has been rotated in, and which keys were rotated out.
//
//   DIR/            mode 0700
//     keys/         the keystore (docs/keystore.md)
//     genesis.json  the genesis the wallet was initialized with, byte for byte
//     wallet.json   {"format":"folio-wallet","version":1,
//                    "chain":{"chain_id":HEX,"name":TEXT}?,"rpc":URL?,
//                    "keys":{NAME:{"account":ADDR?,"rotated_to":NAME?,"rotation_of":NAME?,
//                                  "rotated_at_height":N?}}}
//     .lock         flock()ed while wallet.json is rewritten, so two wallets never lose each other's update
//
// wallet.json and genesis.json are written whole (keys::write_file_atomic: temp file, fsync, rename, fsync of
// the directory), mode 0600. On load, genesis.json must parse and hash to the recorded chain id: a wallet
// never talks to a node with a chain it cannot prove is the one it was pinned to.
//
// Not thread safe; a WalletDir belongs to one command run. Processes are serialized by the lock file.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "chain/genesis.h"
#include "keys/keystore.h"
#include "wallet/outcome.h"

namespace folio::wallet {

struct KeyRecord {
    std::optional<AccountId> account;  // absent: account_id_of(pubkey), the account a fresh key registers as
    std::string rotated_to;            // non-empty: rotated out, in favour of that key
    std::string rotation_of;           // non-empty: generated to replace that key, rotation not yet confirmed
    Height rotated_at_height = 0;
};

struct WalletState {
    std::optional<ChainId> chain_id;
    std::string chain_name;
    std::string rpc_url;  // remembered by init --rpc; empty for none
    std::map<std::string, KeyRecord> keys;
};

struct PinnedChain {
    ChainId chain_id{};
    Genesis genesis;
};

// A key chosen for a command, with the account it signs for.
struct SelectedKey {
    std::string name;
    keys::KeyInfo info;
    AccountId account{};
    std::string note;  // e.g. "key 'alice' was rotated; using 'alice.2'"; empty when nothing to say
};

inline constexpr size_t kMaxGenesisBytes = 16u << 20;
inline constexpr size_t kMaxWalletFileBytes = 1u << 20;

class WalletDir {
  public:
    // Opens DIR. With create, makes it (mode 0700) and its keystore when missing; without, a missing
    // directory is a usage Failure that says how to start.
    static Expected<std::unique_ptr<WalletDir>> open(const std::string& dir, bool create);

    const std::string& dir() const { return dir_; }
    keys::Keystore& keystore() { return keystore_; }
    const WalletState& state() const { return state_; }

    // The pinned chain, loaded and checked once. NOT_INITIALIZED (exit 2) with the init command to run when
    // the wallet has no chain; exit 4 when genesis.json is damaged.
    Expected<const PinnedChain*> pinned();

    // Pins the chain: stores genesis_text (which must parse) and records its chain id and rpc_url (when not
    // empty). Refused when already pinned to another chain.
    Expected<ChainId> init(const std::string& genesis_text, const std::string& rpc_url);

    // Under the lock: re-reads wallet.json, applies `change`, writes it back.
    Done update(const std::function<void(WalletState&)>& change);

    // The key named `requested` (following rotated_to links to the key in use now), or by default the only
    // active key, else the one named "default" (followed likewise). Usage Failures say what to do.
    Expected<SelectedKey> select_key(const std::optional<std::string>& requested);
    // The account a key signs for.
    AccountId account_of(const std::string& name, const PubKey& pubkey) const;

  private:
    WalletDir(std::string dir, keys::Keystore keystore)
        : dir_(std::move(dir)), keystore_(std::move(keystore)) {}
    Done load();

    std::string dir_;
    keys::Keystore keystore_;
    WalletState state_;
    std::optional<PinnedChain> pinned_;
};

// Serialization of wallet.json, exposed for tests. parse refuses unknown versions, wrong types, bad names.
std::string wallet_state_to_json(const WalletState& state);
Expected<WalletState> wallet_state_from_json(std::string_view text);

}  // namespace folio::wallet

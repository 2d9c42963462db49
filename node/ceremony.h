// The genesis ceremony of a consortium: each operator makes its validator's keys on its own machine, the
// genesis file is assembled from their public keys, and each operator prepares its node from that file
// (docs/operations.md, "Starting a consortium").
//
//   foliod keygen --datadir DIR [--name NAME] [--password-file FILE]
//       creates DIR (mode 0700) with the validator's consensus key in DIR/keystore (encrypted) and its P2P
//       key in DIR/p2p_key.pem, and prints the genesis entry {name, consensus_pubkey, p2p_pubkey, power} as
//       JSON on stdout. Never replaces a key: a DIR that has either refuses, naming it.
//   foliod init --genesis FILE --datadir DIR [--password-file FILE] [--rpc-bind H:P] [--p2p-bind H:P]
//       checks FILE (a valid genesis; this node's keys, if any, match one validator's, else it will be an
//       observer) and writes DIR/genesis.json and DIR/config.json. A DIR already holding another chain is
//       refused; the same chain again changes nothing.
#pragma once

#include <string>
#include <vector>

#include "chain/crypto/schnorr.h"
#include "chain/result.h"
#include "keys/keystore.h"

namespace folio::node {

struct ValidatorKeys {
    crypto::PubKey consensus_pubkey{};
    Hash256 p2p_pubkey{};
};

// What keygen writes, for testnet too. `password` protects the keystore key (checked by the caller).
Result<ValidatorKeys> create_validator_keys(const std::string& datadir, const std::string& key_name,
                                            const std::string& password, const keys::ScryptParams& params);

// An observer's P2P key only (DATADIR/p2p_key.pem): its public key.
Result<Hash256> create_observer_keys(const std::string& datadir);

// The genesis entry of a validator, as `foliod keygen` prints it.
std::string validator_entry_json(const std::string& name, const ValidatorKeys& keys, uint64_t power);

// `args` are the words after "keygen" / "init". Exit codes: 0 done, 1 runtime error, 2 usage error.
int run_keygen_command(const std::vector<std::string>& args);
int run_init_command(const std::vector<std::string>& args);

}  // namespace folio::node

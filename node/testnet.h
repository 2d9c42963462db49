// `foliod testnet`: a local consortium in one directory, for trying Folio and for the fault tests.
//
//   foliod testnet --validators N --dir DIR [--base-port P] [--observers M]
//
// Writes DIR/node0 .. DIR/node{N+M-1}: nodes 0..N-1 are validators (power 1 each), the others observers. Each
// holds its keystore (a validator key for validators; node0 also the genesis operator, registrar and issuer
// keys, as in --dev) with its keystore.password, its p2p_key.pem, the shared genesis.json, and a config.json
// with rpc_bind 127.0.0.1:P+2I, p2p_bind 127.0.0.1:P+2I+1 and the other nodes as peers. `foliod --datadir
// DIR/nodeI` then starts node I, which writes its admin token to DIR/nodeI/rpc-admin.token. Everything is
// written under a temporary name and moved into place at the end: a refused or failed run leaves nothing.
#pragma once

#include <string>
#include <vector>

namespace folio::node {

// `args` are the words after "testnet". Exit codes: 0 done, 1 runtime error, 2 usage error.
int run_testnet_command(const std::vector<std::string>& args);

}  // namespace folio::node

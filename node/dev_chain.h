// `foliod --dev`: on first start, a one-validator chain in the data directory, with its keys in the node's
// encrypted keystore: validator (signs commits), operator, registrar and issuer (for tx_sign_submit).
#pragma once

#include <string>

#include "chain/result.h"

namespace folio::node {

// Creates DATADIR/{keystore/, keystore.password, p2p_key.pem, genesis.json, config.json} unless genesis.json
// exists already (a restart keeps the chain). Each file is written whole (temp + fsync + rename) and mode 0600.
Status init_dev_datadir(const std::string& datadir, const std::string& rpc_bind);

}  // namespace folio::node

// The p2p_* keys of foliod's config (node/config.h; docs/operations.md, section P2P), parsed and written
// apart from the rest so that each key's bounds sit next to the others of the transport.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "chain/result.h"
#include "node/p2p/options.h"

namespace folio::node {

bool is_p2p_config_key(std::string_view key);
// Reads every p2p_* key present in `doc` into `out`, then checks the keys against each other.
// INVALID_ARGUMENT naming the key on the first error; `out` may then be partly filled (the caller discards
// it).
Status parse_p2p_config(const nlohmann::json& doc, p2p::Options& out);
// Adds every p2p_* key to `doc`, in the form parse_p2p_config reads back.
void write_p2p_config(const p2p::Options& options, nlohmann::json& doc);

}  // namespace folio::node

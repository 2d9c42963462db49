// The /explorer register page: a read-only page that foliod's RPC server serves without a token. It reads the
// ledger through the node's own JSON-RPC from the browser (docs/explorer.md); the server side only hands out
// the page's files, embedded in the binary.
//
//   GET /explorer, /explorer/          index.html
//   GET /explorer/app.js, proof.js, bip340.js, app.css
//   anything else below /explorer/     404
//
// Every answer carries Content-Security-Policy: default-src 'self' (plus frame-ancestors 'none', base-uri
// 'none', form-action 'none'), so no inline script or style runs and nothing is loaded from elsewhere;
// X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer.
//
// Thread safety: the routes' handlers only read constant data; call them from any thread.
#pragma once

#include <vector>

#include "rpc/server_config.h"

namespace folio::explorer {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// The GET routes to add to rpc::ServerConfig::get_routes (scope public).
std::vector<rpc::GetRoute> routes();

}  // namespace folio::explorer

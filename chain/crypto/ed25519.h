// Ed25519 public keys as they appear in genesis and validator_set_update (the P2P keys for TLS 1.3). Chain
// code never signs or verifies with them; it only refuses 32 bytes that cannot be a key, so that a typo in a
// set change cannot lock a validator out of every TLS handshake.
#pragma once

#include "chain/bytes.h"

namespace folio::crypto {

// True when `key` is the encoding of a point of edwards25519 (RFC 8032 section 5.1.3: y below p, and x^2 =
// (y^2 - 1) / (d y^2 + 1) has a root with the encoded sign). Pure and deterministic.
bool is_valid_ed25519_pubkey(const std::array<uint8_t, 32>& key);

}  // namespace folio::crypto

// A validator set: who signs blocks and with what power. Its encoding and hash are in chain/block.h's grammar
// (validators, validators_hash); block.cpp implements them. Apart from block.h so that ops (chain/ops.h) can
// carry a set without a circular include.
#pragma once

#include <string>
#include <vector>

#include "chain/result.h"
#include "chain/types.h"

namespace folio {

inline constexpr size_t kMaxValidators = 1024;

struct Validator {
    std::string name;
    PubKey consensus_key{};
    Hash256 p2p_key{};  // Ed25519 public key for TLS 1.3 (TLS 1.3 has no secp256k1 signature scheme)
    uint64_t power = 0;
    bool operator==(const Validator&) const = default;
};

struct ValidatorSet {
    std::vector<Validator> validators;

    Bytes encode() const;
    static Result<ValidatorSet> decode(ByteView data);
    Hash256 hash() const;
    uint64_t total_power() const;
    // Index of the validator with this consensus key, or -1.
    int index_of(const PubKey& consensus_key) const;
    bool operator==(const ValidatorSet&) const = default;
};

}  // namespace folio

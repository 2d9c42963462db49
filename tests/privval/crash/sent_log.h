// The "network" of the sign-state crash test: every message the child lets leave (after its safety state is
// durable) is appended to DIR/sent.log as one line, "HEIGHT ROUND STEP SIGN_HASH SIGNATURE" (decimal, step
// 0-2, then hex). The test reads the lines of every run and looks for two signatures at one position.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "chain/bytes.h"
#include "node/consensus/sign_guard.h"

namespace folio::privval::test {

inline constexpr const char* kSentLogName = "sent.log";

// The chain and the key the child signs for (fixed, so that the test can check the signatures).
inline ChainId crash_chain_id() {
    ChainId id{};
    for (size_t i = 0; i < id.size(); ++i) id[i] = static_cast<uint8_t>(0xC0 + i);
    return id;
}

inline std::array<uint8_t, 32> crash_key_bytes() {
    std::array<uint8_t, 32> key{};
    for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i + 1);
    return key;
}

inline std::string format_sent(const consensus::SignedRecord& r) {
    return std::to_string(r.position.height) + " " + std::to_string(r.position.round) + " " +
           std::to_string(static_cast<int>(r.position.step)) + " " + to_hex(r.sign_hash) + " " +
           to_hex(r.signature) + "\n";
}

// nullopt for a malformed line (a torn last line cannot happen: each line is one write(2) of a few bytes,
// but the test says so if it does).
inline std::optional<consensus::SignedRecord> parse_sent(const std::string& line) {
    unsigned long long height = 0;
    unsigned round = 0, step = 0;
    char hash_hex[65] = {}, sig_hex[129] = {};
    if (std::sscanf(line.c_str(), "%llu %u %u %64s %128s", &height, &round, &step, hash_hex, sig_hex) != 5)
        return std::nullopt;
    if (step > 2) return std::nullopt;
    auto hash = from_hex(hash_hex);
    auto sig = from_hex(sig_hex);
    if (!hash || hash->size() != 32 || !sig || sig->size() != 64) return std::nullopt;
    consensus::SignedRecord r;
    r.position = {height, round, static_cast<consensus::Step>(step)};
    std::copy(hash->begin(), hash->end(), r.sign_hash.begin());
    std::copy(sig->begin(), sig->end(), r.signature.begin());
    return r;
}

}  // namespace folio::privval::test

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

// nullopt for a malformed line. A line can be torn: SIGKILL between the pages of one write(2) leaves a short
// write (the kernel stops copying at a fatal signal), so the next child first ends the torn line, and the test
// takes a torn line for a message that never left whole, as a network drops a partial frame.
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

// A torn line: the start of what format_sent writes, cut short (digits, spaces and hex only).
inline bool is_torn_line(const std::string& line) {
    if (line.empty() || line.size() >= 200) return line.empty();
    for (char c : line)
        if (!(c == ' ' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace folio::privval::test

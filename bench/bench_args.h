// What the in-process benchmarks (audit_bench, instruments_bench) share: their command lines and the keys
// they derive, so that every run of a benchmark builds the same chain.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/crypto/schnorr.h"

namespace folio::bench {

// One option of a command line: `--name VALUE` (set gets the value) or, without a value, a flag (set gets "").
struct BenchOption {
    std::string name;
    std::function<void(const std::string&)> set;
    bool takes_value = true;
};

// Applies the options in order; an unknown option or a missing value prints `usage` (or what is missing)
// on stderr and exits 2. A value that is not a number for a numeric option is the caller's std::stoull's
// exception, which ends the program as well.
void parse_bench_args(int argc, char** argv, const std::vector<BenchOption>& options, std::string_view usage);

// The key number `i` of a benchmark: SHA-256 of `tag` and i (8 bytes LE). Repeatable, and no entropy drawn
// for thousands of throwaway keys.
crypto::SecretKey tagged_bench_key(std::string_view tag, uint64_t i);

}  // namespace folio::bench

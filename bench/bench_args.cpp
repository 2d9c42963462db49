#include "bench/bench_args.h"

#include <cstdio>
#include <cstdlib>

#include "chain/crypto/hash.h"

namespace folio::bench {

void parse_bench_args(int argc, char** argv, const std::vector<BenchOption>& options, std::string_view usage) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const BenchOption* option = nullptr;
        for (const BenchOption& o : options) {
            if (o.name == arg) option = &o;
        }
        if (option == nullptr) {
            std::fprintf(stderr, "usage: %.*s\n", static_cast<int>(usage.size()), usage.data());
            std::exit(2);
        }
        if (!option->takes_value) {
            option->set("");
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "%s needs a value\n", arg.c_str());
            std::exit(2);
        }
        option->set(argv[++i]);
    }
}

crypto::SecretKey tagged_bench_key(std::string_view tag, uint64_t i) {
    Bytes seed(tag.begin(), tag.end());
    for (int b = 0; b < 8; ++b) seed.push_back(static_cast<uint8_t>(i >> (8 * b)));
    return *crypto::SecretKey::from_bytes(crypto::sha256(seed));
}

}  // namespace folio::bench

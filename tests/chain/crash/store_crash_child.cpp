// The writer half of the crash test (tests/chain/store_test.cpp, store_crash.*): opens a Ledger in DIR with
// the seeded chain's genesis and commits the seeded chain's blocks, each as one synced LevelDB batch, from
// the stored height on, until MAX_HEIGHT (default: no bound). The test kills it with SIGKILL at a random
// moment and checks what it finds in DIR; the next run continues from whatever height survived.
//
//   store_crash_child DIR SEED [MAX_HEIGHT]
//
// Prints nothing unless something fails (then one line on stderr and exit status 1); exit status 2 for bad
// arguments; 0 when MAX_HEIGHT is reached. FOLIO_CRASH_CHILD_VERBOSE=1 prints the height every 100 blocks.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "contracts/registry.h"
#include "tests/chain/crash/seeded_chain.h"

namespace {

bool parse_u64(const char* text, uint64_t& out) {
    if (!text || !*text) return false;
    char* end = nullptr;
    out = std::strtoull(text, &end, 10);
    return end && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
    using namespace folio;
    uint64_t seed = 0, max_height = UINT64_MAX;
    if (argc < 3 || argc > 4 || !parse_u64(argv[2], seed) || (argc == 4 && !parse_u64(argv[3], max_height))) {
        std::fprintf(stderr, "usage: store_crash_child DIR SEED [MAX_HEIGHT]\n");
        return 2;
    }
    const bool verbose = std::getenv("FOLIO_CRASH_CHILD_VERBOSE") != nullptr;
    const test::SeededChain chain(seed);
    const auto registry = contracts::make_registry();

    LedgerOptions options;
    options.store.path = argv[1];
    options.store.sync = true;  // what a node does: the test is about what a synced batch guarantees
    auto opened = Ledger::open(options, chain.genesis_json());
    if (!opened) {
        std::fprintf(stderr, "store_crash_child: open %s: %s: %s\n", argv[1],
                     std::string(reason_name(opened.error().reason)).c_str(), opened.error().message.c_str());
        return 1;
    }
    Ledger& ledger = **opened;
    if (verbose)
        std::fprintf(stderr, "store_crash_child: opened at height %llu\n",
                     (unsigned long long)ledger.height());
    while (ledger.height() < max_height) {
        if (Status s = test::commit_next_seeded_block(ledger, *registry, chain); !s) {
            std::fprintf(stderr, "store_crash_child: block %llu: %s: %s\n",
                         (unsigned long long)(ledger.height() + 1),
                         std::string(reason_name(s.error().reason)).c_str(), s.error().message.c_str());
            return 1;
        }
        if (verbose && ledger.height() % 100 == 0) {
            std::fprintf(stderr, "store_crash_child: height %llu\n", (unsigned long long)ledger.height());
        }
    }
    return 0;
}

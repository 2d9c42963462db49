// mempool_update_random.*: the pending state kept across blocks (node/pending_state.h) agrees with a full
// re-application after every block, over random transfers among a few holders and random blocks that take
// some of the mempool's txs in another order and txs it never saw. Transfers between KYC'd holders are valid
// or not by what they write alone (nonces and balances), so here "re-check only the written keys" must be
// exact. The seed is printed; FOLIO_MEMPOOL_SEED=S replays one run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "chain/block_builder.h"
#include "chain/verify_pool.h"
#include "contracts/registry.h"
#include "node/mempool.h"

namespace folio::node::test {
namespace {

constexpr size_t kHolders = 8;
constexpr uint64_t kGenesisTimeMs = 1'764'000'000'000;

crypto::SecretKey key_of(uint8_t i) {
    Hash256 secret{};
    secret[0] = 0x5a;
    secret[31] = static_cast<uint8_t>(i + 1);
    return crypto::SecretKey(secret);
}

std::string genesis_json(const crypto::SecretKey& validator, const std::vector<crypto::SecretKey>& holders) {
    nlohmann::json g;
    g["chain_name"] = "folio-mempool-random";
    g["genesis_time_ms"] = kGenesisTimeMs;
    g["validators"] = {{{"name", "v0"},
                        {"consensus_pubkey", to_hex(validator.pubkey())},
                        {"p2p_pubkey", std::string(64, '0')},
                        {"power", 1}}};
    const crypto::SecretKey registrar = key_of(200);
    g["accounts"] = {
        {{"name", "registrar"}, {"pubkey", to_hex(registrar.pubkey())}, {"roles", {"registrar", "issuer"}}}};
    nlohmann::json balances = nlohmann::json::array();
    for (size_t i = 0; i < holders.size(); ++i) {
        std::string name = "h";
        name += std::to_string(i);
        g["accounts"].push_back({{"name", name},
                                 {"pubkey", to_hex(holders[i].pubkey())},
                                 {"kyc",
                                  {{"level", 1},
                                   {"category", "retail"},
                                   {"expires_ms", 4102444800000ULL},
                                   {"doc_hash", std::string(64, '1')}}}});
        balances.push_back({{"account", name}, {"amount", "500"}});
    }
    g["assets"] = {{{"symbol", "HOLD"},
                    {"class", "equity"},
                    {"decimals", 0},
                    {"max_supply", "1000000"},
                    {"issuer", "registrar"},
                    {"balances", balances}}};
    return g.dump();
}

uint64_t seed_of_run() {
    if (const char* s = std::getenv("FOLIO_MEMPOOL_SEED")) return std::strtoull(s, nullptr, 10);
    return std::random_device{}();
}

TEST(mempool_update_random, PendingStateAgreesWithAFullReapplyAfterEveryBlock) {
    const uint64_t seed = seed_of_run();
    std::printf("mempool_update_random seed %llu (FOLIO_MEMPOOL_SEED=%llu replays it)\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);

    const crypto::SecretKey validator = key_of(100);
    std::vector<crypto::SecretKey> holders;
    std::vector<AccountId> ids;
    for (uint8_t i = 0; i < kHolders; ++i) {
        holders.push_back(key_of(i));
        ids.push_back(account_id_of(holders.back().pubkey()));
    }
    const std::string dir =
        (std::filesystem::temp_directory_path() /
         ("folio-mempool-random-" + std::to_string(::getpid()) + "-" + std::to_string(seed)))
            .string();
    std::filesystem::remove_all(dir);
    LedgerOptions options;
    options.store.path = dir;
    options.store.sync = false;
    auto opened = Ledger::open(options, genesis_json(validator, holders));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    std::unique_ptr<Ledger> ledger = std::move(opened).value();
    auto registry = contracts::make_registry();
    VerifyPool pool(1);
    SignatureCache cache;
    CachedVerifier signatures(cache, pool);
    uint64_t now_ms = kGenesisTimeMs + 1000;
    Mempool mempool(*ledger, *registry, signatures, MempoolLimits{}, [&] { return now_ms; });

    auto transfer = [&](size_t from, uint64_t nonce) {
        SignedTx stx;
        stx.tx.chain_id = ledger->chain_id();
        stx.tx.signer = ids[from];
        stx.tx.nonce = nonce;
        size_t to = std::uniform_int_distribution<size_t>(0, kHolders - 2)(rng);
        if (to >= from) ++to;
        const Amount amount = std::uniform_int_distribution<Amount>(1, 200)(rng);
        stx.tx.ops.push_back(encode_op(TransferOp{"HOLD", ids[to], amount}));
        sign_tx(stx, holders[from]);
        return make_envelope(std::move(stx));
    };
    auto committed_nonce = [&](size_t who) {
        Account a;
        return read_account(ledger->state(), ids[who], a) ? a.nonce : 0;
    };

    for (int round = 0; round < 30; ++round) {
        // Some of this node's submissions (each on the pending nonce, refused when the balance is short).
        const int submissions = std::uniform_int_distribution<int>(0, 12)(rng);
        for (int s = 0; s < submissions; ++s) {
            const size_t from = std::uniform_int_distribution<size_t>(0, kHolders - 1)(rng);
            (void)mempool.submit({transfer(from, mempool.next_nonce(ids[from]).value_or(0))});
        }
        // Another proposer's block: some of our txs in a shuffled order, and txs we never saw.
        std::vector<TxPtr> candidates;
        for (const TxPtr& tx : mempool.reap(64u << 20, 100000)) {
            if (rng() % 2 == 0) candidates.push_back(tx);
        }
        const int foreign = std::uniform_int_distribution<int>(0, 3)(rng);
        for (int f = 0; f < foreign; ++f) {
            const size_t from = std::uniform_int_distribution<size_t>(0, kHolders - 1)(rng);
            candidates.push_back(transfer(from, committed_nonce(from)));
        }
        std::shuffle(candidates.begin(), candidates.end(), rng);
        const std::vector<bool> ok(candidates.size(), true);
        now_ms += 1000;
        BuiltBlock built = build_block(*ledger, *registry, candidates, ok, now_ms, validator.pubkey());
        ASSERT_TRUE(commit_single_validator(*ledger, built, validator).ok()) << "seed " << seed;
        (void)mempool.update(built.block, built.result);

        // The reference: every tx kept, applied in queue order on the new head, applies whole.
        const std::vector<TxPtr> kept = mempool.reap(64u << 20, 100000);
        BlockExecution reference(ledger->state(),
                                 BlockContext{ledger->chain_id(), ledger->height() + 1, now_ms}, *registry);
        for (size_t i = 0; i < kept.size(); ++i) {
            const TxOutcome o = reference.apply(*kept[i], true, /*strict=*/true);
            ASSERT_TRUE(o.included) << "seed " << seed << ", round " << round << ": kept tx " << i
                                    << " no longer applies: " << o.error.message;
        }
        for (size_t h = 0; h < kHolders; ++h) {
            Account expected;
            ASSERT_TRUE(read_account(reference.view(), ids[h], expected));
            ASSERT_EQ(mempool.next_nonce(ids[h]), expected.nonce) << "seed " << seed << ", round " << round;
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace folio::node::test

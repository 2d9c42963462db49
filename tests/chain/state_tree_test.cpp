#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "chain/state_proof.h"
#include "chain/state_tree.h"

namespace folio {
namespace {

constexpr Hash256 kZero{};

Hash256 key(std::string_view name) { return crypto::tags::state_key()(as_bytes(name)); }
// "k0", "k1", ... (appended rather than "k" + to_string(n), which trips g++ 12's -Wrestrict at -O3).
Hash256 key_n(uint64_t n) {
    std::string name = "k";
    name += std::to_string(n);
    return key(name);
}
Hash256 val(uint64_t n) {
    Hash256 v{};
    for (int i = 0; i < 8; ++i) v[i] = static_cast<uint8_t>(n >> (8 * i));
    v[31] = 0x5a;  // never zero
    return v;
}
Hash256 random_hash(std::mt19937_64& rng) {
    Hash256 h;
    for (auto& b : h) b = static_cast<uint8_t>(rng());
    return h;
}
uint32_t seed_from_time_and_print(const char* test) {
    const uint32_t seed = std::random_device{}();
    std::printf("%s: seed %u\n", test, seed);
    return seed;
}

// The definition of chain/state_tree.h, computed the slow way: no sharing, no versions, one split per level.
Hash256 reference_node(const std::vector<StateLeaf>& set, unsigned depth) {
    if (set.empty()) return kZero;
    if (set.size() == 1) return crypto::tags::state_leaf()(set[0].key_hash, set[0].value_hash);
    std::vector<StateLeaf> side[2];
    for (const StateLeaf& l : set) side[state_key_bit(l.key_hash, depth)].push_back(l);
    return crypto::tags::state_node()(reference_node(side[0], depth + 1), reference_node(side[1], depth + 1));
}
Hash256 reference_root(const std::map<Hash256, Hash256>& state) {
    std::vector<StateLeaf> set;
    for (const auto& [k, v] : state) set.push_back({k, v});
    return reference_node(set, 0);
}

// Random keys, a third of them sharing a long prefix with an earlier key, so that paths run deep (down to keys
// differing in bit 255 only) and inner nodes with one empty child appear.
std::vector<Hash256> random_keys(std::mt19937_64& rng, size_t n) {
    std::vector<Hash256> keys;
    while (keys.size() < n) {
        Hash256 k = random_hash(rng);
        if (!keys.empty() && rng() % 3 == 0) {
            k = keys[rng() % keys.size()];
            const unsigned bit = static_cast<unsigned>(rng() % 2 == 0 ? 255 : 160 + rng() % 96);
            k[bit / 8] ^= static_cast<uint8_t>(0x80 >> (bit % 8));
        }
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
    return keys;
}

std::vector<StateUpdate> writes(const std::map<Hash256, Hash256>& state) {
    std::vector<StateUpdate> out;
    for (const auto& [k, v] : state) out.push_back({k, v});
    return out;
}

TEST(state_tree, EmptyTreeRootIsZero) {
    StateTree tree;
    EXPECT_EQ(tree.root(), kZero);
    EXPECT_EQ(tree.latest_version(), 0u);
    EXPECT_EQ(tree.root_at(0), kZero);
    EXPECT_EQ(tree.leaf_count(), 0u);
}

TEST(state_tree, TreeOfOneLeafHasTheLeafHashAsRoot) {
    StateTree tree;
    const Hash256 root = tree.apply(1, {{key("a"), val(1)}});
    EXPECT_EQ(root, state_leaf_hash({key("a"), val(1)}));
}

TEST(state_tree, RootMatchesIndependentImplementationOfTheDefinition) {
    // Pinned by a separate Python implementation of the definition in chain/state_tree.h (keys are
    // H("folio/state_key", "k0".."k4"), values val(0..4)); a change here is a consensus change.
    StateTree tree;
    std::vector<StateUpdate> batch;
    for (int i = 0; i < 5; ++i) batch.push_back({key_n(i), val(i)});
    EXPECT_EQ(to_hex(tree.apply(1, batch)), "de256dd7c7f87736030cc7ad5221efc5fd1636f8a72822a8528342794d0e779b");
}

TEST(state_tree, MatchesBruteForceReferenceOnRandomSets) {
    std::mt19937_64 rng(seed_from_time_and_print("MatchesBruteForceReferenceOnRandomSets"));
    for (int round = 0; round < 30; ++round) {
        StateTree tree(4);
        std::map<Hash256, Hash256> state;
        const std::vector<Hash256> keys = random_keys(rng, 1 + rng() % 200);
        for (uint64_t version = 1; version <= 8; ++version) {
            std::vector<StateUpdate> batch;
            for (size_t i = rng() % 60; i > 0; --i) {
                const Hash256& k = keys[rng() % keys.size()];
                if (rng() % 4 == 0) {
                    batch.push_back({k, std::nullopt});
                    state.erase(k);
                } else {
                    const Hash256 v = val(rng());
                    batch.push_back({k, v});
                    state[k] = v;
                }
            }
            ASSERT_EQ(tree.apply(version, batch), reference_root(state)) << "round " << round << " v" << version;
            ASSERT_EQ(tree.leaf_count(), state.size());
        }
    }
}

TEST(state_tree, RootIsIndependentOfWriteOrderAndBatchSplit) {
    std::mt19937_64 rng(seed_from_time_and_print("RootIsIndependentOfWriteOrderAndBatchSplit"));
    const std::vector<Hash256> keys = random_keys(rng, 500);
    std::map<Hash256, Hash256> state;
    for (const Hash256& k : keys) state[k] = val(rng());

    StateTree one_batch;
    const Hash256 expected = one_batch.apply(1, writes(state));
    for (int trial = 0; trial < 5; ++trial) {
        std::vector<StateUpdate> all = writes(state);
        std::shuffle(all.begin(), all.end(), rng);
        StateTree tree;
        uint64_t version = 0;
        for (size_t i = 0; i < all.size();) {
            const size_t n = std::min(all.size() - i, size_t{1} + rng() % 80);
            tree.apply(++version, std::vector<StateUpdate>(all.begin() + i, all.begin() + i + n));
            i += n;
        }
        EXPECT_EQ(tree.root(), expected) << "trial " << trial;
    }
}

TEST(state_tree, DeleteRestoresThePreviousRoot) {
    StateTree tree;
    tree.apply(1, {{key("a"), val(1)}, {key("b"), val(2)}, {key("c"), val(3)}});
    const Hash256 before = tree.root();
    EXPECT_NE(tree.apply(2, {{key("d"), val(4)}}), before);
    EXPECT_EQ(tree.apply(3, {{key("d"), std::nullopt}}), before);
    EXPECT_EQ(tree.apply(4, {{key("a"), std::nullopt}, {key("b"), std::nullopt}, {key("c"), std::nullopt}}), kZero);
}

TEST(state_tree, DeletingAnAbsentKeyChangesNothing) {
    StateTree tree;
    const Hash256 root = tree.apply(1, {{key("a"), val(1)}, {key("b"), val(2)}});
    EXPECT_EQ(tree.apply(2, {{key("zz"), std::nullopt}}), root);
    EXPECT_EQ(tree.leaf_count(), 2u);
}

TEST(state_tree, LastWriteOfAKeyInABatchWins) {
    StateTree a, b;
    a.apply(1, {{key("x"), val(1)}, {key("y"), val(5)}, {key("x"), std::nullopt}, {key("x"), val(3)}});
    b.apply(1, {{key("y"), val(5)}, {key("x"), val(3)}});
    EXPECT_EQ(a.root(), b.root());
    StateTree c;
    EXPECT_EQ(c.apply(1, {{key("x"), val(1)}, {key("x"), std::nullopt}}), kZero);
}

TEST(state_tree, RewritingTheSameValueKeepsTheRoot) {
    StateTree tree;
    const Hash256 root = tree.apply(1, {{key("a"), val(1)}, {key("b"), val(2)}});
    EXPECT_EQ(tree.apply(2, {{key("a"), val(1)}}), root);
    EXPECT_EQ(tree.apply(3, {}), root);
}

TEST(state_tree, LeafCountTracksInsertsRewritesAndDeletes) {
    StateTree tree;
    tree.apply(1, {{key("a"), val(1)}, {key("b"), val(2)}, {key("c"), val(3)}});
    EXPECT_EQ(tree.leaf_count(), 3u);
    tree.apply(2, {{key("a"), val(9)}, {key("d"), val(4)}, {key("b"), std::nullopt}, {key("q"), std::nullopt}});
    EXPECT_EQ(tree.leaf_count(), 3u);
}

TEST(state_tree, RebuildFromLeavesGivesTheRootOfIncrementalApply) {
    std::mt19937_64 rng(seed_from_time_and_print("RebuildFromLeavesGivesTheRootOfIncrementalApply"));
    StateTree incremental;
    std::map<Hash256, Hash256> state;
    const std::vector<Hash256> keys = random_keys(rng, 3000);
    for (uint64_t version = 1; version <= 20; ++version) {
        std::vector<StateUpdate> batch;
        for (int i = 0; i < 300; ++i) {
            const Hash256& k = keys[rng() % keys.size()];
            if (rng() % 5 == 0) {
                batch.push_back({k, std::nullopt});
                state.erase(k);
            } else {
                batch.push_back({k, val(rng())});
                state[k] = *batch.back().value_hash;
            }
        }
        incremental.apply(version, batch);
    }
    std::vector<StateLeaf> leaves;
    for (const auto& [k, v] : state) leaves.push_back({k, v});
    std::shuffle(leaves.begin(), leaves.end(), rng);

    StateTree rebuilt;
    rebuilt.apply(1, {{key("stale"), val(1)}});
    EXPECT_EQ(rebuilt.rebuild(20, leaves), incremental.root());
    EXPECT_EQ(rebuilt.latest_version(), 20u);
    EXPECT_EQ(rebuilt.oldest_version(), 20u);
    EXPECT_EQ(rebuilt.root_at(1), std::nullopt);
    EXPECT_EQ(rebuilt.leaf_count(), state.size());
    // And it keeps working incrementally from there.
    EXPECT_EQ(rebuilt.apply(21, {{keys[0], val(77)}}), incremental.apply(21, {{keys[0], val(77)}}));
}

TEST(state_tree, KeepsOnlyTheLatestVersions) {
    StateTree tree(3);
    std::vector<Hash256> roots{tree.root()};
    for (uint64_t v = 1; v <= 6; ++v) roots.push_back(tree.apply(v, {{key_n(v), val(v)}}));
    EXPECT_EQ(tree.oldest_version(), 4u);
    EXPECT_EQ(tree.latest_version(), 6u);
    for (uint64_t v = 0; v <= 3; ++v) EXPECT_EQ(tree.root_at(v), std::nullopt) << v;
    for (uint64_t v = 4; v <= 6; ++v) EXPECT_EQ(tree.root_at(v), roots[v]) << v;
    EXPECT_EQ(tree.root_at(7), std::nullopt);
    EXPECT_EQ(tree.prove(3, key_n(1)), std::nullopt);
}

TEST(state_tree, NodesOfDroppedVersionsAreReused) {
    std::mt19937_64 rng(seed_from_time_and_print("NodesOfDroppedVersionsAreReused"));
    const std::vector<Hash256> keys = random_keys(rng, 2000);
    std::vector<StateLeaf> leaves;
    for (const Hash256& k : keys) leaves.push_back({k, val(0)});
    StateTree tree(1);
    tree.rebuild(0, leaves);
    const StateTreeStats fresh = tree.stats();
    EXPECT_EQ(fresh.leaf_nodes, keys.size());
    for (uint64_t v = 1; v <= 200; ++v) {
        std::vector<StateUpdate> batch;
        for (int i = 0; i < 50; ++i) batch.push_back({keys[rng() % keys.size()], val(v)});
        tree.apply(v, batch);
    }
    // With one version kept, the live nodes are exactly those of the latest tree: same key set, same shape.
    const StateTreeStats after = tree.stats();
    EXPECT_EQ(after.leaf_nodes, fresh.leaf_nodes);
    EXPECT_EQ(after.inner_nodes, fresh.inner_nodes);
    EXPECT_EQ(after.bytes, fresh.bytes);
}

TEST(state_tree, ProofsDuringConcurrentApplyMatchTheirVersionsRoot) {
    std::mt19937_64 rng(seed_from_time_and_print("ProofsDuringConcurrentApplyMatchTheirVersionsRoot"));
    const std::vector<Hash256> keys = random_keys(rng, 2000);
    StateTree tree(4);
    std::atomic<bool> done{false};
    std::atomic<int> checked{0}, failed{0};
    std::thread reader([&] {
        std::mt19937_64 r(1);
        while (!done.load()) {
            const uint64_t v = tree.latest_version();
            const auto root = tree.root_at(v);
            const Hash256& k = keys[r() % keys.size()];
            const auto proof = tree.prove(v, k);
            if (!root || !proof) continue;  // dropped in between: allowed
            const std::optional<Hash256> value =
                proof->leaf && proof->leaf->key_hash == k ? std::optional(proof->leaf->value_hash) : std::nullopt;
            if (!verify_state_proof(*root, k, value, *proof)) failed.fetch_add(1);
            checked.fetch_add(1);
        }
    });
    // Keep writing until the reader has checked enough proofs, however the two threads get scheduled.
    for (uint64_t v = 1; v <= 300 || checked.load() < 200; ++v) {
        std::vector<StateUpdate> batch;
        for (int i = 0; i < 40; ++i) {
            batch.push_back({keys[rng() % keys.size()], rng() % 4 == 0 ? std::nullopt : std::optional(val(v))});
        }
        tree.apply(v, batch);
    }
    done.store(true);
    reader.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_GT(checked.load(), 0);
}

// A tree of 64 random keys (plus neighbours of some, to get deep paths) and their values.
struct ProvedTree {
    explicit ProvedTree(uint64_t seed) : rng(seed) {
        for (const Hash256& k : random_keys(rng, 64)) state[k] = val(rng());
        root = tree.apply(1, writes(state));
    }
    Hash256 absent_key() {
        for (;;) {
            Hash256 k = random_hash(rng);
            if (!state.contains(k)) return k;
        }
    }
    std::mt19937_64 rng;
    std::map<Hash256, Hash256> state;
    StateTree tree;
    Hash256 root;
};

TEST(state_proof, InclusionProofVerifies) {
    ProvedTree t(seed_from_time_and_print("InclusionProofVerifies"));
    for (const auto& [k, v] : t.state) {
        const auto proof = t.tree.prove(1, k);
        ASSERT_TRUE(proof);
        ASSERT_TRUE(proof->leaf);
        EXPECT_EQ(*proof->leaf, (StateLeaf{k, v}));
        EXPECT_TRUE(verify_state_proof(t.root, k, v, *proof));
    }
}

TEST(state_proof, InclusionProofFailsForAWrongValueRootOrKey) {
    ProvedTree t(seed_from_time_and_print("InclusionProofFailsForAWrongValueRootOrKey"));
    const auto& [k, v] = *t.state.begin();
    const StateProof proof = *t.tree.prove(1, k);
    Hash256 wrong_value = v;
    wrong_value[0] ^= 1;
    Hash256 wrong_root = t.root;
    wrong_root[31] ^= 1;
    EXPECT_FALSE(verify_state_proof(t.root, k, wrong_value, proof));
    EXPECT_FALSE(verify_state_proof(wrong_root, k, v, proof));
    EXPECT_FALSE(verify_state_proof(t.root, std::next(t.state.begin())->first, v, proof));
    StateProof tampered = proof;
    tampered.siblings.front()[5] ^= 1;
    EXPECT_FALSE(verify_state_proof(t.root, k, v, tampered));
}

TEST(state_proof, NonInclusionProofsOfEmptySlotsAndOtherLeavesVerify) {
    ProvedTree t(seed_from_time_and_print("NonInclusionProofsOfEmptySlotsAndOtherLeavesVerify"));
    int empty_slots = 0, other_leaves = 0;
    for (int i = 0; i < 400; ++i) {
        const Hash256 k = t.absent_key();
        const StateProof proof = *t.tree.prove(1, k);
        (proof.leaf ? other_leaves : empty_slots)++;
        EXPECT_TRUE(verify_state_proof(t.root, k, std::nullopt, proof));
        EXPECT_FALSE(verify_state_proof(t.root, k, val(1), proof));
    }
    EXPECT_GT(empty_slots, 0);
    EXPECT_GT(other_leaves, 0);
}

TEST(state_proof, NonInclusionFailsWhenTheKeyExists) {
    ProvedTree t(seed_from_time_and_print("NonInclusionFailsWhenTheKeyExists"));
    const auto& [k, v] = *t.state.begin();
    const StateProof inclusion = *t.tree.prove(1, k);
    EXPECT_FALSE(verify_state_proof(t.root, k, std::nullopt, inclusion));
    // A proof of absence taken before the key was written does not hold against the root after it.
    const Hash256 fresh = t.absent_key();
    const StateProof before = *t.tree.prove(1, fresh);
    const Hash256 after = t.tree.apply(2, {{fresh, val(3)}});
    EXPECT_TRUE(verify_state_proof(t.root, fresh, std::nullopt, before));
    EXPECT_FALSE(verify_state_proof(after, fresh, std::nullopt, before));
    // Nor does another leaf that does not sit on the key's path.
    const Hash256 absent = t.absent_key();
    StateProof forged = *t.tree.prove(2, absent);
    forged.leaf = StateLeaf{k, v};
    EXPECT_FALSE(verify_state_proof(after, absent, std::nullopt, forged));
}

TEST(state_proof, EmptyTreeProvesAbsence) {
    StateTree tree;
    const StateProof proof = *tree.prove(0, key("a"));
    EXPECT_TRUE(proof.siblings.empty());
    EXPECT_FALSE(proof.leaf);
    EXPECT_TRUE(verify_state_proof(kZero, key("a"), std::nullopt, proof));
}

TEST(state_proof, ProofAtAnOlderVersionVerifiesAgainstThatVersionsRoot) {
    ProvedTree t(seed_from_time_and_print("ProofAtAnOlderVersionVerifiesAgainstThatVersionsRoot"));
    const auto& [k, v] = *t.state.begin();
    const Hash256 new_root = t.tree.apply(2, {{k, val(12345)}});
    t.tree.apply(3, {{t.absent_key(), val(1)}});
    const StateProof old_proof = *t.tree.prove(1, k);
    EXPECT_TRUE(verify_state_proof(*t.tree.root_at(1), k, v, old_proof));
    EXPECT_FALSE(verify_state_proof(new_root, k, v, old_proof));
    EXPECT_TRUE(verify_state_proof(new_root, k, val(12345), *t.tree.prove(2, k)));
}

TEST(state_proof, EncodingRoundTrips) {
    ProvedTree t(seed_from_time_and_print("EncodingRoundTrips"));
    for (const Hash256& k : {t.state.begin()->first, t.absent_key(), t.absent_key()}) {
        const StateProof proof = *t.tree.prove(1, k);
        const Bytes wire = proof.encode();
        EXPECT_EQ(wire.size(), 1 + varint_size(proof.siblings.size()) + 32 * proof.siblings.size() + 1 +
                                   (proof.leaf ? 64 : 0));
        EXPECT_EQ(StateProof::decode(wire), proof);
    }
}

TEST(state_proof, KeysDifferingOnlyInTheLastBitProveAtDepth256) {
    Hash256 a = key("a"), b = a;
    b[31] ^= 1;
    StateTree tree;
    const Hash256 root = tree.apply(1, {{a, val(1)}, {b, val(2)}});
    const StateProof proof = *tree.prove(1, b);
    EXPECT_EQ(proof.siblings.size(), 256u);
    EXPECT_TRUE(verify_state_proof(root, b, val(2), proof));
    EXPECT_EQ(StateProof::decode(proof.encode()), proof);
}

// A valid encoding to corrupt: two siblings and a leaf.
Bytes valid_proof_bytes() {
    StateProof p;
    p.siblings = {key("s0"), key("s1")};
    p.leaf = StateLeaf{key("k"), val(1)};
    return p.encode();
}

bool rejects(const Bytes& wire, std::string_view expected_error) {
    std::string error;
    const bool rejected = !StateProof::decode(wire, &error);
    EXPECT_NE(error.find(expected_error), std::string::npos) << error;
    return rejected;
}

TEST(decoder_rejects_state_proof, TrailingBytes) {
    Bytes wire = valid_proof_bytes();
    ASSERT_TRUE(StateProof::decode(wire));
    wire.push_back(0);
    EXPECT_TRUE(rejects(wire, "trailing"));
}

TEST(decoder_rejects_state_proof, UnknownVersion) {
    Bytes wire = valid_proof_bytes();
    wire[0] = 2;
    EXPECT_TRUE(rejects(wire, "unknown version"));
}

TEST(decoder_rejects_state_proof, MoreThan256Siblings) {
    Bytes wire{1, 0x81, 0x02};  // count 257
    wire.resize(wire.size() + 257 * 32, 7);
    wire.push_back(0);
    EXPECT_TRUE(rejects(wire, "exceeds the bound 256"));
}

TEST(decoder_rejects_state_proof, NonMinimalCount) {
    Bytes wire = valid_proof_bytes();
    wire[1] = 0x82;
    wire.insert(wire.begin() + 2, 0x00);  // 2 written as 0x82 0x00
    EXPECT_TRUE(rejects(wire, "non-minimal"));
}

TEST(decoder_rejects_state_proof, TruncatedInput) {
    const Bytes wire = valid_proof_bytes();
    for (size_t n = 0; n < wire.size(); ++n) {
        EXPECT_FALSE(StateProof::decode(ByteView(wire.data(), n))) << n;
    }
}

TEST(decoder_rejects_state_proof, UnknownEndMarker) {
    Bytes wire = valid_proof_bytes();
    wire[2 + 64] = 2;
    EXPECT_TRUE(rejects(wire, "must be 0 (empty) or 1 (leaf)"));
}

TEST(decoder_rejects_state_proof, EmptyLastSibling) {
    StateProof p;
    p.siblings = {key("s0"), kZero};
    EXPECT_TRUE(rejects(p.encode(), "non-canonical"));
    EXPECT_FALSE(verify_state_proof(kZero, key("a"), std::nullopt, p));
}

TEST(decoder_rejects_state_proof, EmptySlotAtDepth256) {
    StateProof p;
    p.siblings.assign(256, key("s"));
    EXPECT_TRUE(rejects(p.encode(), "depth 256"));
}

TEST(decoder_rejects_state_proof, LeafMarkerWithoutLeaf) {
    StateProof p;
    p.siblings = {key("s0")};
    Bytes wire = p.encode();
    wire.back() = 1;
    EXPECT_TRUE(rejects(wire, "truncated"));
}

}  // namespace
}  // namespace folio

// State proofs in their one canonical encoding (chain/state_proof.h). A decoded proof re-encodes to the same
// bytes, and verify_state_proof agrees with decode: the proof verifies against the root it folds up to (for
// the leaf's own key when it ends in a leaf: inclusion; for a key on its path otherwise: non-inclusion), and
// is refused for any other value.
#include "chain/state_proof.h"
#include "chain/crypto/hash.h"
#include "fuzz.h"

namespace {

using folio::Hash256;

// The root a proof for key_hash describes, folded bottom-up as the grammar defines it.
Hash256 fold(const folio::StateProof& proof, const Hash256& key_hash) {
    Hash256 h = proof.leaf ? folio::state_leaf_hash(*proof.leaf) : Hash256{};
    for (size_t d = proof.siblings.size(); d-- > 0;) {
        h = folio::state_key_bit(key_hash, static_cast<unsigned>(d))
                ? folio::state_node_hash(proof.siblings[d], h)
                : folio::state_node_hash(h, proof.siblings[d]);
    }
    return h;
}

// A key whose path follows `prefix` for its first `bits` bits and differs from it right after (when it can).
Hash256 key_beside(const Hash256& prefix, size_t bits) {
    Hash256 k = prefix;
    if (bits < 256) k[bits / 8] ^= static_cast<uint8_t>(0x80u >> (bits % 8));
    return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);
    std::string error;
    auto proof = folio::StateProof::decode(in, &error);
    if (!proof) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    FUZZ_CHECK(proof->encode() == folio::Bytes(in.begin(), in.end()));
    FUZZ_CHECK(proof->siblings.size() <= folio::kMaxStateProofSiblings);
    const size_t depth = proof->siblings.size();

    if (proof->leaf) {
        const folio::StateLeaf& leaf = *proof->leaf;
        const Hash256 root = fold(*proof, leaf.key_hash);
        FUZZ_CHECK(folio::verify_state_proof(root, leaf.key_hash, leaf.value_hash, *proof));
        Hash256 other_value = leaf.value_hash;
        other_value[0] ^= 1;
        FUZZ_CHECK(!folio::verify_state_proof(root, leaf.key_hash, other_value, *proof));
        FUZZ_CHECK(!folio::verify_state_proof(root, leaf.key_hash, std::nullopt, *proof));
        // The same leaf proves the absence of another key in its subtree (same first `depth` bits).
        if (depth < 256) {
            const Hash256 absent = key_beside(leaf.key_hash, 255);
            const Hash256 absent_root = fold(*proof, absent);
            FUZZ_CHECK(absent_root == root);
            FUZZ_CHECK(folio::verify_state_proof(root, absent, std::nullopt, *proof));
        }
    } else {
        // An empty slot at `depth`: the absence of any key whose path runs through the siblings' positions.
        const Hash256 key = folio::crypto::sha256(in);
        const Hash256 root = fold(*proof, key);
        FUZZ_CHECK(folio::verify_state_proof(root, key, std::nullopt, *proof));
        FUZZ_CHECK(!folio::verify_state_proof(root, key, Hash256{}, *proof));
    }
    return 0;
}

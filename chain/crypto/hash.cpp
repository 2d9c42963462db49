#include "chain/crypto/hash.h"

#include <cstring>

#include "chain/crypto/sha256.h"

namespace folio::crypto {

using internal::Sha256Stream;

Hash256 sha256(ByteView data) {
    Sha256Stream s;
    s.update(data.data(), data.size());
    return s.finish();
}

TaggedHasher::TaggedHasher(std::string_view tag) : tag_(tag) {
    const Hash256 tag_hash = sha256(as_bytes(tag));
    Sha256Stream s;
    s.update(tag_hash.data(), tag_hash.size());
    s.update(tag_hash.data(), tag_hash.size());
    midstate_ = s.words();  // after exactly one block: nothing is buffered
}

Hash256 TaggedHasher::operator()(ByteView data) const { return (*this)(data, ByteView()); }

Hash256 TaggedHasher::operator()(ByteView a, ByteView b) const {
    if (a.size() + b.size() == 64) return hash64(a, b);
    Sha256Stream s(midstate_, 64);
    s.update(a.data(), a.size());
    s.update(b.data(), b.size());
    return s.finish();
}

// The state tree's case (two 32-byte hashes, ~30 per transfer): the message block and the constant padding block
// of a 128-byte input, compressed in one call.
Hash256 TaggedHasher::hash64(ByteView a, ByteView b) const {
    alignas(16) uint8_t blocks[128] = {};
    std::memcpy(blocks, a.data(), a.size());
    if (!b.empty()) std::memcpy(blocks + a.size(), b.data(), b.size());
    blocks[64] = 0x80;
    blocks[126] = 0x04;  // length: 128 bytes = 1024 bits, big-endian in the last 8 bytes
    internal::Sha256Words words = midstate_;
    internal::sha256_compress(words, blocks, 2);
    Hash256 out;
    for (size_t i = 0; i < 8; ++i) {
        out[4 * i] = static_cast<uint8_t>(words[i] >> 24);
        out[4 * i + 1] = static_cast<uint8_t>(words[i] >> 16);
        out[4 * i + 2] = static_cast<uint8_t>(words[i] >> 8);
        out[4 * i + 3] = static_cast<uint8_t>(words[i]);
    }
    return out;
}

namespace tags {
#define FOLIO_TAG(fn, text)                   \
    const TaggedHasher& fn() {                \
        static const TaggedHasher hasher(text); \
        return hasher;                        \
    }
FOLIO_TAG(tx, "folio/tx")
FOLIO_TAG(signed_tx, "folio/signed_tx")
FOLIO_TAG(account_id, "folio/account")
FOLIO_TAG(block, "folio/block")
FOLIO_TAG(txs_root, "folio/txs")
FOLIO_TAG(results_root, "folio/results")
FOLIO_TAG(genesis, "folio/genesis")
FOLIO_TAG(vote, "folio/vote")
FOLIO_TAG(state_key, "folio/state_key")
FOLIO_TAG(state_value, "folio/state_value")
FOLIO_TAG(state_leaf, "folio/state_leaf")
FOLIO_TAG(state_node, "folio/state_node")
FOLIO_TAG(validators, "folio/validators")
#undef FOLIO_TAG
}  // namespace tags

}  // namespace folio::crypto

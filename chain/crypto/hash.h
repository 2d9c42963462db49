// SHA-256 and BIP340-style tagged hashes: H(tag, m) = SHA256(SHA256(tag) || SHA256(tag) || m).
// Every hashed object kind has its own tag (domain separation). A TaggedHasher computes the 64-byte tag prefix
// once and keeps the SHA-256 midstate, so each hash starts from a copy instead of re-hashing the prefix.
//
// Thread safety: a TaggedHasher is immutable after construction and may be shared by all threads; the
// per-call state lives in a thread-local digest context.
#pragma once

#include <string_view>

#include "chain/bytes.h"

struct evp_md_ctx_st;

namespace folio::crypto {

Hash256 sha256(ByteView data);

class TaggedHasher {
public:
    explicit TaggedHasher(std::string_view tag);
    ~TaggedHasher();
    TaggedHasher(const TaggedHasher&) = delete;
    TaggedHasher& operator=(const TaggedHasher&) = delete;

    Hash256 operator()(ByteView data) const;
    // Hash of the concatenation a || b, without building it.
    Hash256 operator()(ByteView a, ByteView b) const;

    std::string_view tag() const { return tag_; }

private:
    std::string tag_;
    evp_md_ctx_st* midstate_;
};

// The tags Folio hashes with; each names one object kind. Changing one changes every hash of that kind.
namespace tags {
const TaggedHasher& tx();           // "folio/tx": tx_hash = sighash of the unsigned tx
const TaggedHasher& signed_tx();    // "folio/signed_tx": cache key of a tx with its signatures
const TaggedHasher& account_id();   // "folio/account": account id from the first key
const TaggedHasher& block();        // "folio/block": block hash of the encoded header
const TaggedHasher& txs_root();     // "folio/txs": leaves and nodes of the txs Merkle root
const TaggedHasher& results_root(); // "folio/results": leaves and nodes of the results root
const TaggedHasher& genesis();      // "folio/genesis": chain_id
const TaggedHasher& vote();         // "folio/vote": what validators sign
const TaggedHasher& proposal();     // "folio/proposal": what a round's proposer signs
const TaggedHasher& state_key();    // "folio/state_key": path of a state key in the tree
const TaggedHasher& state_value();  // "folio/state_value": value hash of a state record
const TaggedHasher& state_leaf();   // "folio/state_leaf": leaf of the state tree
const TaggedHasher& state_node();   // "folio/state_node": inner node of the state tree
const TaggedHasher& validators();   // "folio/validators": validators_hash
const TaggedHasher& instrument_id(); // "folio/instrument_id": ids of instrument records (chain/instrument.h)
}  // namespace tags

}  // namespace folio::crypto

// Blocks, validator sets and commit certificates.
//
//   header      := u8 version=1, fixed[32] chain_id, u64 height, u64 time_ms, fixed[32] prev_hash,
//                  fixed[32] txs_root, fixed[32] results_root, fixed[32] state_root, fixed[32] validators_hash,
//                  fixed[32] proposer (consensus key)
//   block_hash  := H("folio/block", header)
//   body        := u8 version=1, varint n_txs (<= kMaxBlockTxs), n_txs * bytes signed_tx
//   txs_root    := merkle("folio/txs", [H("folio/signed_tx", signed_tx) for each tx])
//   results_root:= merkle("folio/results", [H("folio/results", result) for each tx's receipt])
//   result      := u8 version=1, fixed[32] tx_hash, u8 status (0 success, 1 failed), u16 reason, u16 op_index
//   merkle(tag, leaves) := zero[32] if empty; leaf = H(tag, 0x00 || leaf); node = H(tag, 0x01 || left || right);
//                  a level with an odd count carries its last node up unchanged (no duplication, so no
//                  second-preimage ambiguity of Bitcoin's merkle trees)
//   vote        := H("folio/vote", fixed[32] chain_id, u64 height, u32 round, u8 type, fixed[32] block_hash)
//   proposal    := H("folio/proposal", fixed[32] chain_id, u64 height, u32 round, u32 pol_round, fixed[32] block_hash)
//                  (pol_round = 0xFFFFFFFF when the proposal carries no proof-of-lock round)
//   commit      := u8 version=1, u64 height, u32 round, fixed[32] block_hash, varint n (<= 1024),
//                  n * (u16 validator_index, fixed[64] signature)        (indices strictly increasing)
//   validators  := u8 version=1, varint n, n * (bytes name, fixed[32] consensus_key, fixed[32] p2p_key, u64 power)
//   validators_hash := H("folio/validators", validators)
//
// state_root of block H is the root after H's txs, so a proof at H needs header H and its commit, nothing later.
#pragma once

#include <string>
#include <vector>

#include "chain/crypto/hash.h"
#include "chain/result.h"
#include "chain/tx.h"
#include "chain/validator_set.h"

namespace folio {

inline constexpr size_t kMaxBlockTxs = 100000;

struct BlockHeader {
    ChainId chain_id{};
    Height height = 0;
    uint64_t time_ms = 0;
    BlockHash prev_hash{};
    Hash256 txs_root{};
    Hash256 results_root{};
    Hash256 state_root{};
    Hash256 validators_hash{};
    PubKey proposer{};

    Bytes encode() const;
    static Result<BlockHeader> decode(ByteView data);
    BlockHash hash() const;
    bool operator==(const BlockHeader&) const = default;
};

struct Block {
    BlockHeader header;
    std::vector<TxPtr> txs;

    Bytes encode_body() const;
    static Result<std::vector<TxPtr>> decode_body(ByteView data);
};

enum class VoteType : uint8_t { prevote = 1, precommit = 2 };
Hash256 vote_sign_hash(const ChainId& chain_id, Height height, uint32_t round, VoteType type, const BlockHash& block);

// What the proposer of (height, round) signs. pol_round is the round of the polka that justifies re-proposing a
// block, or kNoPolRound for a fresh proposal.
inline constexpr uint32_t kNoPolRound = 0xFFFFFFFF;
Hash256 proposal_sign_hash(const ChainId& chain_id, Height height, uint32_t round, uint32_t pol_round,
                           const BlockHash& block);

struct CommitSignature {
    uint16_t validator_index = 0;
    Signature signature{};
    bool operator==(const CommitSignature&) const = default;
};

struct CommitCertificate {
    Height height = 0;
    uint32_t round = 0;
    BlockHash block_hash{};
    std::vector<CommitSignature> signatures;

    Bytes encode() const;
    static Result<CommitCertificate> decode(ByteView data);
    bool operator==(const CommitCertificate&) const = default;
};

// Signs a precommit for the block with one validator's key and adds it in index order.
void add_commit_signature(CommitCertificate& cert, const ChainId& chain_id, uint16_t validator_index,
                          const crypto::SecretKey& key);

// A valid certificate names this block, and its distinct validators' precommit signatures carry more than 2/3
// of the voting power. Each validator counts once.
Status verify_commit(const CommitCertificate& cert, const ChainId& chain_id, const BlockHeader& header,
                     const ValidatorSet& validators);

Hash256 merkle_root(const crypto::TaggedHasher& tag, const std::vector<Hash256>& leaves);
Hash256 txs_root(const std::vector<TxPtr>& txs);

// Header rules that need no execution: chain, height and link to the parent, time not going backwards,
// validator set, proposer a member of it.
Status check_header_link(const BlockHeader& header, const BlockHeader& parent, const ValidatorSet& validators);

}  // namespace folio

#include "chain/block.h"

#include "chain/crypto/hash.h"

namespace folio {
namespace {
constexpr uint8_t kBlockVersion = 1;

Error decode_error(const char* what, const Reader& r) {
    return make_error(Reason::DECODE_ERROR, std::string(what) + ": " + r.error());
}
}  // namespace

Bytes BlockHeader::encode() const {
    Writer w(1 + 32 * 8 + 16);
    w.u8(kBlockVersion);
    w.fixed_bytes(chain_id);
    w.u64(height);
    w.u64(time_ms);
    w.fixed_bytes(prev_hash);
    w.fixed_bytes(txs_root);
    w.fixed_bytes(results_root);
    w.fixed_bytes(state_root);
    w.fixed_bytes(validators_hash);
    w.fixed_bytes(proposer);
    return w.take();
}

Result<BlockHeader> BlockHeader::decode(ByteView data) {
    Reader r(data);
    BlockHeader h;
    if (!(r.version("header version", kBlockVersion) && r.fixed_bytes("chain_id", h.chain_id) &&
          r.u64("height", h.height) && r.u64("time_ms", h.time_ms) && r.fixed_bytes("prev_hash", h.prev_hash) &&
          r.fixed_bytes("txs_root", h.txs_root) && r.fixed_bytes("results_root", h.results_root) &&
          r.fixed_bytes("state_root", h.state_root) && r.fixed_bytes("validators_hash", h.validators_hash) &&
          r.fixed_bytes("proposer", h.proposer) && r.finish())) {
        return decode_error("header", r);
    }
    return h;
}

BlockHash BlockHeader::hash() const { return crypto::tags::block()(encode()); }

Bytes Block::encode_body() const {
    size_t size = 8;
    for (const auto& tx : txs) size += tx->bytes.size() + 4;
    Writer w(size);
    w.u8(kBlockVersion);
    w.varint(txs.size());
    for (const auto& tx : txs) w.bytes(tx->bytes);
    return w.take();
}

Result<std::vector<TxPtr>> Block::decode_body(ByteView data) {
    Reader r(data);
    uint64_t n = 0;
    if (!r.version("body version", kBlockVersion) || !r.varint_max("tx count", kMaxBlockTxs, n)) {
        return decode_error("body", r);
    }
    std::vector<TxPtr> txs;
    txs.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
        ByteView tx_bytes;
        uint64_t len = 0;
        if (!r.varint_max("tx length", kMaxTxBytes, len) || !r.raw("tx", len, tx_bytes)) return decode_error("body", r);
        auto tx = decode_signed_tx(tx_bytes);
        if (!tx) return make_error(tx.error().reason, "body tx " + std::to_string(i) + ": " + tx.error().message);
        txs.push_back(std::move(tx).value());
    }
    if (!r.finish()) return decode_error("body", r);
    return txs;
}

Bytes ValidatorSet::encode() const {
    Writer w(8 + validators.size() * 96);
    w.u8(kBlockVersion);
    w.varint(validators.size());
    for (const auto& v : validators) {
        w.str(v.name);
        w.fixed_bytes(v.consensus_key);
        w.fixed_bytes(v.p2p_key);
        w.u64(v.power);
    }
    return w.take();
}

Result<ValidatorSet> ValidatorSet::decode(ByteView data) {
    Reader r(data);
    uint64_t n = 0;
    ValidatorSet set;
    if (r.version("validators version", kBlockVersion) && r.varint_max("validator count", kMaxValidators, n)) {
        set.validators.resize(n);
        for (auto& v : set.validators) {
            if (!(r.str("name", 64, v.name) && r.fixed_bytes("consensus_key", v.consensus_key) &&
                  r.fixed_bytes("p2p_key", v.p2p_key) && r.u64("power", v.power))) {
                break;
            }
        }
    }
    if (!r.finish()) return decode_error("validators", r);
    return set;
}

Hash256 ValidatorSet::hash() const { return crypto::tags::validators()(encode()); }

uint64_t ValidatorSet::total_power() const {
    uint64_t total = 0;
    for (const auto& v : validators) total += v.power;  // genesis bounds each power so the sum cannot overflow
    return total;
}

int ValidatorSet::index_of(const PubKey& consensus_key) const {
    for (size_t i = 0; i < validators.size(); ++i) {
        if (validators[i].consensus_key == consensus_key) return static_cast<int>(i);
    }
    return -1;
}

Hash256 vote_sign_hash(const ChainId& chain_id, Height height, uint32_t round, VoteType type, const BlockHash& block) {
    Writer w(32 + 8 + 4 + 1 + 32);
    w.fixed_bytes(chain_id);
    w.u64(height);
    w.u32(round);
    w.u8(static_cast<uint8_t>(type));
    w.fixed_bytes(block);
    return crypto::tags::vote()(w.data());
}

Hash256 proposal_sign_hash(const ChainId& chain_id, Height height, uint32_t round, uint32_t pol_round,
                           const BlockHash& block) {
    Writer w(32 + 8 + 4 + 4 + 32);
    w.fixed_bytes(chain_id);
    w.u64(height);
    w.u32(round);
    w.u32(pol_round);
    w.fixed_bytes(block);
    return crypto::tags::proposal()(w.data());
}

Bytes CommitCertificate::encode() const {
    Writer w(48 + signatures.size() * 66);
    w.u8(kBlockVersion);
    w.u64(height);
    w.u32(round);
    w.fixed_bytes(block_hash);
    w.varint(signatures.size());
    for (const auto& s : signatures) {
        w.u16(s.validator_index);
        w.fixed_bytes(s.signature);
    }
    return w.take();
}

Result<CommitCertificate> CommitCertificate::decode(ByteView data) {
    Reader r(data);
    CommitCertificate c;
    uint64_t n = 0;
    if (r.version("commit version", kBlockVersion) && r.u64("height", c.height) && r.u32("round", c.round) &&
        r.fixed_bytes("block_hash", c.block_hash) && r.varint_max("signature count", kMaxValidators, n)) {
        c.signatures.resize(n);
        for (size_t i = 0; i < n; ++i) {
            auto& s = c.signatures[i];
            if (!r.u16("validator_index", s.validator_index) || !r.fixed_bytes("signature", s.signature)) break;
            if (i > 0 && s.validator_index <= c.signatures[i - 1].validator_index) {
                r.fail("validator_index", "indices must be strictly increasing");
                break;
            }
        }
    }
    if (!r.finish()) return decode_error("commit", r);
    return c;
}

void add_commit_signature(CommitCertificate& cert, const ChainId& chain_id, uint16_t validator_index,
                          const crypto::SecretKey& key) {
    const Hash256 msg = vote_sign_hash(chain_id, cert.height, cert.round, VoteType::precommit, cert.block_hash);
    CommitSignature sig{validator_index, crypto::sign(key, msg)};
    auto it = cert.signatures.begin();
    while (it != cert.signatures.end() && it->validator_index < validator_index) ++it;
    if (it != cert.signatures.end() && it->validator_index == validator_index) *it = sig;
    else cert.signatures.insert(it, sig);
}

Status verify_commit(const CommitCertificate& cert, const ChainId& chain_id, const BlockHeader& header,
                     const ValidatorSet& validators) {
    if (cert.height != header.height) return make_error(Reason::BAD_SIGNATURE, "commit is for another height");
    if (cert.block_hash != header.hash()) return make_error(Reason::BAD_SIGNATURE, "commit is for another block");
    if (header.validators_hash != validators.hash()) {
        return make_error(Reason::BAD_SIGNATURE, "header names another validator set");
    }
    const Hash256 msg = vote_sign_hash(chain_id, cert.height, cert.round, VoteType::precommit, cert.block_hash);
    uint64_t signed_power = 0;
    int last_index = -1;
    for (const auto& s : cert.signatures) {
        // Strictly increasing indices: a validator cannot be counted twice.
        if (static_cast<int>(s.validator_index) <= last_index) {
            return make_error(Reason::BAD_SIGNATURE, "validator listed twice or out of order");
        }
        last_index = s.validator_index;
        if (s.validator_index >= validators.validators.size()) {
            return make_error(Reason::BAD_SIGNATURE, "validator index out of range");
        }
        const Validator& v = validators.validators[s.validator_index];
        if (!crypto::verify(s.signature, msg, v.consensus_key)) {
            return make_error(Reason::BAD_SIGNATURE, "precommit of validator " + v.name + " does not verify");
        }
        signed_power += v.power;
    }
    // More than 2/3 of the total, computed without division: 3 * signed > 2 * total.
    const unsigned __int128 lhs = static_cast<unsigned __int128>(signed_power) * 3;
    const unsigned __int128 rhs = static_cast<unsigned __int128>(validators.total_power()) * 2;
    if (lhs <= rhs) return make_error(Reason::BAD_SIGNATURE, "commit carries 2/3 of the voting power or less");
    return Status();
}

Hash256 merkle_root(const crypto::TaggedHasher& tag, const std::vector<Hash256>& leaves) {
    if (leaves.empty()) return Hash256{};
    std::vector<Hash256> level;
    level.reserve(leaves.size());
    uint8_t buf[65];
    buf[0] = 0x00;
    for (const auto& leaf : leaves) {
        std::copy(leaf.begin(), leaf.end(), buf + 1);
        level.push_back(tag(ByteView(buf, 33)));
    }
    buf[0] = 0x01;
    while (level.size() > 1) {
        size_t out = 0;
        for (size_t i = 0; i < level.size(); i += 2) {
            if (i + 1 == level.size()) {
                level[out++] = level[i];
                continue;
            }
            std::copy(level[i].begin(), level[i].end(), buf + 1);
            std::copy(level[i + 1].begin(), level[i + 1].end(), buf + 33);
            level[out++] = tag(ByteView(buf, 65));
        }
        level.resize(out);
    }
    return level[0];
}

Hash256 txs_root(const std::vector<TxPtr>& txs) {
    std::vector<Hash256> leaves;
    leaves.reserve(txs.size());
    for (const auto& tx : txs) leaves.push_back(tx->signed_hash);
    return merkle_root(crypto::tags::txs_root(), leaves);
}

Status check_header_link(const BlockHeader& header, const BlockHeader& parent, const ValidatorSet& validators) {
    if (header.chain_id != parent.chain_id) return make_error(Reason::WRONG_CHAIN, "block is for another chain");
    if (header.height != parent.height + 1) {
        return make_error(Reason::INVALID_ARGUMENT, "height " + std::to_string(header.height) + " does not follow " +
                                                        std::to_string(parent.height));
    }
    if (header.prev_hash != parent.hash()) return make_error(Reason::INVALID_ARGUMENT, "prev_hash is not the parent's hash");
    if (header.time_ms < parent.time_ms) return make_error(Reason::INVALID_ARGUMENT, "time_ms goes backwards");
    if (header.validators_hash != validators.hash()) {
        return make_error(Reason::INVALID_ARGUMENT, "validators_hash does not match the validator set");
    }
    if (validators.index_of(header.proposer) < 0) return make_error(Reason::NOT_AUTHORIZED, "proposer is not a validator");
    return Status();
}

}  // namespace folio

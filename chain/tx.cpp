#include "chain/tx.h"

#include "chain/crypto/hash.h"

namespace folio {
namespace {

void encode_unsigned(const Tx& tx, Writer& w) {
    w.u8(kTxVersion);
    w.fixed_bytes(tx.chain_id);
    w.fixed_bytes(tx.signer);
    w.u64(tx.nonce);
    w.u64(tx.valid_until_height);
    w.varint(tx.ops.size());
    for (const Op& op : tx.ops) {
        w.u16(op.tag);
        w.bytes(op.payload);
    }
    w.str(tx.memo);
    w.boolean(tx.client_ref.has_value());
    if (tx.client_ref) w.str(*tx.client_ref);
}

size_t estimate_size(const Tx& tx) {
    size_t n = 1 + 32 + 32 + 8 + 8 + 2 + tx.memo.size() + 2 + (tx.client_ref ? tx.client_ref->size() + 1 : 0);
    for (const Op& op : tx.ops) n += 2 + 3 + op.payload.size();
    return n;
}

bool read_unsigned(Reader& r, Tx& tx) {
    uint64_t n_ops = 0;
    if (!(r.version("tx version", kTxVersion) && r.fixed_bytes("chain_id", tx.chain_id) &&
          r.fixed_bytes("signer", tx.signer) && r.u64("nonce", tx.nonce) &&
          r.u64("valid_until_height", tx.valid_until_height) && r.varint_max("op count", kMaxOpsPerTx, n_ops))) {
        return false;
    }
    if (n_ops == 0) return r.fail("op count", "a tx carries at least one op");
    tx.ops.resize(n_ops);
    for (Op& op : tx.ops) {
        if (!r.u16("op tag", op.tag) || !r.bytes("op payload", kMaxOpPayload, op.payload)) return false;
    }
    bool has_ref = false;
    if (!r.str("memo", kMaxMemoBytes, tx.memo) || !r.boolean("has_client_ref", has_ref)) return false;
    if (!is_valid_utf8(tx.memo)) return r.fail("memo", "not valid UTF-8");
    if (has_ref) {
        std::string ref;
        if (!r.str("client_ref", kMaxClientRefBytes, ref)) return false;
        if (ref.empty()) return r.fail("client_ref", "present but empty");
        tx.client_ref = std::move(ref);
    }
    return true;
}

Reason reason_for(const Reader& r) {
    return r.error().find("exceeds the bound") != std::string::npos ? Reason::TOO_LARGE : Reason::DECODE_ERROR;
}

}  // namespace

Bytes Tx::encode() const {
    Writer w(estimate_size(*this));
    encode_unsigned(*this, w);
    return w.take();
}

TxHash Tx::hash() const { return crypto::tags::tx()(encode()); }

Bytes SignedTx::encode() const {
    Writer w(estimate_size(tx) + 1 + signatures.size() * 96);
    encode_unsigned(tx, w);
    w.varint(signatures.size());
    for (const auto& s : signatures) {
        w.fixed_bytes(s.pubkey);
        w.fixed_bytes(s.signature);
    }
    return w.take();
}

Result<Tx> decode_tx(ByteView data) {
    if (data.size() > kMaxTxBytes) return make_error(Reason::TOO_LARGE, "tx larger than " + std::to_string(kMaxTxBytes) + " bytes");
    Reader r(data);
    Tx tx;
    if (!read_unsigned(r, tx) || !r.finish()) return make_error(reason_for(r), "tx: " + r.error());
    return tx;
}

Result<TxPtr> decode_signed_tx(ByteView data) {
    if (data.size() > kMaxTxBytes) return make_error(Reason::TOO_LARGE, "tx larger than " + std::to_string(kMaxTxBytes) + " bytes");
    Reader r(data);
    auto env = std::make_shared<TxEnvelope>();
    Tx& tx = env->signed_tx.tx;
    if (!read_unsigned(r, tx)) return make_error(reason_for(r), "tx: " + r.error());
    const size_t unsigned_len = r.offset();
    uint64_t n_sigs = 0;
    if (r.varint_max("signature count", kMaxSignatures, n_sigs) && n_sigs == 0) {
        r.fail("signature count", "a signed tx carries at least one signature");
    }
    if (r.ok()) {
        env->signed_tx.signatures.resize(n_sigs);
        for (auto& s : env->signed_tx.signatures) {
            if (!r.fixed_bytes("pubkey", s.pubkey) || !r.fixed_bytes("signature", s.signature)) break;
        }
    }
    if (!r.finish()) return make_error(reason_for(r), "signed tx: " + r.error());
    env->bytes.assign(data.begin(), data.end());
    env->tx_hash = crypto::tags::tx()(data.first(unsigned_len));
    env->signed_hash = crypto::tags::signed_tx()(data);
    return TxPtr(std::move(env));
}

TxPtr make_envelope(SignedTx signed_tx) {
    auto env = std::make_shared<TxEnvelope>();
    env->tx_hash = signed_tx.tx.hash();
    env->bytes = signed_tx.encode();
    env->signed_hash = crypto::tags::signed_tx()(env->bytes);
    env->signed_tx = std::move(signed_tx);
    return env;
}

bool verify_signatures(const TxEnvelope& tx) {
    if (tx.signed_tx.signatures.empty()) return false;
    for (const auto& s : tx.signed_tx.signatures) {
        if (!crypto::verify(s.signature, tx.tx_hash, s.pubkey)) return false;
    }
    return true;
}

void sign_tx(SignedTx& stx, const crypto::SecretKey& key) {
    stx.signatures.push_back(TxSignature{key.pubkey(), crypto::sign(key, stx.tx.hash())});
}

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len;
        uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = cp << 6 | (cc & 0x3f);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += len;
    }
    return true;
}

}  // namespace folio

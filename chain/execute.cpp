#include "chain/execute.h"

#include <algorithm>
#include <set>

#include "chain/core_ops.h"
#include "chain/overlay.h"

namespace folio {

Bytes Receipt::encode_result() const {
    Writer w(38);
    w.u8(1);
    w.fixed_bytes(tx_hash);
    w.u8(static_cast<uint8_t>(status));
    w.u16(static_cast<uint16_t>(reason));
    w.u16(op_index);
    return w.take();
}

class BlockExecution::Impl final : public OpContext {
public:
    Impl(const StateView& base, BlockContext ctx, const InstrumentRegistry& registry)
        : overlay_(base), ctx_(ctx), registry_(registry) {}

    TxOutcome apply(const TxEnvelope& env, bool signatures_ok, bool strict);
    ExecutionResult finish() { return ExecutionResult{overlay_.take_writes(), std::move(receipts_)}; }
    const StateView& view() const { return overlay_; }
    void advance_time_ms(uint64_t time_ms) { ctx_.time_ms = std::max(ctx_.time_ms, time_ms); }

    // OpContext
    bool get(ByteView key, Bytes& value) const override { return overlay_.get(key, value); }
    const BlockContext& block() const override { return ctx_; }
    const AccountId& signer() const override { return *signer_; }
    void put(Bytes key, Bytes value) override { overlay_.put(std::move(key), std::move(value)); }
    void erase(Bytes key) override { overlay_.erase(std::move(key)); }
    Status move(TransferKind kind, std::string_view asset, const AccountId& from, const AccountId& to,
                Amount amount) override {
        CoreOps ops(*this, registry_);
        return ops.move(kind, asset, from, to, amount);
    }
    void touch(const AccountId& account) override {
        if (std::find(touched_.begin(), touched_.end(), account) == touched_.end()) touched_.push_back(account);
    }

private:
    Status authorize(const TxEnvelope& env, const Account& signer_account) const;
    Status check_op_format(const Op& op) const;
    Status apply_op(const Op& op);

    Overlay overlay_;
    BlockContext ctx_;
    const InstrumentRegistry& registry_;
    std::vector<Receipt> receipts_;
    std::vector<AccountId> touched_;
    const AccountId* signer_ = nullptr;
};

namespace {
TxOutcome excluded(Reason reason, std::string message) {
    TxOutcome o;
    o.error = make_error(reason, std::move(message));
    return o;
}
}  // namespace

Status BlockExecution::Impl::authorize(const TxEnvelope& env, const Account& signer_account) const {
    const Tx& tx = env.signed_tx.tx;
    // Required signers: the tx signer and whoever a contract op names. Each distinct key counts once.
    std::vector<AccountId> required{tx.signer};
    for (const Op& op : tx.ops) {
        if (is_core_tag(op.tag)) continue;
        for (const AccountId& extra : registry_.required_signers(op)) {
            if (std::find(required.begin(), required.end(), extra) == required.end()) required.push_back(extra);
        }
    }
    std::vector<PubKey> distinct;
    for (const auto& s : env.signed_tx.signatures) {
        if (std::find(distinct.begin(), distinct.end(), s.pubkey) == distinct.end()) distinct.push_back(s.pubkey);
    }
    std::vector<bool> key_used(distinct.size(), false);
    for (const AccountId& id : required) {
        Account acc;
        if (&id == &required.front()) acc = signer_account;
        else if (!read_account(overlay_, id, acc)) {
            return make_error(Reason::UNKNOWN_SIGNER, "required signer account does not exist");
        }
        // Weights of distinct keys: a key signing twice still counts once.
        uint32_t weight = 0;
        for (size_t i = 0; i < distinct.size(); ++i) {
            const uint32_t w = acc.weight_of_key(distinct[i]);
            if (w != 0) {
                weight += w;
                key_used[i] = true;
            }
        }
        if (weight < acc.threshold) {
            return make_error(Reason::MISSING_SIGNATURE, "a required signer's current keys carry weight " +
                                                             std::to_string(weight) + " of its threshold " +
                                                             std::to_string(acc.threshold));
        }
    }
    for (bool used : key_used) {
        if (!used) return make_error(Reason::BAD_SIGNATURE, "a signature is by a key of no required signer");
    }
    return Status();
}

Status BlockExecution::Impl::check_op_format(const Op& op) const {
    if (is_core_tag(op.tag)) {
        auto decoded = decode_core_op(op);
        return decoded ? Status() : Status(decoded.error());
    }
    if (registry_.owns(op.tag)) return registry_.check_op(op);
    return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
}

Status BlockExecution::Impl::apply_op(const Op& op) {
    if (is_core_tag(op.tag)) {
        auto decoded = decode_core_op(op);
        if (!decoded) return decoded.error();
        CoreOps ops(*this, registry_);
        return ops.apply(*decoded);
    }
    if (registry_.owns(op.tag)) return registry_.apply(op, *this);
    return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
}

TxOutcome BlockExecution::Impl::apply(const TxEnvelope& env, bool signatures_ok, bool strict) {
    const Tx& tx = env.signed_tx.tx;
    if (tx.chain_id != ctx_.chain_id) return excluded(Reason::WRONG_CHAIN, "tx is for another chain");
    if (!signatures_ok) return excluded(Reason::BAD_SIGNATURE, "a signature does not verify");
    if (tx.valid_until_height != 0 && ctx_.height > tx.valid_until_height) {
        return excluded(Reason::EXPIRED, "valid_until_height " + std::to_string(tx.valid_until_height) +
                                             " is below block height " + std::to_string(ctx_.height));
    }
    // Ops that do not decode make the whole tx malformed: never included, like a bad signature.
    for (size_t i = 0; i < tx.ops.size(); ++i) {
        Status s = check_op_format(tx.ops[i]);
        if (!s) {
            TxOutcome o = excluded(s.reason(), "op " + std::to_string(i) + ": " + s.error().message);
            o.receipt.op_index = static_cast<uint16_t>(i);
            return o;
        }
    }
    Account signer_account;
    if (!read_account(overlay_, tx.signer, signer_account)) {
        return excluded(Reason::UNKNOWN_SIGNER, "signer account is not registered");
    }
    // client_ref before the nonce: a backend's retry usually reuses the first attempt's nonce, and what it needs
    // to learn is that the first attempt went through, and as which tx.
    Bytes ref_key;
    if (tx.client_ref) {
        ref_key = state_key::client_ref(tx.signer, *tx.client_ref);
        Bytes first;
        if (overlay_.get(ref_key, first)) {
            TxOutcome o = excluded(Reason::DUPLICATE_CLIENT_REF, "client_ref already used by this signer");
            std::copy_n(first.begin(), std::min<size_t>(first.size(), 32), o.conflicting_tx.begin());
            return o;
        }
    }
    if (tx.nonce != signer_account.nonce) {
        return excluded(Reason::BAD_NONCE, "nonce " + std::to_string(tx.nonce) + ", expected " +
                                               std::to_string(signer_account.nonce));
    }
    if (Status s = authorize(env, signer_account); !s) return excluded(s.reason(), s.error().message);

    const size_t tx_start = overlay_.checkpoint();
    signer_ = &tx.signer;
    touched_.clear();
    touch(tx.signer);
    // Nonce and client_ref are consumed even if an op fails, so a failed tx cannot be replayed.
    ++signer_account.nonce;
    overlay_.put(state_key::account(tx.signer), signer_account.encode());
    if (tx.client_ref) overlay_.put(std::move(ref_key), Bytes(env.tx_hash.begin(), env.tx_hash.end()));

    const size_t ops_start = overlay_.checkpoint();
    Receipt receipt;
    receipt.tx_hash = env.tx_hash;
    for (size_t i = 0; i < tx.ops.size(); ++i) {
        Status s = apply_op(tx.ops[i]);
        if (!s) {
            if (strict) {
                overlay_.rollback(tx_start);
                TxOutcome o = excluded(s.reason(), "op " + std::to_string(i) + ": " + s.error().message);
                o.receipt.op_index = static_cast<uint16_t>(i);
                return o;
            }
            overlay_.rollback(ops_start);
            receipt.status = TxStatus::failed;
            receipt.reason = s.reason();
            receipt.op_index = static_cast<uint16_t>(i);
            touched_.resize(1);  // a failed tx appears only in its signer's history
            break;
        }
    }
    overlay_.release_journal();
    receipt.accounts = touched_;
    receipts_.push_back(receipt);
    TxOutcome o;
    o.included = true;
    o.receipt = std::move(receipt);
    return o;
}

BlockExecution::BlockExecution(const StateView& base, BlockContext ctx, const InstrumentRegistry& registry)
    : impl_(std::make_unique<Impl>(base, ctx, registry)) {}
BlockExecution::~BlockExecution() = default;

TxOutcome BlockExecution::apply(const TxEnvelope& tx, bool signatures_ok, bool strict) {
    return impl_->apply(tx, signatures_ok, strict);
}
const StateView& BlockExecution::view() const { return impl_->view(); }
void BlockExecution::advance_time_ms(uint64_t time_ms) { impl_->advance_time_ms(time_ms); }
ExecutionResult BlockExecution::finish() { return impl_->finish(); }

Result<ExecutionResult> execute_block(const StateView& base, const BlockContext& ctx, const std::vector<TxPtr>& txs,
                                      const std::vector<bool>& signatures_ok, const InstrumentRegistry& registry) {
    BlockExecution exec(base, ctx, registry);
    for (size_t i = 0; i < txs.size(); ++i) {
        TxOutcome o = exec.apply(*txs[i], i < signatures_ok.size() && signatures_ok[i]);
        if (!o.included) {
            return make_error(o.error.reason, "block tx " + std::to_string(i) + " cannot be included: " + o.error.message);
        }
    }
    return exec.finish();
}

}  // namespace folio

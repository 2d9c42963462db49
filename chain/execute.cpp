#include "chain/execute.h"

#include <algorithm>
#include <set>

#include "chain/core_ops.h"
#include "chain/overlay.h"

namespace folio {

namespace {
constexpr uint8_t kResultVersion = 1;
constexpr uint8_t kResultEventsVersion = 2;
// Instrument reads of holders are paged; a page larger than this is a bug of the instrument, not a big job.
constexpr size_t kMaxHistoryPage = 10000;
}  // namespace

Bytes Receipt::encode_result() const {
    Writer w(38 + events.size() * 96);
    w.u8(events.empty() ? kResultVersion : kResultEventsVersion);
    w.fixed_bytes(tx_hash);
    w.u8(static_cast<uint8_t>(status));
    w.u16(static_cast<uint16_t>(reason));
    w.u16(op_index);
    if (!events.empty()) {
        w.varint(events.size());
        for (const Event& e : events) e.encode(w);
    }
    return w.take();
}

bool Receipt::decode_result(Reader& r, Receipt& out) {
    uint8_t version = 0, status = 0;
    uint16_t reason = 0;
    if (!r.u8("receipt version", version)) return false;
    if (version != kResultVersion && version != kResultEventsVersion) return r.fail("receipt version", "not 1 or 2");
    if (!(r.fixed_bytes("tx_hash", out.tx_hash) && r.u8("status", status) && r.u16("reason", reason) &&
          r.u16("op_index", out.op_index))) {
        return false;
    }
    if (status > static_cast<uint8_t>(TxStatus::failed)) return r.fail("status", "not 0 (success) or 1 (failed)");
    out.status = static_cast<TxStatus>(status);
    out.reason = static_cast<Reason>(reason);
    out.events.clear();
    if (version == kResultEventsVersion) {
        uint64_t n = 0;
        if (!r.varint_max("event count", kMaxReceiptEvents, n)) return false;
        if (n == 0) return r.fail("event count", "0 in a version 2 receipt");
        out.events.resize(n);
        for (Event& e : out.events) {
            if (!Event::decode(r, e)) return false;
        }
    }
    return true;
}

class BlockExecution::Impl final : public OpContext {
public:
    Impl(const StateView& base, BlockContext ctx, const InstrumentRegistry& registry, const ChainHistory* history)
        : overlay_(base), ctx_(ctx), registry_(registry), history_(history), core_(*this) {}

    TxOutcome apply(const TxEnvelope& env, bool signatures_ok, bool strict);
    ExecutionResult finish() { return ExecutionResult{overlay_.take_writes(), std::move(receipts_)}; }
    const StateView& view() const { return overlay_; }
    void advance_time_ms(uint64_t time_ms) { ctx_.time_ms = std::max(ctx_.time_ms, time_ms); }

    // OpContext
    bool get(ByteView key, Bytes& value) const override { return overlay_.get(key, value); }
    const BlockContext& block() const override { return ctx_; }
    const AccountId& signer() const override { return *signer_; }
    const TxHash& tx_hash() const override { return *tx_hash_; }
    uint16_t op_index() const override { return op_index_; }
    InstrumentId new_id() const override { return instrument_id(*tx_hash_, op_index_); }
    Status put(Bytes key, Bytes value) override {
        if (Status s = guard(key); !s) return s;
        overlay_.put(std::move(key), std::move(value));
        return Status();
    }
    Status erase(Bytes key) override {
        if (Status s = guard(key); !s) return s;
        overlay_.erase(std::move(key));
        return Status();
    }
    Status move(TransferKind kind, std::string_view asset, const AccountId& from, const AccountId& to,
                Amount amount) override {
        if (kind != TransferKind::transfer && kind != TransferKind::settlement) {
            return make_error(Reason::NOT_AUTHORIZED, "an instrument moves units as a transfer or a settlement");
        }
        return core().move(kind, asset, from, to, amount);
    }
    Status mint(std::string_view asset, const AccountId& to, Amount amount) override {
        return core().mint(asset, to, amount);
    }
    Status burn_from(std::string_view asset, const AccountId& from, Amount amount) override {
        return core().burn_from(asset, from, amount);
    }
    Status lock(std::string_view kind, const InstrumentId& id, std::string_view asset, const AccountId& account,
                Amount amount) override {
        return core().lock(kind, id, asset, account, amount);
    }
    Status unlock(std::string_view kind, const InstrumentId& id, std::string_view asset, const AccountId& account,
                  Amount amount) override {
        return core().unlock(kind, id, asset, account, amount);
    }
    Status move_locked(std::string_view kind, const InstrumentId& id, std::string_view asset, const AccountId& from,
                       const AccountId& to, Amount amount) override {
        // Both steps or neither: a refused move leaves the lock as it was.
        const size_t before = overlay_.checkpoint();
        CoreOps ops = core();
        Status s = ops.unlock(kind, id, asset, from, amount);
        if (s) s = ops.move(TransferKind::settlement, asset, from, to, amount);
        if (!s) overlay_.rollback(before);
        return s;
    }
    Status escrow_in(std::string_view asset, const AccountId& from, Amount amount) override {
        return core().escrow_in(asset, from, amount);
    }
    Status escrow_out(std::string_view asset, const AccountId& to, Amount amount) override {
        return core().escrow_out(asset, to, amount);
    }
    Result<Balance> balance_at(AssetId asset, const AccountId& account, Height height) override {
        if (Status s = check_history_height(height); !s) return s.error();
        return history_read(history_->balance_at(asset, account, height));
    }
    Result<std::vector<HolderEntry>> holders_at(AssetId asset, Height height, std::optional<AccountId> after,
                                                size_t limit) override {
        if (Status s = check_history_height(height); !s) return s.error();
        if (limit == 0 || limit > kMaxHistoryPage) {
            return make_error(Reason::INVALID_ARGUMENT, "holders_at reads pages of 1 to 10000 holders");
        }
        return history_read(history_->holders_at(asset, height, after, limit));
    }
    Result<std::optional<Asset>> asset_at(AssetId asset, Height height) override {
        if (Status s = check_history_height(height); !s) return s.error();
        return history_read(history_->asset_at(asset, height));
    }
    Status emit(Event event) override {
        if (Status s = event.check(); !s) return s;
        if (events_.size() >= kMaxReceiptEvents) return make_error(Reason::TOO_LARGE, "a receipt holds at most 65536 events");
        events_.push_back(std::move(event));
        return Status();
    }
    void touch(const AccountId& account) override {
        // A set beside the ordered list: a paged instrument op touches thousands of holders in one tx.
        if (touched_set_.insert(account).second) touched_.push_back(account);
    }

private:
    // The core rules' view of this execution: the same overlay, written without the instrument guard.
    class Core final : public CoreContext {
    public:
        explicit Core(Impl& e) : e_(e) {}
        bool get(ByteView key, Bytes& value) const override { return e_.overlay_.get(key, value); }
        const BlockContext& block() const override { return e_.ctx_; }
        const AccountId& signer() const override { return *e_.signer_; }
        void put(Bytes key, Bytes value) override { e_.overlay_.put(std::move(key), std::move(value)); }
        void erase(Bytes key) override { e_.overlay_.erase(std::move(key)); }
        void touch(const AccountId& account) override { e_.touch(account); }
        Status emit(Event event) override { return e_.emit(std::move(event)); }

    private:
        Impl& e_;
    };

    CoreOps core() { return CoreOps(core_, registry_); }
    Status authorize(const TxEnvelope& env, const Account& signer_account) const;
    Status check_op_format(const Op& op) const;
    Status apply_op(const Op& op);
    Status apply_instrument_op(const Op& op);
    // An instrument writes only under its own prefix; a refusal is remembered so that ignoring it fails the op.
    Status guard(ByteView key) {
        if (instrument_prefix_ && !key.empty() && key[0] == *instrument_prefix_) return Status();
        Error e = make_error(Reason::NOT_AUTHORIZED,
                             "an instrument may write only under its own state prefix; key prefix " +
                                 (key.empty() ? std::string("(empty key)") : to_hex(key.subspan(0, 1))) + " refused");
        if (!intrusion_) intrusion_ = e;
        return e;
    }
    Status check_history_height(Height height) {
        if (height >= ctx_.height) {
            return make_error(Reason::HEIGHT_NOT_REACHED, "history is readable below the executing height " +
                                                              std::to_string(ctx_.height) + ", not at " +
                                                              std::to_string(height));
        }
        if (!history_) {
            Error e = make_error(Reason::UNAVAILABLE, "this execution was given no chain history");
            if (!history_fault_) history_fault_ = e;
            return e;
        }
        return Status();
    }
    template <typename T>
    Result<T> history_read(Result<T> r) {
        if (!r && !history_fault_) history_fault_ = r.error();
        return r;
    }

    Overlay overlay_;
    BlockContext ctx_;
    const InstrumentRegistry& registry_;
    const ChainHistory* history_;
    Core core_;
    std::vector<Receipt> receipts_;
    std::vector<AccountId> touched_;
    std::set<AccountId> touched_set_;
    std::vector<Event> events_;
    const AccountId* signer_ = nullptr;
    const TxHash* tx_hash_ = nullptr;
    uint16_t op_index_ = 0;
    std::optional<uint8_t> instrument_prefix_;
    std::optional<Error> intrusion_;
    std::optional<Error> history_fault_;
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
        return core().apply(*decoded);
    }
    if (registry_.owns(op.tag)) return apply_instrument_op(op);
    return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
}

Status BlockExecution::Impl::apply_instrument_op(const Op& op) {
    instrument_prefix_ = registry_.state_prefix_of(op.tag);
    intrusion_.reset();
    Status s = registry_.apply(op, *this);
    instrument_prefix_.reset();
    // A refused write fails the op even when the instrument went on as if it had succeeded.
    if (s && intrusion_) s = *intrusion_;
    if (s && history_fault_) s = *history_fault_;
    return s;
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
    tx_hash_ = &env.tx_hash;
    touched_.clear();
    touched_set_.clear();
    events_.clear();
    history_fault_.reset();
    touch(tx.signer);
    // Nonce and client_ref are consumed even if an op fails, so a failed tx cannot be replayed.
    ++signer_account.nonce;
    overlay_.put(state_key::account(tx.signer), signer_account.encode());
    if (tx.client_ref) overlay_.put(std::move(ref_key), Bytes(env.tx_hash.begin(), env.tx_hash.end()));

    const size_t ops_start = overlay_.checkpoint();
    Receipt receipt;
    receipt.tx_hash = env.tx_hash;
    for (size_t i = 0; i < tx.ops.size(); ++i) {
        op_index_ = static_cast<uint16_t>(i);
        Status s = apply_op(tx.ops[i]);
        if (history_fault_) {
            // The history could not be read: this node cannot tell the outcome, so the tx is not included.
            overlay_.rollback(tx_start);
            overlay_.release_journal();
            TxOutcome o = excluded(history_fault_->reason, "op " + std::to_string(i) + ": history read failed: " +
                                                               history_fault_->message);
            o.receipt.op_index = static_cast<uint16_t>(i);
            return o;
        }
        if (!s) {
            events_.clear();
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
            touched_set_ = {touched_[0]};
            break;
        }
    }
    overlay_.release_journal();
    receipt.accounts = touched_;
    receipt.events = std::move(events_);
    events_.clear();
    receipts_.push_back(receipt);
    TxOutcome o;
    o.included = true;
    o.receipt = std::move(receipt);
    return o;
}

BlockExecution::BlockExecution(const StateView& base, BlockContext ctx, const InstrumentRegistry& registry,
                               const ChainHistory* history)
    : impl_(std::make_unique<Impl>(base, ctx, registry, history)) {}
BlockExecution::~BlockExecution() = default;

TxOutcome BlockExecution::apply(const TxEnvelope& tx, bool signatures_ok, bool strict) {
    return impl_->apply(tx, signatures_ok, strict);
}
const StateView& BlockExecution::view() const { return impl_->view(); }
void BlockExecution::advance_time_ms(uint64_t time_ms) { impl_->advance_time_ms(time_ms); }
ExecutionResult BlockExecution::finish() { return impl_->finish(); }

Result<ExecutionResult> execute_block(const StateView& base, const BlockContext& ctx, const std::vector<TxPtr>& txs,
                                      const std::vector<bool>& signatures_ok, const InstrumentRegistry& registry,
                                      const ChainHistory* history) {
    BlockExecution exec(base, ctx, registry, history);
    for (size_t i = 0; i < txs.size(); ++i) {
        TxOutcome o = exec.apply(*txs[i], i < signatures_ok.size() && signatures_ok[i]);
        if (!o.included) {
            return make_error(o.error.reason, "block tx " + std::to_string(i) + " cannot be included: " + o.error.message);
        }
    }
    return exec.finish();
}

}  // namespace folio

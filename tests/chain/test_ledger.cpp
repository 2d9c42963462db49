#include "tests/chain/test_ledger.h"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "chain/crypto/hash.h"
#include "contracts/registry.h"

namespace folio::test {

bool bytes_less(ByteView a, ByteView b) {
    const size_t n = std::min(a.size(), b.size());
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c < 0 || (c == 0 && a.size() < b.size());
}

bool MemoryState::get(ByteView key, Bytes& value) const {
    auto it = kv_.find(key);
    if (it == kv_.end()) return false;
    value = it->second;
    return true;
}

void MemoryState::apply(const StateWrites& writes) {
    for (const StateWrite& w : writes) {
        if (w.value)
            kv_[w.key] = *w.value;
        else
            kv_.erase(w.key);
    }
}

TestKey TestKey::generate() {
    auto secret = std::make_shared<const crypto::SecretKey>(crypto::SecretKey::generate());
    const PubKey pub = secret->pubkey();
    return TestKey{std::move(secret), pub};
}

// ===========================================================================================================

TestLedger::TestLedger() : registry_(contracts::make_registry()) {
    chain_id_ = crypto::tags::genesis()(as_bytes("folio test ledger"));
    registrar = seed_account(role_bit(Role::registrar));
    operator_ = seed_account(role_bit(Role::operator_));
    issuer = seed_account(role_bit(Role::issuer));
    seed_param("block_max_txs", 5000);
    seed_param("tx_max_wait_blocks", 10000);
}

BlockContext TestLedger::next_block() const {
    return BlockContext{chain_id_, height_ + 1, time_ms_ + kBlockIntervalMs};
}

Party TestLedger::seed_account(uint32_t roles) {
    return seed_multisig(1, 1, roles);
}

Party TestLedger::seed_multisig(size_t n_keys, uint8_t threshold, uint32_t roles) {
    Party p;
    Account a;
    for (size_t i = 0; i < n_keys; ++i) {
        p.keys.push_back(TestKey::generate());
        a.keys.push_back(p.keys.back().pubkey);
    }
    p.id = account_id_of(p.keys.front().pubkey);
    a.threshold = threshold;
    a.roles = roles;
    write_account(p.id, a);
    return p;
}

Party TestLedger::seed_investor(uint8_t level) {
    Party p = seed_account();
    seed_kyc(p.id, level, time_ms_ + kYearMs);
    return p;
}

void TestLedger::seed_kyc(const AccountId& id, uint8_t level, uint64_t expires_ms) {
    Account a = account(id);
    Kyc k;
    k.level = level;
    k.category = "retail";
    k.expires_ms = expires_ms;
    k.doc_hash.fill(0xd0);
    k.attested_by = operator_.id;
    k.attested_height = height_;
    a.kyc = k;
    write_account(id, a);
}

void TestLedger::seed_param(std::string_view name, uint64_t value) {
    Writer w;
    w.u64(value);
    state_.put(state_key::param(name), w.take());
}

void TestLedger::write_account(const AccountId& id, const Account& account) {
    state_.put(state_key::account(id), account.encode());
    for (const PubKey& k : account.keys) state_.put(state_key::pubkey(k), Bytes(id.begin(), id.end()));
}

std::optional<Account> TestLedger::find_account(const AccountId& id) const {
    Account a;
    if (!read_account(state_, id, a)) return std::nullopt;
    return a;
}

Account TestLedger::account(const AccountId& id) const {
    auto a = find_account(id);
    if (!a) {
        ADD_FAILURE() << "no account " << to_hex(id);
        return Account{};
    }
    return *a;
}

uint64_t TestLedger::nonce(const AccountId& id) const {
    return account(id).nonce;
}

std::optional<AccountId> TestLedger::account_of_key(const PubKey& key) const {
    Bytes v;
    if (!state_.get(state_key::pubkey(key), v) || v.size() != 32) return std::nullopt;
    AccountId id;
    std::copy(v.begin(), v.end(), id.begin());
    return id;
}

std::optional<Asset> TestLedger::find_asset(std::string_view symbol) const {
    AssetId id;
    Asset a;
    if (!read_asset_id(state_, symbol, id) || !read_asset(state_, id, a)) return std::nullopt;
    return a;
}

Asset TestLedger::asset(std::string_view symbol) const {
    auto a = find_asset(symbol);
    if (!a) {
        ADD_FAILURE() << "no asset " << symbol;
        return Asset{};
    }
    return *a;
}

Balance TestLedger::balance(std::string_view symbol, const AccountId& id) const {
    Balance b;
    AssetId asset_id;
    if (read_asset_id(state_, symbol, asset_id)) read_balance(state_, asset_id, id, b);
    return b;
}

std::optional<uint64_t> TestLedger::param(std::string_view name) const {
    uint64_t v;
    if (!read_param(state_, name, v)) return std::nullopt;
    return v;
}

std::optional<TxHash> TestLedger::client_ref_tx(const AccountId& id, std::string_view ref) const {
    Bytes v;
    if (!state_.get(state_key::client_ref(id, ref), v) || v.size() != 32) return std::nullopt;
    TxHash h;
    std::copy(v.begin(), v.end(), h.begin());
    return h;
}

Tx TestLedger::build(const Party& signer, std::vector<Op> ops, const TxOptions& options) const {
    Tx tx;
    tx.chain_id = options.chain_id.value_or(chain_id_);
    tx.signer = signer.id;
    if (options.nonce) {
        tx.nonce = *options.nonce;
    } else if (auto a = find_account(signer.id)) {
        tx.nonce = a->nonce;
    }
    tx.valid_until_height = options.valid_until_height;
    tx.ops = std::move(ops);
    tx.memo = options.memo;
    tx.client_ref = options.client_ref;
    return tx;
}

SignedTx TestLedger::sign(Tx tx, const Party& by) const {
    SignedTx stx{std::move(tx), {}};
    for (const TestKey& k : by.keys) sign_tx(stx, *k.secret);
    return stx;
}

TxPtr TestLedger::make(const Party& signer, std::vector<Op> ops, const TxOptions& options) const {
    return make_envelope(sign(build(signer, std::move(ops), options), signer));
}

BlockRun TestLedger::execute(const std::vector<TxPtr>& txs, bool strict) const {
    BlockRun run;
    run.context = next_block();
    BlockExecution exec(state_, run.context, *registry_);
    for (const TxPtr& tx : txs) run.outcomes.push_back(exec.apply(*tx, verify_signatures(*tx), strict));
    run.result = exec.finish();
    return run;
}

void TestLedger::commit(const BlockRun& run) {
    state_.apply(run.result.writes);
    height_ = run.context.height;
    time_ms_ = run.context.time_ms;
}

BlockRun TestLedger::run_block(const std::vector<TxPtr>& txs, bool strict) {
    BlockRun run = execute(txs, strict);
    commit(run);
    return run;
}

TxOutcome TestLedger::run(const TxPtr& tx, bool strict) {
    return run_block({tx}, strict).outcomes.at(0);
}

TxOutcome TestLedger::run(const Party& signer, std::vector<Op> ops, const TxOptions& options) {
    return run(make(signer, std::move(ops), options));
}

Result<ExecutionResult> TestLedger::run_validated(const std::vector<TxPtr>& txs) {
    std::vector<bool> sigs_ok;
    for (const TxPtr& tx : txs) sigs_ok.push_back(verify_signatures(*tx));
    const BlockContext ctx = next_block();
    Result<ExecutionResult> r = execute_block(state_, ctx, txs, sigs_ok, *registry_);
    if (r) {
        state_.apply(r->writes);
        height_ = ctx.height;
        time_ms_ = ctx.time_ms;
    }
    return r;
}

// ===========================================================================================================

namespace op {
Op register_key(const PubKey& pubkey) {
    return encode_op(AccountRegisterOp{pubkey});
}

Op kyc(const AccountId& account, uint8_t level, uint64_t expires_ms, std::string category) {
    KycAttestOp o;
    o.account = account;
    o.level = level;
    o.category = std::move(category);
    o.expires_ms = expires_ms;
    o.doc_hash.fill(0xd0);
    return encode_op(o);
}

Op rotate(const PubKey& new_pubkey) {
    return encode_op(KeyRotateOp{new_pubkey, false, {}, {}});
}

Op recover(const AccountId& account, const PubKey& new_pubkey, const Hash256& legal_ref) {
    return encode_op(KeyRotateOp{new_pubkey, true, account, legal_ref});
}

Op grant(const AccountId& account, Role role, std::string asset) {
    return encode_op(RoleOp{account, role, std::move(asset)}, true);
}

Op revoke(const AccountId& account, Role role, std::string asset) {
    return encode_op(RoleOp{account, role, std::move(asset)}, false);
}

Op create(std::string symbol, AssetClass asset_class, Amount max_supply, std::optional<Policy> policy,
          uint8_t decimals) {
    AssetCreateOp o;
    o.symbol = std::move(symbol);
    o.asset_class = asset_class;
    o.decimals = decimals;
    o.max_supply = max_supply;
    o.policy = policy;
    return encode_op(o);
}

Op issue(std::string symbol, std::vector<IssueOp::Recipient> to) {
    return encode_op(IssueOp{std::move(symbol), std::move(to)});
}

Op transfer(std::string symbol, const AccountId& to, Amount amount) {
    return encode_op(TransferOp{std::move(symbol), to, amount});
}

Op burn(std::string symbol, Amount amount) {
    return encode_op(BurnOp{std::move(symbol), amount});
}

Op freeze_account(const AccountId& account) {
    return encode_op(FreezeOp{FreezeTarget::account, account, {}, 0}, true);
}
Op unfreeze_account(const AccountId& account) {
    return encode_op(FreezeOp{FreezeTarget::account, account, {}, 0}, false);
}
Op freeze_asset(std::string symbol) {
    return encode_op(FreezeOp{FreezeTarget::asset, {}, std::move(symbol), 0}, true);
}
Op unfreeze_asset(std::string symbol) {
    return encode_op(FreezeOp{FreezeTarget::asset, {}, std::move(symbol), 0}, false);
}
Op freeze_holding(std::string symbol, const AccountId& account, Amount amount) {
    return encode_op(FreezeOp{FreezeTarget::holding, account, std::move(symbol), amount}, true);
}
Op unfreeze_holding(std::string symbol, const AccountId& account, Amount amount) {
    return encode_op(FreezeOp{FreezeTarget::holding, account, std::move(symbol), amount}, false);
}

Op forced_transfer(std::string symbol, const AccountId& from, const AccountId& to, Amount amount,
                   const Hash256& legal_ref) {
    return encode_op(ForcedTransferOp{std::move(symbol), from, to, amount, legal_ref});
}

Op param_update(std::string name, uint64_t value) {
    return encode_op(ParamUpdateOp{std::move(name), value});
}
}  // namespace op

// ===========================================================================================================

namespace {
std::string describe(const TxOutcome& o) {
    std::ostringstream s;
    if (!o.included) {
        s << "excluded with " << reason_name(o.error.reason) << " (" << o.error.message << ")";
    } else if (o.receipt.status == TxStatus::success) {
        s << "included and succeeded";
    } else {
        s << "included, failed at op " << o.receipt.op_index << " with " << reason_name(o.receipt.reason);
    }
    return s.str();
}
}  // namespace

::testing::AssertionResult Succeeded(const TxOutcome& o) {
    if (o.included && o.receipt.status == TxStatus::success && o.receipt.reason == Reason::OK) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "expected success, got: " << describe(o);
}

::testing::AssertionResult FailedWith(const TxOutcome& o, Reason reason) {
    if (o.included && o.receipt.status == TxStatus::failed && o.receipt.reason == reason) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "expected inclusion as failed with " << reason_name(reason) << ", got: " << describe(o);
}

::testing::AssertionResult ExcludedWith(const TxOutcome& o, Reason reason) {
    if (!o.included && o.error.reason == reason) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "expected exclusion with " << reason_name(reason) << ", got: " << describe(o);
}

std::vector<std::string> ledger_invariant_violations(const MemoryState& state) {
    struct Sums {
        unsigned __int128 amount = 0;
        uint64_t non_zero = 0;
    };
    std::map<AssetId, Sums> sums;
    std::vector<std::string> out;
    for (const auto& [key, value] : state.entries()) {
        AssetId asset_id;
        AccountId account;
        if (!state_key::parse_balance(key, asset_id, account)) continue;
        Balance b;
        if (!Balance::decode(value, b)) {
            out.push_back("balance leaf does not decode: " + to_hex(key));
            continue;
        }
        const std::string where = std::to_string(asset_id) + "/" + to_hex(account);
        if (b.empty()) out.push_back("empty balance leaf kept: " + where);
        if (b.locked > b.amount || b.frozen > b.amount - b.locked) {
            out.push_back("locked + frozen exceed amount (available underflows): " + where);
        }
        Sums& s = sums[asset_id];
        s.amount += b.amount;
        if (b.amount != 0) ++s.non_zero;
        Bytes unused;
        if (!state.get(state_key::asset(asset_id), unused))
            out.push_back("balance of a missing asset: " + where);
    }
    for (const auto& [key, value] : state.entries()) {
        if (key.empty() || key[0] != static_cast<uint8_t>(KeyPrefix::asset)) continue;
        Asset a;
        if (!Asset::decode(value, a)) {
            out.push_back("asset leaf does not decode: " + to_hex(key));
            continue;
        }
        const Sums s = sums[a.id];
        if (s.amount != a.supply) {
            out.push_back(a.symbol + ": supply " + std::to_string(a.supply) + " != sum of balances");
        }
        if (s.non_zero != a.holders) {
            out.push_back(a.symbol + ": holders " + std::to_string(a.holders) + " != non-zero balances " +
                          std::to_string(s.non_zero));
        }
        if (a.supply > a.max_supply) out.push_back(a.symbol + ": supply above max_supply");
    }
    return out;
}

}  // namespace folio::test

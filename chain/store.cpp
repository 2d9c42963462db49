#include "chain/store.h"

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>

#include <algorithm>

namespace folio {
namespace {

constexpr char kMeta = 'M', kHeader = 'h', kBody = 'b', kCommit = 'c', kReceipts = 'r', kBlockHash = 'B',
               kTx = 't', kState = 's', kHistory = 'a', kBalanceHistory = 'v';

void put_be64(Bytes& k, uint64_t v) {
    for (int i = 7; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_be32(Bytes& k, uint32_t v) {
    for (int i = 3; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint64_t get_be(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | p[i];
    return v;
}

// Reserving first also sidesteps a GCC 12 -Warray-bounds false positive on inserts into a 1-byte vector.
Bytes key(char prefix) {
    Bytes k;
    k.reserve(64);
    k.push_back(static_cast<uint8_t>(prefix));
    return k;
}
Bytes key(char prefix, std::string_view name) {
    Bytes k = key(prefix);
    k.insert(k.end(), name.begin(), name.end());
    return k;
}
Bytes height_key(char prefix, Height h) {
    Bytes k = key(prefix);
    put_be64(k, h);
    return k;
}
template <size_t N>
Bytes fixed_key(char prefix, const std::array<uint8_t, N>& a) {
    Bytes k = key(prefix);
    k.insert(k.end(), a.begin(), a.end());
    return k;
}
Bytes history_key(const AccountId& account, Height h, uint32_t index) {
    Bytes k = fixed_key(kHistory, account);
    put_be64(k, h);
    put_be32(k, index);
    return k;
}
Bytes balance_history_prefix(AssetId asset) {
    Bytes k = key(kBalanceHistory);
    put_be32(k, asset);
    return k;
}
Bytes balance_history_key(AssetId asset, const AccountId& account, Height h) {
    Bytes k = balance_history_prefix(asset);
    k.insert(k.end(), account.begin(), account.end());
    put_be64(k, UINT64_MAX - h);
    return k;
}

leveldb::Slice slice(const Bytes& b) { return leveldb::Slice(reinterpret_cast<const char*>(b.data()), b.size()); }
Bytes bytes(const leveldb::Slice& s) { return Bytes(s.data(), s.data() + s.size()); }
ByteView view(const leveldb::Slice& s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
bool starts_with(const leveldb::Slice& s, const Bytes& prefix) {
    return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), reinterpret_cast<const uint8_t*>(s.data()));
}

Bytes u64_value(uint64_t v) {
    Writer w(8);
    w.u64(v);
    return w.take();
}

Bytes encode_receipts(const std::vector<Receipt>& receipts) {
    Writer w(receipts.size() * 80 + 4);
    w.varint(receipts.size());
    for (const auto& r : receipts) {
        w.raw(r.encode_result());
        w.varint(r.accounts.size());
        for (const auto& a : r.accounts) w.fixed_bytes(a);
    }
    return w.take();
}

Error io_error(const leveldb::Status& s, const std::string& what) {
    return make_error(s.IsCorruption() ? Reason::CORRUPTION : Reason::IO_ERROR, what + ": " + s.ToString());
}

// Adds the state writes and the balance history of one block to a batch.
void add_state_writes(leveldb::WriteBatch& batch, const StateWrites& writes, Height height) {
    for (const auto& w : writes) {
        Bytes k = key(kState);
        k.insert(k.end(), w.key.begin(), w.key.end());
        if (w.value) batch.Put(slice(k), slice(*w.value));
        else batch.Delete(slice(k));
        AssetId asset;
        AccountId account;
        if (state_key::parse_balance(w.key, asset, account)) {
            static const Bytes kNoBalance = Balance{}.encode();
            batch.Put(slice(balance_history_key(asset, account, height)), slice(w.value ? *w.value : kNoBalance));
        }
    }
}

}  // namespace

Store::Store(const StoreOptions& options) : options_(options) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
    std::unique_ptr<Store> store(new Store(options));
    leveldb::Options opts;
    opts.create_if_missing = options.create_if_missing;
    opts.paranoid_checks = true;
    opts.write_buffer_size = options.write_buffer_bytes;
    opts.max_file_size = 32u << 20;
    // Most of what is stored is hashes, keys and signatures, which do not compress: snappy would only cost time.
    opts.compression = leveldb::kNoCompression;
    store->filter_.reset(leveldb::NewBloomFilterPolicy(10));
    store->cache_.reset(leveldb::NewLRUCache(options.block_cache_bytes));
    opts.filter_policy = store->filter_.get();
    opts.block_cache = store->cache_.get();
    leveldb::DB* db = nullptr;
    leveldb::Status s = leveldb::DB::Open(opts, options.path, &db);
    if (!s.ok()) return io_error(s, "cannot open database " + options.path);
    store->db_.reset(db);
    auto h = store->get(key(kMeta, "height"), "height");
    if (h) {
        Reader r(*h);
        Height height;
        if (!r.u64("height", height) || !r.finish()) return make_error(Reason::CORRUPTION, "stored height: " + r.error());
        store->height_ = height;
    } else if (h.reason() != Reason::NOT_FOUND) {
        return h.error();
    }
    return store;
}

Result<Bytes> Store::get(const Bytes& k, const char* what) const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = options_.verify_checksums;
    std::string value;
    leveldb::Status s = db_->Get(ro, slice(k), &value);
    if (s.IsNotFound()) return make_error(Reason::NOT_FOUND, std::string(what) + " not found");
    if (!s.ok()) return io_error(s, std::string("reading ") + what);
    return Bytes(value.begin(), value.end());
}

Status Store::commit_genesis(const std::string& genesis_json, const BlockHeader& header, const StateWrites& state) {
    if (height_) return make_error(Reason::INVALID_ARGUMENT, "database already holds a chain");
    leveldb::WriteBatch batch;
    batch.Put(slice(key(kMeta, "genesis")), genesis_json);
    batch.Put(slice(key(kMeta, "chain_id")), slice(Bytes(header.chain_id.begin(), header.chain_id.end())));
    batch.Put(slice(height_key(kHeader, 0)), slice(header.encode()));
    batch.Put(slice(height_key(kBody, 0)), slice(Block{}.encode_body()));
    batch.Put(slice(fixed_key(kBlockHash, header.hash())), slice(u64_value(0)));
    add_state_writes(batch, state, 0);
    batch.Put(slice(key(kMeta, "height")), slice(u64_value(0)));
    leveldb::WriteOptions wo;
    wo.sync = options_.sync;
    leveldb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return io_error(s, "writing genesis");
    height_ = 0;
    return Status();
}

Status Store::commit_block(const Block& block, const CommitCertificate& commit, const ExecutionResult& result) {
    const Height h = block.header.height;
    if (!height_ || h != *height_ + 1) return make_error(Reason::INVALID_ARGUMENT, "block does not extend the stored chain");
    leveldb::WriteBatch batch;
    batch.Put(slice(height_key(kHeader, h)), slice(block.header.encode()));
    batch.Put(slice(height_key(kBody, h)), slice(block.encode_body()));
    batch.Put(slice(height_key(kCommit, h)), slice(commit.encode()));
    batch.Put(slice(height_key(kReceipts, h)), slice(encode_receipts(result.receipts)));
    batch.Put(slice(fixed_key(kBlockHash, block.header.hash())), slice(u64_value(h)));
    for (uint32_t i = 0; i < block.txs.size(); ++i) {
        Writer loc(12);
        loc.u64(h);
        loc.u32(i);
        batch.Put(slice(fixed_key(kTx, block.txs[i]->tx_hash)), slice(loc.data()));
    }
    static const Bytes kEmpty;
    for (uint32_t i = 0; i < result.receipts.size(); ++i) {
        for (const auto& account : result.receipts[i].accounts) batch.Put(slice(history_key(account, h, i)), slice(kEmpty));
    }
    add_state_writes(batch, result.writes, h);
    batch.Put(slice(key(kMeta, "height")), slice(u64_value(h)));
    leveldb::WriteOptions wo;
    wo.sync = options_.sync;
    leveldb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return io_error(s, "committing block " + std::to_string(h));
    height_ = h;
    return Status();
}

Result<std::string> Store::genesis_json() const {
    auto v = get(key(kMeta, "genesis"), "genesis");
    if (!v) return v.error();
    return std::string(v->begin(), v->end());
}

Result<BlockHeader> Store::header(Height height) const {
    auto v = get(height_key(kHeader, height), "header");
    if (!v) return v.error();
    return BlockHeader::decode(*v);
}

Result<std::vector<TxPtr>> Store::body(Height height) const {
    auto v = get(height_key(kBody, height), "body");
    if (!v) return v.error();
    return Block::decode_body(*v);
}

Result<CommitCertificate> Store::commit(Height height) const {
    auto v = get(height_key(kCommit, height), "commit");
    if (!v) return v.error();
    return CommitCertificate::decode(*v);
}

Result<std::vector<Receipt>> Store::receipts(Height height) const {
    auto v = get(height_key(kReceipts, height), "receipts");
    if (!v) return v.error();
    Reader r(*v);
    uint64_t n = 0;
    std::vector<Receipt> out;
    if (r.varint_max("receipt count", kMaxBlockTxs, n)) {
        out.resize(n);
        for (auto& rc : out) {
            uint8_t status = 0;
            uint16_t reason = 0;
            uint64_t n_accounts = 0;
            if (!(r.version("receipt version", 1) && r.fixed_bytes("tx_hash", rc.tx_hash) && r.u8("status", status) &&
                  r.u16("reason", reason) && r.u16("op_index", rc.op_index) &&
                  r.varint_max("account count", 1u << 20, n_accounts))) {
                break;
            }
            rc.status = static_cast<TxStatus>(status);
            rc.reason = static_cast<Reason>(reason);
            rc.accounts.resize(n_accounts);
            for (auto& a : rc.accounts) r.fixed_bytes("account", a);
        }
    }
    if (!r.finish()) return make_error(Reason::CORRUPTION, "receipts of block " + std::to_string(height) + ": " + r.error());
    return out;
}

std::optional<Height> Store::height_of(const BlockHash& hash) const {
    auto v = get(fixed_key(kBlockHash, hash), "block hash");
    if (!v) return std::nullopt;
    Reader r(*v);
    Height h;
    if (!r.u64("height", h) || !r.finish()) return std::nullopt;
    return h;
}

std::optional<TxLocation> Store::find_tx(const TxHash& hash) const {
    auto v = get(fixed_key(kTx, hash), "tx");
    if (!v) return std::nullopt;
    Reader r(*v);
    TxLocation loc;
    if (!r.u64("height", loc.height) || !r.u32("index", loc.index) || !r.finish()) return std::nullopt;
    return loc;
}

Status Store::for_each_state(const std::function<void(Bytes, Bytes)>& fn) const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(ro));
    const Bytes prefix = key(kState);
    for (it->Seek(slice(prefix)); it->Valid() && starts_with(it->key(), prefix); it->Next()) {
        Bytes k = bytes(it->key());
        k.erase(k.begin());
        fn(std::move(k), bytes(it->value()));
    }
    if (!it->status().ok()) return io_error(it->status(), "reading state");
    return Status();
}

std::vector<HistoryEntry> Store::history(const AccountId& account, std::optional<HistoryEntry> before,
                                         size_t limit) const {
    std::vector<HistoryEntry> out;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
    const Bytes prefix = fixed_key(kHistory, account);
    if (before) it->Seek(slice(history_key(account, before->height, before->index)));
    else it->Seek(slice(history_key(account, UINT64_MAX, UINT32_MAX)));
    // Seek lands at or after the bound: step back to the newest entry strictly before it.
    if (it->Valid()) it->Prev();
    else it->SeekToLast();
    for (; it->Valid() && starts_with(it->key(), prefix) && out.size() < limit; it->Prev()) {
        const auto k = view(it->key());
        if (k.size() != prefix.size() + 12) continue;
        out.push_back(HistoryEntry{get_be(k.data() + prefix.size(), 8),
                                   static_cast<uint32_t>(get_be(k.data() + prefix.size() + 8, 4))});
    }
    return out;
}

Balance Store::balance_at(AssetId asset, const AccountId& account, Height height) const {
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
    const Bytes k = balance_history_key(asset, account, height);
    it->Seek(slice(k));
    Balance b;
    if (!it->Valid() || it->key().size() != k.size() || !std::equal(k.begin(), k.end() - 8, view(it->key()).begin())) {
        return b;
    }
    if (!Balance::decode(view(it->value()), b)) return Balance{};
    return b;
}

std::vector<HolderEntry> Store::holders_at(AssetId asset, Height height, std::optional<AccountId> after,
                                           size_t limit) const {
    std::vector<HolderEntry> out;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
    const Bytes prefix = balance_history_prefix(asset);
    // Start at the account after `after`: its key with ~height 0 sorts after all of its versions.
    if (after) it->Seek(slice(balance_history_key(asset, *after, UINT64_MAX)));
    else it->Seek(slice(prefix));
    if (after && it->Valid() && starts_with(it->key(), prefix)) {
        // Seek put us at `after`'s oldest version or later; skip every remaining version of `after`.
        while (it->Valid() && starts_with(it->key(), prefix) &&
               std::equal(after->begin(), after->end(), view(it->key()).begin() + prefix.size())) {
            it->Next();
        }
    }
    while (it->Valid() && starts_with(it->key(), prefix) && out.size() < limit) {
        const auto k = view(it->key());
        if (k.size() != prefix.size() + 40) {
            it->Next();
            continue;
        }
        AccountId account;
        std::copy_n(k.data() + prefix.size(), 32, account.begin());
        // Jump to the newest version at or below `height` for this account.
        it->Seek(slice(balance_history_key(asset, account, height)));
        if (it->Valid() && starts_with(it->key(), prefix) &&
            std::equal(account.begin(), account.end(), view(it->key()).begin() + prefix.size())) {
            Balance b;
            if (Balance::decode(view(it->value()), b) && b.amount > 0) out.push_back(HolderEntry{account, b.amount});
        }
        // Next account: past every version of this one.
        Bytes next = balance_history_key(asset, account, 0);
        it->Seek(slice(next));
        if (it->Valid() && it->key() == slice(next)) it->Next();
    }
    return out;
}

}  // namespace folio

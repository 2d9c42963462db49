#include "chain/store.h"

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include <algorithm>

#include "chain/store_env.h"
#include "chain/store_filter.h"
#include "chain/store_keys.h"

namespace folio {
using namespace store_detail;
namespace {

// A KYC history version ('k') for an account record whose attestation was made at `height`. Only
// kyc_attest sets an attestation, and it stamps it with the block's height, so `attested_height == height`
// says exactly that this block changed it, without reading what the record held before.
Status add_kyc_version(leveldb::WriteBatch& batch, const StateWrite& w, Height height) {
    if (!w.value || w.key.size() != 33 || w.key[0] != static_cast<uint8_t>(KeyPrefix::account)) return Status();
    Account account;
    if (!Account::decode(*w.value, account))
        return make_error(Reason::INTERNAL, "an account record that does not decode was written");
    if (!account.kyc || account.kyc->attested_height != height) return Status();
    AccountId id;
    std::copy(w.key.begin() + 1, w.key.end(), id.begin());
    batch.Put(slice(kyc_history_key(id, height)), slice(encode_kyc_version(account.kyc)));
    return Status();
}

// Adds the state writes, the balance history and the KYC history of one block to a batch. A balance has no 's' record: the
// newest version of its holding in 'v' is its state leaf (for_each_state), so a balance write costs one key,
// not two.
Status add_state_writes(leveldb::WriteBatch& batch, const StateWrites& writes, Height height) {
    static const Bytes kNoBalance = Balance{}.encode();
    Bytes k = key(kState);
    for (const auto& w : writes) {
        AssetId asset;
        AccountId account;
        if (state_key::parse_balance(w.key, asset, account)) {
            // An all-zero version means "no balance": such a record written as a leaf would vanish on reopen
            // and the root check would refuse the database. Execution erases an emptied balance instead.
            if (w.value && *w.value == kNoBalance) {
                return make_error(Reason::INTERNAL, "an empty balance record was written instead of erased");
            }
            batch.Put(slice(balance_history_key(asset, account, height)),
                      slice(w.value ? *w.value : kNoBalance));
            continue;
        }
        if (Status st = add_kyc_version(batch, w, height); !st) return st;
        // An asset record is also versioned by height, for asset_at (its 's' leaf stays the newest version).
        if (w.key.size() == 5 && w.key[0] == static_cast<uint8_t>(KeyPrefix::asset)) {
            const AssetId id = static_cast<AssetId>(get_be(w.key.data() + 1, 4));
            batch.Put(slice(asset_history_key(id, height)), w.value ? slice(*w.value) : leveldb::Slice());
        }
        k.resize(1);
        k.insert(k.end(), w.key.begin(), w.key.end());
        if (w.value)
            batch.Put(slice(k), slice(*w.value));
        else
            batch.Delete(slice(k));
    }
    return Status();
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
    // An open table keeps its index (one entry per block) in memory: 16 KiB blocks keep that to ~0.25% of the
    // data instead of ~1% at LevelDB's 4 KiB, and the records read together (a holding's versions, an
    // account's history) sit side by side anyway.
    opts.block_size = 16u << 10;
    // Most of what is stored is hashes, keys and signatures, which do not compress: snappy would only cost
    // time.
    opts.compression = leveldb::kNoCompression;
    opts.env = options.env != nullptr ? options.env : table_pread_env();
    store->filter_ = new_point_lookup_filter();
    store->cache_.reset(leveldb::NewLRUCache(options.block_cache_bytes));
    opts.filter_policy = store->filter_.get();
    opts.block_cache = store->cache_.get();
    leveldb::DB* db = nullptr;
    leveldb::Status s = leveldb::DB::Open(opts, options.path, &db);
    if (!s.ok()) return io_error(s, "cannot open database " + options.path);
    store->db_.reset(db);
    const Bytes meta_height = key(kMeta, "height");
    auto h = store->lookup(meta_height);
    if (!h) return h.error();
    if (*h) {
        Reader r(**h);
        Height height;
        if (!r.u64("height", height) || !r.finish()) return damaged(meta_height, r.error());
        if (height == kNoChain) return damaged(meta_height, "not a height");
        store->stored_height_ = height;
        if (Status st = store->upgrade_layout(); !st) return st.error();
    }
    return store;
}

Status Store::upgrade_layout() {
    const Bytes layout_key = key(kMeta, "layout");
    auto stored = lookup(layout_key);
    if (!stored) return stored.error();
    uint64_t layout = 1;
    leveldb::WriteBatch batch;
    if (*stored) {
        Reader r(**stored);
        if (!r.u64("layout", layout) || !r.finish()) return damaged(layout_key, r.error());
        if (layout == kLayoutVersion) return Status();
        if (layout > kLayoutVersion) {
            return damaged(layout_key, "layout " + std::to_string(layout) + " is not one this version reads (" +
                                           std::to_string(kLayoutVersion) + ")");
        }
    }
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    if (layout == 1) {
        // Layout 1 kept each balance twice, as an 's' record and as its newest 'v' version, always equal
        // (written in the same batch): drop the 's' copies.
        const Bytes prefix = {static_cast<uint8_t>(kState), static_cast<uint8_t>(KeyPrefix::balance)};
        for (it->Seek(slice(prefix)); it->Valid() && starts_with(it->key(), prefix); it->Next())
            batch.Delete(it->key());
        if (!it->status().ok()) return read_failed(it->status(), "balance records of layout 1");
    }
    // Layouts 1 and 2 kept no KYC history: each account's current attestation becomes its first version, at
    // the height it was made. Attestations it replaced are not known (docs/state.md).
    {
        std::unique_ptr<leveldb::Iterator> accounts(db_->NewIterator(read_options()));
        const Bytes prefix = {static_cast<uint8_t>(kState), static_cast<uint8_t>(KeyPrefix::account)};
        for (accounts->Seek(slice(prefix)); accounts->Valid() && starts_with(accounts->key(), prefix); accounts->Next()) {
            const Bytes k = bytes(accounts->key());
            Account account;
            if (k.size() != 34 || !Account::decode(view(accounts->value()), account))
                return damaged(k, "not an account record");
            if (!account.kyc) continue;
            AccountId id;
            std::copy(k.begin() + 2, k.end(), id.begin());
            batch.Put(slice(kyc_history_key(id, account.kyc->attested_height)),
                      slice(encode_kyc_version(account.kyc)));
        }
        if (!accounts->status().ok()) return read_failed(accounts->status(), "account records of an older layout");
    }
    // Layouts 1 and 2 kept no asset history: it starts at the stored height, with the records as they are.
    const Bytes assets = {static_cast<uint8_t>(kState), static_cast<uint8_t>(KeyPrefix::asset)};
    for (it->Seek(slice(assets)); it->Valid() && starts_with(it->key(), assets); it->Next()) {
        if (it->key().size() != 6) return damaged(view(it->key()), "not an asset state key");
        const AssetId id = static_cast<AssetId>(get_be(reinterpret_cast<const uint8_t*>(it->key().data()) + 2, 4));
        batch.Put(slice(asset_history_key(id, height())), it->value());
    }
    if (!it->status().ok()) return read_failed(it->status(), "asset records");
    batch.Put(slice(key(kMeta, "asset_history_from")), slice(u64_value(height())));
    batch.Put(slice(layout_key), slice(u64_value(kLayoutVersion)));
    leveldb::WriteOptions wo;
    wo.sync = options_.sync;
    leveldb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return io_error(s, "upgrading the database layout");
    return Status();
}

leveldb::ReadOptions Store::read_options() const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = options_.verify_checksums;
    return ro;
}

Result<std::optional<Bytes>> Store::lookup(const Bytes& k) const {
    std::string value;
    leveldb::Status s = db_->Get(read_options(), slice(k), &value);
    if (s.IsNotFound()) return std::optional<Bytes>();
    if (!s.ok()) return read_failed(s, describe_key(k));
    return std::optional<Bytes>(Bytes(value.begin(), value.end()));
}

Result<Bytes> Store::block_record(const Bytes& k, Height height, Height needed_from) const {
    auto v = lookup(k);
    if (!v) return v.error();
    if (*v) return std::move(**v);
    const Height stored = stored_height_.load();
    if (stored != kNoChain && height >= needed_from && height <= stored) {
        return damaged(k, "missing, though the chain is stored up to block " + std::to_string(stored));
    }
    return make_error(Reason::NOT_FOUND, describe_key(k) + " not found");
}

Status Store::commit_genesis(const std::string& genesis_json, const BlockHeader& header,
                             const StateWrites& state) {
    if (initialized()) return make_error(Reason::INVALID_ARGUMENT, "database already holds a chain");
    leveldb::WriteBatch batch;
    batch.Put(slice(key(kMeta, "genesis")), genesis_json);
    batch.Put(slice(key(kMeta, "chain_id")), slice(Bytes(header.chain_id.begin(), header.chain_id.end())));
    batch.Put(slice(height_key(kHeader, 0)), slice(header.encode()));
    batch.Put(slice(height_key(kBody, 0)), slice(Block{}.encode_body()));
    batch.Put(slice(fixed_key(kBlockHash, header.hash())), slice(u64_value(0)));
    if (Status st = add_state_writes(batch, state, 0); !st) return st;
    batch.Put(slice(key(kMeta, "layout")), slice(u64_value(kLayoutVersion)));
    batch.Put(slice(key(kMeta, "height")), slice(u64_value(0)));
    leveldb::WriteOptions wo;
    wo.sync = options_.sync;
    leveldb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return io_error(s, "writing genesis");
    stored_height_ = 0;
    return Status();
}

Status Store::commit_block(const Block& block, const CommitCertificate& commit,
                           const ExecutionResult& result) {
    const Height h = block.header.height;
    if (!initialized() || h != height() + 1)
        return make_error(Reason::INVALID_ARGUMENT, "block does not extend the stored chain");
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
        for (const auto& account : result.receipts[i].accounts)
            batch.Put(slice(history_key(account, h, i)), slice(kEmpty));
    }
    if (Status st = add_state_writes(batch, result.writes, h); !st) return st;
    batch.Put(slice(key(kMeta, "height")), slice(u64_value(h)));
    leveldb::WriteOptions wo;
    wo.sync = options_.sync;
    leveldb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return io_error(s, "committing block " + std::to_string(h));
    stored_height_ = h;
    return Status();
}

Result<std::optional<Bytes>> Store::validator_set_proof(uint32_t index) const {
    Bytes k = key(kValidatorSetProof);
    put_be32(k, index);
    return lookup(k);
}

Status Store::put_validator_set_proof(uint32_t index, const Bytes& proof) {
    Bytes k = key(kValidatorSetProof);
    put_be32(k, index);
    leveldb::WriteOptions wo;
    wo.sync = options_.sync;
    leveldb::Status s = db_->Put(wo, slice(k), slice(proof));
    if (!s.ok()) return io_error(s, "writing a validator set proof");
    return Status();
}

Result<std::string> Store::genesis_json() const {
    const Bytes k = key(kMeta, "genesis");
    auto v = lookup(k);
    if (!v) return v.error();
    if (!*v) {
        if (initialized()) return damaged(k, "missing, though the database holds a chain");
        return make_error(Reason::NOT_FOUND, describe_key(k) + " not found");
    }
    return std::string((*v)->begin(), (*v)->end());
}

Result<BlockHeader> Store::header(Height height) const {
    const Bytes k = height_key(kHeader, height);
    auto v = block_record(k, height, 0);
    if (!v) return v.error();
    auto header = BlockHeader::decode(*v);
    if (!header) return damaged(k, header.error().message);
    if (header->height != height)
        return damaged(k, "holds the header of block " + std::to_string(header->height));
    return header;
}

Result<std::vector<TxPtr>> Store::body(Height height) const {
    const Bytes k = height_key(kBody, height);
    auto v = block_record(k, height, 0);
    if (!v) return v.error();
    auto body = Block::decode_body(*v);
    if (!body) return damaged(k, body.error().message);
    return body;
}

Result<CommitCertificate> Store::commit(Height height) const {
    const Bytes k = height_key(kCommit, height);
    auto v = block_record(k, height, 1);  // block 0 is the chain's definition: it has no certificate
    if (!v) return v.error();
    auto cert = CommitCertificate::decode(*v);
    if (!cert) return damaged(k, cert.error().message);
    return cert;
}

Result<std::vector<Receipt>> Store::receipts(Height height) const {
    const Bytes k = height_key(kReceipts, height);
    auto v = block_record(k, height, 1);  // block 0 executes no tx
    if (!v) return v.error();
    std::vector<Receipt> out;
    std::string why;
    if (!decode_receipts(*v, out, why)) return damaged(k, why);
    return out;
}

Result<std::optional<Height>> Store::height_of(const BlockHash& hash) const {
    const Bytes k = fixed_key(kBlockHash, hash);
    auto v = lookup(k);
    if (!v) return v.error();
    if (!*v) return std::optional<Height>();
    Reader r(**v);
    Height h;
    if (!r.u64("height", h) || !r.finish()) return damaged(k, r.error());
    return std::optional<Height>(h);
}

Result<std::optional<TxLocation>> Store::find_tx(const TxHash& hash) const {
    const Bytes k = fixed_key(kTx, hash);
    auto v = lookup(k);
    if (!v) return v.error();
    if (!*v) return std::optional<TxLocation>();
    Reader r(**v);
    TxLocation loc;
    if (!r.u64("height", loc.height) || !r.u32("index", loc.index) || !r.finish())
        return damaged(k, r.error());
    return std::optional<TxLocation>(loc);
}

Status Store::for_each_state(const std::function<void(Bytes, Bytes)>& fn) const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;
    // Two ranges merged in state-key order: the 's' records and, where the balance keys (prefix 0x05) fall
    // among them, the newest version of each holding in 'v'.
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(ro));
    const Bytes prefix = key(kState);
    Bytes last = prefix;
    bool balances_done = false;
    for (it->Seek(slice(prefix)); it->Valid() && starts_with(it->key(), prefix); it->Next()) {
        Bytes k = bytes(it->key());
        if (k.size() == prefix.size()) return damaged(k, "a state record without a state key");
        if (k[1] == static_cast<uint8_t>(KeyPrefix::balance)) {
            return damaged(
                k, "a balance kept as a state record (its leaf is its newest balance history version)");
        }
        if (!balances_done && k[1] > static_cast<uint8_t>(KeyPrefix::balance)) {
            if (Status st = for_each_balance_leaf(fn); !st) return st;
            balances_done = true;
        }
        last = k;
        k.erase(k.begin());
        fn(std::move(k), bytes(it->value()));
    }
    if (!it->status().ok()) return read_failed(it->status(), "state records after " + describe_key(last));
    if (!balances_done) return for_each_balance_leaf(fn);
    return Status();
}

Status Store::for_each_balance_leaf(const std::function<void(Bytes, Bytes)>& fn) const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(ro));
    const Bytes prefix = key(kBalanceHistory);
    constexpr size_t kKeySize = 1 + 4 + 32 + 8;
    Bytes last = prefix;
    it->Seek(slice(prefix));
    while (it->Valid() && starts_with(it->key(), prefix)) {
        const Bytes k = bytes(it->key());
        if (k.size() != kKeySize) {
            return damaged(k, "not a balance history key (" + std::to_string(k.size()) + " bytes)");
        }
        last = k;
        // A holding's first version is its newest (~height order): the balance in force now.
        const Bytes value = bytes(it->value());
        Balance b;
        if (!Balance::decode(value, b)) return damaged(k, "the balance record does not decode");
        const Bytes holding(k.begin(), k.end() - 8);  // prefix, asset, account
        if (!b.empty()) {
            Bytes state_key = holding;
            state_key[0] = static_cast<uint8_t>(KeyPrefix::balance);
            fn(std::move(state_key), value);
        }
        // Past the holding's older versions: step over a few (most holdings have few), then seek over the
        // rest.
        it->Next();
        for (int steps = 0; steps < 8 && it->Valid() && starts_with(it->key(), holding); ++steps) it->Next();
        if (it->Valid() && starts_with(it->key(), holding)) {
            Bytes oldest = holding;
            put_be64(oldest, UINT64_MAX);  // ~0: the version of height 0, the last of the holding
            it->Seek(slice(oldest));
            while (it->Valid() && starts_with(it->key(), holding)) it->Next();
        }
    }
    if (!it->status().ok()) return read_failed(it->status(), "balance history after " + describe_key(last));
    return Status();
}

Result<std::optional<Bytes>> Store::state_record(ByteView state_key) const {
    AssetId asset;
    AccountId account;
    if (state_key::parse_balance(state_key, asset, account)) {
        if (!initialized()) return std::optional<Bytes>();
        auto b = balance_at(asset, account, height());
        if (!b) return b.error();
        if (b->empty()) return std::optional<Bytes>();
        return std::optional<Bytes>(b->encode());
    }
    Bytes k = key(kState);
    k.insert(k.end(), state_key.begin(), state_key.end());
    return lookup(k);
}

Store::Footprint Store::footprint() const {
    Footprint f;
    std::string value;
    if (db_->GetProperty("leveldb.approximate-memory-usage", &value)) f.memory_bytes = std::stoull(value);
    for (int level = 0; level < 7; ++level) {
        if (db_->GetProperty("leveldb.num-files-at-level" + std::to_string(level), &value)) {
            f.table_files += std::stoull(value);
        }
    }
    return f;
}

}  // namespace folio

#include "chain/store_audit.h"

#include <leveldb/db.h>
#include <leveldb/iterator.h>

#include <algorithm>

#include "chain/genesis.h"
#include "chain/state_proof.h"
#include "chain/store_keys.h"
#include "chain/validator_set_state.h"

namespace folio {
using namespace store_detail;
namespace {

// ---- The grammar of each prefix (chain/store.h): how its records decode, whether the replay reproduces
// them, and the height a record belongs to. One row per prefix; a prefix without a row is damage.

using Why = std::optional<std::string>;

Why fixed_key_size(ByteView rest, size_t size) {
    if (rest.size() == size) return std::nullopt;
    return "the key has " + std::to_string(rest.size()) + " bytes after its prefix, not " +
           std::to_string(size);
}

std::optional<Height> key_height(ByteView rest, ByteView) {
    if (rest.size() < 8) return std::nullopt;
    return get_be(rest.data(), 8);
}

std::optional<Height> value_height(ByteView, ByteView value) {
    if (value.size() < 8) return std::nullopt;
    Reader r(value);
    Height h = 0;
    if (!r.u64("height", h)) return std::nullopt;
    return h;
}

std::optional<Height> history_height(ByteView rest, ByteView) {
    if (rest.size() != 44) return std::nullopt;
    return get_be(rest.data() + 32, 8);
}

std::optional<Height> balance_history_height(ByteView rest, ByteView) {
    if (rest.size() != 44) return std::nullopt;
    return UINT64_MAX - get_be(rest.data() + 36, 8);
}

std::optional<Height> kyc_history_height(ByteView rest, ByteView) {
    if (rest.size() != 40) return std::nullopt;
    return UINT64_MAX - get_be(rest.data() + 32, 8);
}

std::optional<Height> asset_history_height(ByteView rest, ByteView) {
    if (rest.size() != 12) return std::nullopt;
    return UINT64_MAX - get_be(rest.data() + 4, 8);
}

std::optional<Height> no_height(ByteView, ByteView) {
    return std::nullopt;
}

Why u64_record(ByteView value, const char* field) {
    Reader r(value);
    uint64_t v = 0;
    if (!r.u64(field, v) || !r.finish()) return r.error();
    return std::nullopt;
}

Why check_meta(ByteView rest, ByteView value) {
    const std::string name(rest.begin(), rest.end());
    if (name == "height") return u64_record(value, "height");
    if (name == "asset_history_from") return u64_record(value, "asset_history_from");
    if (name == "layout") {
        Reader r(value);
        uint64_t layout = 0;
        if (!r.u64("layout", layout) || !r.finish()) return r.error();
        if (layout != kLayoutVersion)
            return "layout " + std::to_string(layout) + " is not " + std::to_string(kLayoutVersion);
        return std::nullopt;
    }
    if (name == "chain_id") {
        if (value.size() != 32) return "a chain id of " + std::to_string(value.size()) + " bytes";
        return std::nullopt;
    }
    if (name == "genesis") {
        auto g = parse_genesis(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
        if (!g) return "the genesis does not parse: " + g.error().message;
        return std::nullopt;
    }
    return "an unknown meta record";
}

Why check_header(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 8)) return w;
    auto h = BlockHeader::decode(value);
    if (!h) return h.error().message;
    if (h->height != get_be(rest.data(), 8)) return "holds the header of block " + std::to_string(h->height);
    return std::nullopt;
}

Why check_body(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 8)) return w;
    auto b = Block::decode_body(value);
    if (!b) return b.error().message;
    return std::nullopt;
}

Why check_commit(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 8)) return w;
    auto c = CommitCertificate::decode(value);
    if (!c) return c.error().message;
    if (c->height != get_be(rest.data(), 8))
        return "holds the certificate of block " + std::to_string(c->height);
    return std::nullopt;
}

Why check_receipts(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 8)) return w;
    std::vector<Receipt> receipts;
    std::string why;
    if (!decode_receipts(value, receipts, why)) return why;
    return std::nullopt;
}

Why check_block_hash(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 32)) return w;
    return u64_record(value, "height");
}

Why check_tx_index(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 32)) return w;
    Reader r(value);
    uint64_t height = 0;
    uint32_t index = 0;
    if (!r.u64("height", height) || !r.u32("index", index) || !r.finish()) return r.error();
    return std::nullopt;
}

Why check_state(ByteView rest, ByteView value) {
    if (rest.empty()) return std::string("a state record without a state key");
    const auto prefix = static_cast<KeyPrefix>(rest[0]);
    if (prefix == KeyPrefix::balance) return std::string("a balance kept as a state record");
    // The records with a decoder in chain/ are decoded; the others (contracts' records) are compared byte for
    // byte with the replay's, which executed the same ops.
    switch (prefix) {
        case KeyPrefix::account: {
            Account a;
            if (!Account::decode(value, a)) return std::string("the account record does not decode");
            break;
        }
        case KeyPrefix::asset: {
            Asset a;
            if (!Asset::decode(value, a)) return std::string("the asset record does not decode");
            break;
        }
        case KeyPrefix::validator_set: {
            ValidatorSetChange c;
            if (!ValidatorSetChange::decode(value, c))
                return std::string("the validator set change does not decode");
            break;
        }
        default:
            break;
    }
    return std::nullopt;
}

Why check_history(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 44)) return w;
    if (!value.empty()) return std::string("a history entry holds no value");
    return std::nullopt;
}

Why check_balance_history(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 44)) return w;
    Balance b;
    if (!Balance::decode(value, b)) return std::string("the balance record does not decode");
    return std::nullopt;
}

Why check_kyc_history(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 40)) return w;
    std::optional<Kyc> kyc;
    std::string why;
    if (!decode_kyc_version(value, kyc, why)) return "the KYC version does not decode: " + why;
    return std::nullopt;
}

Why check_asset_history(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 12)) return w;
    Asset a;
    if (!value.empty() && !Asset::decode(value, a)) return std::string("the asset record does not decode");
    return std::nullopt;
}

Why check_set_proof(ByteView rest, ByteView value) {
    if (Why w = fixed_key_size(rest, 4)) return w;
    std::string why;
    if (!StateProof::decode(value, &why)) return "the proof does not decode: " + why;
    return std::nullopt;
}

struct Grammar {
    char prefix;
    // The replay writes it too (consensus data and the indexes of commit_block); false: derived by the node
    // after a commit, only decoded.
    bool compared;
    Why (*check)(ByteView rest, ByteView value);
    std::optional<Height> (*height)(ByteView rest, ByteView value);
};

constexpr Grammar kGrammar[] = {
    {kMeta, true, check_meta, no_height},
    {kHeader, true, check_header, key_height},
    {kBody, true, check_body, key_height},
    {kCommit, true, check_commit, key_height},
    {kReceipts, true, check_receipts, key_height},
    {kBlockHash, true, check_block_hash, value_height},
    {kTx, true, check_tx_index, value_height},
    {kState, true, check_state, no_height},
    {kHistory, true, check_history, history_height},
    {kBalanceHistory, true, check_balance_history, balance_history_height},
    {kKycHistory, true, check_kyc_history, kyc_history_height},
    {kAssetHistory, true, check_asset_history, asset_history_height},
    {kValidatorSetProof, false, check_set_proof, no_height},
};

const Grammar* grammar_of(ByteView key) {
    if (key.empty()) return nullptr;
    for (const Grammar& g : kGrammar) {
        if (static_cast<uint8_t>(g.prefix) == key[0]) return &g;
    }
    return nullptr;
}

// ---- Findings

std::string shortened_hex(ByteView v) {
    constexpr size_t kMaxShown = 256;  // bytes
    if (v.size() <= kMaxShown) return to_hex(v);
    return to_hex(v.subspan(0, kMaxShown)) + "... (" + std::to_string(v.size()) + " bytes)";
}

// The tx a differing record concerns, when the record names one.
std::optional<uint32_t> tx_of(ByteView key, ByteView stored, ByteView replayed) {
    if (key.empty()) return std::nullopt;
    const ByteView rest = key.subspan(1);
    switch (static_cast<char>(key[0])) {
        case kHistory:
            if (rest.size() == 44) return static_cast<uint32_t>(get_be(rest.data() + 40, 4));
            return std::nullopt;
        case kTx: {
            Reader r(stored.size() == 12 ? stored : replayed);
            uint64_t height = 0;
            uint32_t index = 0;
            if (r.u64("height", height) && r.u32("index", index) && r.finish()) return index;
            return std::nullopt;
        }
        case kReceipts: {
            std::vector<Receipt> a, b;
            std::string why;
            if (!decode_receipts(stored, a, why)) return std::nullopt;
            if (!decode_receipts(replayed, b, why)) return std::nullopt;
            const size_t n = std::min(a.size(), b.size());
            for (size_t i = 0; i < n; ++i) {
                if (a[i].encode_result() != b[i].encode_result() || a[i].accounts != b[i].accounts)
                    return static_cast<uint32_t>(i);
            }
            return static_cast<uint32_t>(n);
        }
        default:
            return std::nullopt;
    }
}

StoreFinding finding(ByteView key, std::optional<Height> height, std::string why,
                     std::optional<ByteView> stored, std::optional<ByteView> replayed) {
    StoreFinding f;
    f.key_hex = to_hex(key);
    f.what = describe_key(key);
    f.height = height;
    f.why = std::move(why);
    if (stored) f.stored = shortened_hex(*stored);
    if (replayed) f.replayed = shortened_hex(*replayed);
    if (stored && replayed) f.tx = tx_of(key, *stored, *replayed);
    return f;
}

leveldb::ReadOptions checked_reads() {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;
    return ro;
}

}  // namespace

AuditedStore::~AuditedStore() = default;

Result<std::unique_ptr<AuditedStore>> AuditedStore::open(const std::string& path) {
    leveldb::Options opts;
    opts.create_if_missing = false;
    opts.paranoid_checks = true;
    // Opening writes the log's records to a table file: as the node writes its tables (chain/store.cpp),
    // uncompressed, rather than spend the audit's CPU on snappy for hashes that do not compress.
    opts.compression = leveldb::kNoCompression;
    leveldb::DB* db = nullptr;
    leveldb::Status s = leveldb::DB::Open(opts, path, &db);
    if (!s.ok()) {
        const std::string text = s.ToString();
        // LevelDB's own lock (DIR/LOCK, an fcntl lock held by the process that opened the database).
        if (s.IsIOError() && text.find("/LOCK") != std::string::npos) {
            return make_error(Reason::UNAVAILABLE,
                              "the database " + path + " is locked by another process: " + text);
        }
        if (s.IsInvalidArgument() && text.find("does not exist") != std::string::npos) {
            return make_error(Reason::NOT_FOUND, "no database at " + path + ": " + text);
        }
        return io_error(s, "cannot open database " + path);
    }
    std::unique_ptr<AuditedStore> store(new AuditedStore());
    store->db_.reset(db);
    return store;
}

Result<std::optional<Bytes>> AuditedStore::get(const Bytes& k) const {
    std::string value;
    leveldb::Status s = db_->Get(checked_reads(), slice(k), &value);
    if (s.IsNotFound()) return std::optional<Bytes>();
    if (!s.ok()) return read_failed(s, describe_key(k));
    return std::optional<Bytes>(Bytes(value.begin(), value.end()));
}

Result<Bytes> AuditedStore::required(const Bytes& k) const {
    auto v = get(k);
    if (!v) return v.error();
    if (!*v) return damaged(k, "missing");
    return std::move(**v);
}

Result<Height> AuditedStore::height() const {
    const Bytes k = key(kMeta, "height");
    auto v = required(k);
    if (!v) return v.error();
    Reader r(*v);
    Height h = 0;
    if (!r.u64("height", h) || !r.finish()) return damaged(k, r.error());
    return h;
}

Result<std::string> AuditedStore::genesis_json() const {
    auto v = required(key(kMeta, "genesis"));
    if (!v) return v.error();
    return std::string(v->begin(), v->end());
}

Result<BlockHeader> AuditedStore::header(Height height) const {
    const Bytes k = height_key(kHeader, height);
    auto v = required(k);
    if (!v) return v.error();
    if (Why w = check_header(ByteView(k).subspan(1), *v)) return damaged(k, *w);
    return BlockHeader::decode(*v);
}

Result<SourcedBlock> AuditedStore::block(Height height) {
    SourcedBlock out;
    auto header = this->header(height);
    if (!header) return header.error();
    out.block.header = std::move(header).value();
    const Bytes body_key = height_key(kBody, height);
    auto body = required(body_key);
    if (!body) return body.error();
    auto txs = Block::decode_body(*body);
    if (!txs) return damaged(body_key, txs.error().message);
    out.block.txs = std::move(txs).value();
    const Bytes commit_key = height_key(kCommit, height);
    auto commit = required(commit_key);
    if (!commit) return commit.error();
    auto cert = CommitCertificate::decode(*commit);
    if (!cert) return damaged(commit_key, cert.error().message);
    out.commit = std::move(cert).value();
    return out;
}

Result<ScanReport> AuditedStore::scan(const std::string& replayed_path, Height to,
                                      const std::function<void(uint64_t)>& progress) const {
    auto stored_height = height();
    if (!stored_height) return stored_height.error();
    const bool whole_chain = to == *stored_height;

    leveldb::Options ro_opts;
    ro_opts.create_if_missing = false;
    ro_opts.compression = leveldb::kNoCompression;
    leveldb::DB* raw = nullptr;
    leveldb::Status st = leveldb::DB::Open(ro_opts, replayed_path, &raw);
    if (!st.ok()) return io_error(st, "cannot open the replay's database " + replayed_path);
    std::unique_ptr<leveldb::DB> replayed(raw);

    ScanReport report;
    std::unique_ptr<leveldb::Iterator> a(db_->NewIterator(checked_reads()));
    std::unique_ptr<leveldb::Iterator> b(replayed->NewIterator(checked_reads()));
    a->SeekToFirst();
    b->SeekToFirst();
    Bytes last_key;

    // A difference at `height` (none: a record without one, which belongs to the end of the chain).
    auto differ = [&](ByteView k, std::optional<Height> height, std::string why,
                      std::optional<ByteView> stored, std::optional<ByteView> replay) {
        ++report.differences;
        const Height rank = height.value_or(to);
        if (!report.discrepancy || rank < report.discrepancy->height.value_or(to)) {
            report.discrepancy = finding(k, height, std::move(why), stored, replay);
        }
    };

    while (a->Valid() || b->Valid()) {
        const int order = !a->Valid() ? 1 : !b->Valid() ? -1 : a->key().compare(b->key());
        if (order > 0) {
            // Only in the replay: the node lacks a record its blocks should have written.
            const ByteView k = view(b->key());
            const Grammar* g = grammar_of(k);
            const std::optional<Height> h = g ? g->height(k.subspan(1), view(b->value())) : std::nullopt;
            if ((g == nullptr || g->compared) && (h ? *h <= to : whole_chain)) {
                differ(k, h, "missing from the store (the replay wrote it)", std::nullopt, view(b->value()));
            }
            b->Next();
            continue;
        }
        const ByteView k = view(a->key());
        const ByteView v = view(a->value());
        last_key.assign(k.begin(), k.end());
        ++report.records;
        const Grammar* g = grammar_of(k);
        if (g == nullptr) {
            report.damage =
                finding(k, std::nullopt, "a key prefix this version does not know", v, std::nullopt);
            return report;
        }
        ++report.records_by_prefix[g->prefix];
        const ByteView rest = k.subspan(1);
        if (Why why = g->check(rest, v)) {
            report.damage = finding(k, g->height(rest, v), "does not decode: " + *why, v, std::nullopt);
            return report;
        }
        const std::optional<Height> h = g->height(rest, v);
        const bool in_range = h ? *h <= to : whole_chain;
        if (g->compared && in_range) {
            ++report.compared;
            if (order < 0) {
                differ(k, h, "not produced by the replay", v, std::nullopt);
            } else if (a->value() != b->value()) {
                differ(k, h, "differs from the replay", v, view(b->value()));
            }
        }
        if (order == 0) b->Next();
        a->Next();
        if (progress && report.records % 65536 == 0) progress(report.records);
    }
    // LevelDB's iterator skips a block it cannot read and only remembers why.
    if (!a->status().ok()) {
        StoreFinding f;
        f.key_hex = to_hex(last_key);
        f.what = last_key.empty() ? std::string("the first records")
                                  : "the records after " + describe_key(last_key);
        f.why = "unreadable: " + a->status().ToString();
        report.damage = std::move(f);
        return report;
    }
    if (!b->status().ok()) return io_error(b->status(), "reading the replay's database " + replayed_path);
    if (progress) progress(report.records);
    return report;
}

}  // namespace folio

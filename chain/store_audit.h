// A node's database read for an audit: opened without creating anything, with paranoid checks, every read
// verifying checksums; its blocks served to the replay (chain/replay.h); and the whole database scanned in
// key order, each record decoded by its prefix's grammar and compared with the replay's database.
//
// The comparison is generic, by key ranges: the replay writes its database with the same Store::commit_block
// the node uses, so every record a block writes (header, body, certificate, receipts, the tx, history and
// balance history indexes, and any index added to commit_block later) exists in both, and the two are walked
// side by side. A record in one and not the other is a discrepancy like a differing value, so counts are
// compared too. Which prefixes are compared, and how a record's height is found, is one table in
// store_audit.cpp (kGrammar): a new prefix in chain/store.h needs one row there, and an unknown prefix is
// reported as damage.
//
// Thread safety: none; one thread uses an AuditedStore.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "chain/replay.h"

namespace leveldb {
class DB;
}

namespace folio {

// What the scan found: the first record that is damaged, or else the discrepancy with the lowest height.
struct StoreFinding {
    std::string key_hex;
    std::string what;  // the record, as the store names it ("receipts of block 5 (key ...)")
    std::optional<Height> height;
    std::optional<uint32_t> tx;  // the tx of that block it concerns, when one can be named
    std::string why;     // "does not decode: ...", "differs from the replay", "not produced by the replay"...
    std::string stored;  // hex of the stored value ("" when absent), shortened when long
    std::string replayed;  // the same for the replay's
};

struct ScanReport {
    uint64_t records = 0;  // records read in the audited database
    std::map<char, uint64_t> records_by_prefix;
    uint64_t compared = 0;               // records compared with the replay's
    uint64_t differences = 0;            // records that differ or exist on one side only
    std::optional<StoreFinding> damage;  // a record that cannot be read or decoded: the scan stopped there
    std::optional<StoreFinding> discrepancy;  // the lowest-height difference with the replay
    bool ok() const { return !damage && !discrepancy; }
};

class AuditedStore final : public BlockSource {
  public:
    // Opens the database at `path`: create_if_missing off, paranoid checks on. UNAVAILABLE when another
    // process holds the database's lock (a running node); NOT_FOUND when there is no database; CORRUPTION
    // when LevelDB finds damage in its files while opening (the message names the file); IO_ERROR otherwise.
    static Result<std::unique_ptr<AuditedStore>> open(const std::string& path);
    ~AuditedStore() override;

    // The stored height ('M' "height") and genesis text ('M' "genesis").
    Result<Height> height() const;
    Result<std::string> genesis_json() const;
    Result<BlockHeader> header(Height height) const;
    // Header, body and certificate of a block, each read with checksums and decoded; CORRUPTION names the
    // key.
    Result<SourcedBlock> block(Height height) override;

    // Reads every record in key order (checksums verified), decodes each by its prefix's grammar, and walks
    // the replay's database at `replayed_path` beside it. Records of heights above `to` are only decoded;
    // records without a height (state leaves, meta) are compared only when `to` is the stored height.
    // `progress` gets the records read so far, now and then. An error: the replay's database could not be
    // read (damage in the audited one is a finding, not an error).
    Result<ScanReport> scan(const std::string& replayed_path, Height to,
                            const std::function<void(uint64_t records)>& progress) const;

  private:
    AuditedStore() = default;
    Result<std::optional<Bytes>> get(const Bytes& key) const;
    Result<Bytes> required(const Bytes& key) const;

    std::unique_ptr<leveldb::DB> db_;
};

}  // namespace folio

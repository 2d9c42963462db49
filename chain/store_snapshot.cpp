// Store::RecordSnapshot and the raw record writes of a restore (chain/store.h, "Backups and restores").
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include "chain/encoding.h"
#include "chain/store.h"
#include "chain/store_keys.h"

namespace folio {
using namespace store_detail;

std::unique_ptr<Store::RecordSnapshot> Store::record_snapshot() const {
    return std::unique_ptr<RecordSnapshot>(new RecordSnapshot(*db_, db_->GetSnapshot()));
}

Store::RecordSnapshot::~RecordSnapshot() {
    db_.ReleaseSnapshot(snapshot_);
}

Result<BlockHeader> Store::RecordSnapshot::head() const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.snapshot = snapshot_;
    const Bytes height_key_bytes = key(kMeta, "height");
    std::string value;
    leveldb::Status s = db_.Get(ro, slice(height_key_bytes), &value);
    if (s.IsNotFound()) return make_error(Reason::NOT_FOUND, "the database holds no chain");
    if (!s.ok()) return read_failed(s, describe_key(height_key_bytes));
    Reader r(as_bytes(value));
    Height height = 0;
    if (!r.u64("height", height) || !r.finish()) return damaged(height_key_bytes, r.error());
    const Bytes header_key = height_key(kHeader, height);
    s = db_.Get(ro, slice(header_key), &value);
    if (s.IsNotFound()) return damaged(header_key, "missing, though it is the stored height's");
    if (!s.ok()) return read_failed(s, describe_key(header_key));
    auto header = BlockHeader::decode(as_bytes(value));
    if (!header) return damaged(header_key, header.error().message);
    if (header->height != height) {
        return damaged(header_key, "holds the header of block " + std::to_string(header->height));
    }
    return header;
}

Status Store::RecordSnapshot::for_each(const std::function<Status(ByteView key, ByteView value)>& fn) const {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;  // a whole-database scan would only evict what the node reads
    ro.snapshot = snapshot_;
    std::unique_ptr<leveldb::Iterator> it(db_.NewIterator(ro));
    Bytes last;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (Status st = fn(view(it->key()), view(it->value())); !st) return st;
        last = bytes(it->key());
    }
    if (!it->status().ok()) {
        return read_failed(it->status(), last.empty() ? std::string("the first record")
                                                      : "the record after " + describe_key(last));
    }
    return Status();
}

Status Store::put_records(const std::vector<std::pair<Bytes, Bytes>>& records) {
    if (initialized())
        return make_error(Reason::INVALID_ARGUMENT, "a restore writes only into an empty database");
    leveldb::WriteBatch batch;
    for (const auto& [k, v] : records) batch.Put(slice(k), slice(v));
    leveldb::Status s = db_->Write(leveldb::WriteOptions(), &batch);
    if (!s.ok()) return io_error(s, "writing restored records");
    return Status();
}

Status Store::sync_records() {
    // A synced write makes the log durable up to it, and with it every unsynced write before.
    leveldb::WriteOptions wo;
    wo.sync = true;
    leveldb::WriteBatch empty;
    leveldb::Status s = db_->Write(wo, &empty);
    if (!s.ok()) return io_error(s, "syncing restored records");
    return Status();
}

}  // namespace folio

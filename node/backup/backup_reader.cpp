#include "node/backup/backup_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"

namespace folio::backup {
namespace {

Error io_error(const std::string& what, int err) {
    return make_error(Reason::IO_ERROR, what + ": " + std::generic_category().message(err));
}

}  // namespace

Result<std::unique_ptr<BackupReader>> BackupReader::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return make_error(Reason::NOT_FOUND, "backup " + path + " does not exist");
        return io_error("cannot open backup " + path, errno);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return io_error("cannot stat backup " + path, err);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return make_error(Reason::INVALID_ARGUMENT, "backup " + path + " is not a regular file");
    }
    std::unique_ptr<BackupReader> reader(new BackupReader(path, fd, static_cast<uint64_t>(st.st_size)));
    if (Status s = reader->check_header(); !s) return s.error();
    return reader;
}

BackupReader::~BackupReader() {
    if (fd_ >= 0) ::close(fd_);
}

Error BackupReader::damaged(uint64_t offset, const std::string& why) const {
    return make_error(Reason::CORRUPTION,
                      "backup " + path_ + " is damaged at offset " + std::to_string(offset) + ": " + why);
}

Status BackupReader::read_at(uint64_t offset, size_t n, Bytes& out) const {
    out.resize(n);
    for (size_t done = 0; done < n;) {
        const ssize_t got = ::pread(fd_, out.data() + done, n - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return io_error("cannot read backup " + path_, errno);
        if (got == 0) return damaged(offset + done, "the file ends here (truncated)");
        done += static_cast<size_t>(got);
    }
    return Status();
}

Status BackupReader::check_header() {
    if (size_ < sizeof kMagic) return damaged(0, "too short to be a Folio backup");
    Bytes bytes;
    if (Status s = read_at(0, sizeof kMagic, bytes); !s) return s;
    if (!std::equal(bytes.begin(), bytes.end(), kMagic)) {
        return damaged(0, "not a Folio backup (magic " + to_hex(bytes) + ", expected \"FOLIOBKP\")");
    }
    if (Status s = read_at(0, kHeaderBytes, bytes); !s) return s;
    Reader r(bytes);
    ByteView magic;
    uint8_t version = 0;
    Hash256 digest{};
    r.raw("magic", sizeof kMagic, magic);
    if (!r.u8("version", version)) return damaged(8, r.error());
    if (version != kVersion) {
        return damaged(8, "format version " + std::to_string(version) + ", this foliod reads version " +
                              std::to_string(kVersion));
    }
    if (!r.fixed_bytes("chain_id", header_.chain_id) || !r.u64("height", header_.height) ||
        !r.fixed_bytes("block_hash", header_.block_hash) ||
        !r.fixed_bytes("state_root", header_.state_root) || !r.fixed_bytes("digest", digest) || !r.finish()) {
        return damaged(0, "header: " + r.error());
    }
    const Hash256 expected = crypto::sha256(ByteView(bytes).first(kHeaderBytes - kDigestBytes));
    if (digest != expected) return damaged(0, "the header's digest does not match its content");
    header_digest_ = digest;
    return Status();
}

Result<BackupSummary> BackupReader::scan(const ChunkFn* fn) const {
    BackupSummary summary;
    summary.header = header_;
    summary.bytes = size_;
    Hash256 previous = header_digest_;
    uint64_t offset = kHeaderBytes;
    Bytes last_key;
    Bytes chunk;
    std::vector<std::pair<ByteView, ByteView>> records;
    for (;;) {
        if (offset >= size_) return damaged(offset, "the file ends here without a trailer (truncated)");
        Bytes tag;
        if (Status s = read_at(offset, 1, tag); !s) return s.error();
        if (tag[0] == kTrailerTag) break;
        if (tag[0] != kChunkTag) {
            return damaged(offset, "expected a chunk ('C') or the trailer ('T'), found byte " + to_hex(tag));
        }
        const std::string what = "chunk " + std::to_string(summary.chunks + 1);
        if (Status s = read_at(offset, kChunkPrefixBytes, chunk); !s) return s.error();
        Reader prefix(chunk);
        uint8_t ignored_tag = 0;
        uint32_t count = 0, payload_bytes = 0;
        prefix.u8("tag", ignored_tag);
        prefix.u32("record_count", count);
        prefix.u32("payload_bytes", payload_bytes);
        if (count == 0 || payload_bytes > kMaxChunkPayloadBytes || count > payload_bytes / 2) {
            return damaged(offset, what + ": " + std::to_string(count) + " records in " +
                                       std::to_string(payload_bytes) +
                                       " bytes is out of the format's bounds");
        }
        const uint64_t whole = kChunkPrefixBytes + uint64_t{payload_bytes} + kDigestBytes;
        if (whole > size_ - offset) {
            return damaged(offset, what + " of " + std::to_string(whole) +
                                       " bytes runs past the end of the file "
                                       "(truncated)");
        }
        if (Status s = read_at(offset, static_cast<size_t>(whole), chunk); !s) return s.error();
        const ByteView content = ByteView(chunk).first(static_cast<size_t>(whole) - kDigestBytes);
        const Hash256 digest = chained_digest(previous, content);
        if (!std::equal(digest.begin(), digest.end(),
                        chunk.end() - static_cast<std::ptrdiff_t>(kDigestBytes))) {
            return damaged(offset,
                           what +
                               ": its digest does not match (damaged, or a chunk is missing, repeated or "
                               "out of place)");
        }
        records.clear();
        Reader r(content.subspan(kChunkPrefixBytes));
        for (uint32_t i = 0; i < count; ++i) {
            uint64_t key_bytes = 0, value_bytes = 0;
            ByteView key, value;
            if (!r.varint_max("key_bytes", kMaxKeyBytes, key_bytes) || !r.raw("key", key_bytes, key) ||
                !r.varint_max("value_bytes", kMaxValueBytes, value_bytes) ||
                !r.raw("value", value_bytes, value)) {
                return damaged(offset, what + " record " + std::to_string(i + 1) + ": " + r.error());
            }
            if (key.empty())
                return damaged(offset, what + " record " + std::to_string(i + 1) + ": empty key");
            if (!last_key.empty() &&
                !std::lexicographical_compare(last_key.begin(), last_key.end(), key.begin(), key.end())) {
                return damaged(offset, what + " record " + std::to_string(i + 1) + ": key " + to_hex(key) +
                                           " is out of key order");
            }
            last_key.assign(key.begin(), key.end());
            records.emplace_back(key, value);
        }
        if (!r.finish()) return damaged(offset, what + ": " + r.error());
        if (fn != nullptr) {
            if (Status s = (*fn)(records); !s) return s.error();
        }
        previous = digest;
        ++summary.chunks;
        summary.records += count;
        offset += whole;
    }
    Bytes trailer;
    if (Status s = read_at(offset, kTrailerBytes, trailer); !s) return s.error();
    Reader r(trailer);
    uint8_t tag = 0;
    uint64_t chunks = 0, records_total = 0;
    Hash256 digest{};
    r.u8("tag", tag);
    r.u64("chunk_count", chunks);
    r.u64("record_count", records_total);
    r.fixed_bytes("digest", digest);
    if (digest != chained_digest(previous, ByteView(trailer).first(kTrailerBytes - kDigestBytes))) {
        return damaged(offset, "the trailer's digest does not match");
    }
    if (chunks != summary.chunks || records_total != summary.records) {
        return damaged(offset, "the trailer counts " + std::to_string(chunks) + " chunks and " +
                                   std::to_string(records_total) + " records, the file holds " +
                                   std::to_string(summary.chunks) + " and " +
                                   std::to_string(summary.records));
    }
    if (offset + kTrailerBytes != size_) {
        return damaged(offset + kTrailerBytes,
                       std::to_string(size_ - offset - kTrailerBytes) + " bytes after the trailer");
    }
    summary.digest = digest;
    return summary;
}

Result<BackupSummary> BackupReader::verify() const {
    return scan(nullptr);
}

Result<BackupSummary> BackupReader::for_each_chunk(const ChunkFn& fn) const {
    if (auto checked = verify(); !checked) return checked.error();
    return scan(&fn);
}

Result<BackupSummary> BackupReader::for_each_record(const RecordFn& fn) const {
    const ChunkFn per_chunk = [&fn](const std::vector<std::pair<ByteView, ByteView>>& records) -> Status {
        for (const auto& [key, value] : records) {
            if (Status s = fn(key, value); !s) return s;
        }
        return Status();
    };
    return for_each_chunk(per_chunk);
}

}  // namespace folio::backup

// The backup file: every record of a node's database at one block, in key order, cut into chunks that each
// carry a SHA-256 chained to the one before, so that damage, truncation, a dropped, repeated or reordered
// chunk are all found at the offset where they start. Integers are little-endian (chain/encoding.h).
//
//   file    := header chunk* trailer                       (nothing after the trailer)
//   header  := magic "FOLIOBKP" (8 bytes), u8 version = 1, fixed[32] chain_id, u64 height,
//              fixed[32] block_hash, fixed[32] state_root, fixed[32] digest
//              digest = SHA256(every header byte before it)
//   chunk   := u8 'C', u32 record_count (>= 1), u32 payload_bytes (<= kMaxChunkPayloadBytes),
//              payload (payload_bytes bytes), fixed[32] digest
//              digest = SHA256(previous digest || the chunk's bytes before its digest)
//   payload := record[record_count]
//   record  := varint key_bytes (1 .. kMaxKeyBytes), key, varint value_bytes (<= kMaxValueBytes), value
//   trailer := u8 'T', u64 chunk_count, u64 record_count, fixed[32] digest
//              digest = SHA256(previous digest || the trailer's bytes before its digest)
//
// Keys increase strictly across the whole file. height, block_hash and state_root are those of the last
// block the records hold (its header is among them). The records are the database's as LevelDB holds them
// (chain/store.h): blocks, state, indexes, genesis. Nothing of the data directory outside the database is in
// a backup: no keystore, password, token, config or signing safety state (docs/operations.md, "Backups").
#pragma once

#include <cstdint>

#include "chain/bytes.h"
#include "chain/types.h"

namespace folio::backup {

inline constexpr char kMagic[8] = {'F', 'O', 'L', 'I', 'O', 'B', 'K', 'P'};
inline constexpr uint8_t kVersion = 1;
inline constexpr uint8_t kChunkTag = 'C';
inline constexpr uint8_t kTrailerTag = 'T';

inline constexpr size_t kHeaderBytes = 8 + 1 + 32 + 8 + 32 + 32 + 32;
inline constexpr size_t kChunkPrefixBytes = 1 + 4 + 4;
inline constexpr size_t kDigestBytes = 32;
inline constexpr size_t kTrailerBytes = 1 + 8 + 8 + 32;

// Keys are a prefix byte and a few hashes and integers; values up to a block body (block_max_bytes is at most
// 64 MiB, chain/params.h, plus the length prefixes of its txs).
inline constexpr size_t kMaxKeyBytes = 1024;
inline constexpr size_t kMaxValueBytes = size_t{80} << 20;
// The writer closes a chunk once it holds this much; a single larger record makes a chunk of its own.
inline constexpr size_t kChunkTargetBytes = size_t{1} << 20;
inline constexpr size_t kMaxChunkPayloadBytes = kMaxValueBytes + kChunkTargetBytes + 64;

struct BackupHeader {
    ChainId chain_id{};
    Height height = 0;
    BlockHash block_hash{};
    Hash256 state_root{};

    // The header's bytes, its digest included.
    Bytes encode() const;
    bool operator==(const BackupHeader&) const = default;
};

// What a whole, checked backup file holds.
struct BackupSummary {
    BackupHeader header;
    uint64_t chunks = 0;
    uint64_t records = 0;
    uint64_t bytes = 0;
    Hash256 digest{};  // the trailer's: it covers the whole file through the chain of digests
};

// SHA256(previous || data).
Hash256 chained_digest(const Hash256& previous, ByteView data);

}  // namespace folio::backup

// DATADIR/consensus-valid-block.bin: the body of the block the safety state names as its valid block, so that
// a validator restarted after a crash can still re-propose it.
//
//   file := magic "FOLIOVBK" (8 bytes), u8 version=1, fixed[32] chain_id, u32 header_length, header,
//           u32 body_length, body (chain/block.h), fixed[32] sha256 of everything before it
//
// Written, like the safety state, beside the old file, fsynced and renamed into place, and before the safety
// state that names the block: a crash between the two leaves a block file the state does not name yet, which
// is ignored. Losing this file costs liveness only (the re-proposal is skipped and the round times out), never
// safety, so a damaged or foreign file is reported and set aside rather than stopping the validator.
#pragma once

#include <optional>
#include <string>

#include "chain/block.h"

namespace folio::privval {

inline constexpr const char* kValidBlockFileName = "consensus-valid-block.bin";

class ValidBlockFile {
  public:
    // Reads `path`: block() is the stored block, or nullopt for a missing file. A file that cannot be read or
    // decoded is nullopt too, with the reason in load_error() for the log.
    static ValidBlockFile open(std::string path, const ChainId& chain_id);

    const std::optional<Block>& block() const { return block_; }
    const std::string& load_error() const { return load_error_; }
    const std::string& path() const { return path_; }
    // The hash of the block last written or read (zero if none), so that an unchanged block is not rewritten.
    const BlockHash& stored_hash() const { return stored_hash_; }

    // Makes `block` the durable one (IO_ERROR naming the path).
    Status persist(const Block& block);

    static Bytes encode_file(const Block& block, const ChainId& chain_id);
    static Result<Block> decode_file(ByteView data, const ChainId& chain_id);

  private:
    ValidBlockFile(std::string path, ChainId chain_id) : path_(std::move(path)), chain_id_(chain_id) {}

    std::string path_;
    ChainId chain_id_{};
    std::optional<Block> block_;
    BlockHash stored_hash_{};
    std::string load_error_;
};

}  // namespace folio::privval

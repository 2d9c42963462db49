// DATADIR/consensus-safety.bin: the validator's SafetyState (node/consensus/safety_state.h), made durable
// before anything it signed leaves the node.
//
//   file := magic "FOLIOSAF" (8 bytes), u8 version=1, fixed[32] chain_id, u32 length, safety (length bytes),
//           fixed[32] sha256 of everything before it
//
// Each persist writes the whole file beside the old one, fsyncs it, renames it into place and fsyncs the
// directory (keys/file_io.h write_file_atomic): a crash leaves either the old state or the new one, never a
// mix, and the checksum catches damage from outside. The chain id binds the file to its chain, so a file
// copied from another network is refused rather than trusted.
#pragma once

#include <optional>
#include <string>

#include "node/consensus/safety_state.h"

namespace folio::privval {

inline constexpr const char* kSafetyStateFileName = "consensus-safety.bin";

class SafetyStateFile {
  public:
    // Reads `path`. A missing file is a validator that never signed (state() is nullopt). CORRUPTION naming
    // the path for a damaged or foreign file; IO_ERROR if it cannot be read.
    static Result<SafetyStateFile> open(std::string path, const ChainId& chain_id);

    const std::optional<consensus::SafetyState>& state() const { return state_; }
    const std::string& path() const { return path_; }

    // Makes `state` the durable one. A state whose last signed position is below the stored one is refused
    // (INTERNAL): the engine only moves up, so that would be our bug, and writing it would forget a
    // signature.
    Status persist(const consensus::SafetyState& state);
    uint64_t writes() const { return writes_; }

    static Bytes encode_file(const consensus::SafetyState& state, const ChainId& chain_id);
    static Result<consensus::SafetyState> decode_file(ByteView data, const ChainId& chain_id);

  private:
    SafetyStateFile(std::string path, ChainId chain_id, std::optional<consensus::SafetyState> state)
        : path_(std::move(path)), chain_id_(chain_id), state_(std::move(state)) {}

    std::string path_;
    ChainId chain_id_{};
    std::optional<consensus::SafetyState> state_;
    uint64_t writes_ = 0;
};

// Refuses to start a validator whose safety state is older than what the chain shows it signed: `head_cert`
// is the certificate of the last stored block, `own_index` this validator's index in that height's set
// (nullopt if it is not a member). A state restored from an old backup, or a data dir copied to a second
// machine, would otherwise let it sign again where it already signed. NOT_AUTHORIZED, with a message that
// says what to do.
Status check_not_behind_chain(const std::optional<consensus::SafetyState>& state, const std::string& path,
                              const CommitCertificate& head_cert, std::optional<uint16_t> own_index);

}  // namespace folio::privval

// The framing a validator's own files share (consensus-safety.bin, consensus-valid-block.bin):
//
//   sealed := magic (8 bytes), u8 version, fixed[32] chain_id, content, fixed[32] sha256 of everything before it
//
// The checksum catches damage from outside; the chain id binds a file to its chain, so that a file copied
// from another network is refused rather than trusted.
#pragma once

#include <string_view>

#include "chain/bytes.h"
#include "chain/result.h"
#include "chain/types.h"

namespace folio::privval {

Bytes seal_file(std::string_view magic, uint8_t version, const ChainId& chain_id, ByteView content);

// The content of a sealed file, or CORRUPTION saying what is wrong ("not a Folio <what> file", "checksum
// mismatch", "unknown file version", "written for chain ...").
Result<ByteView> unseal_file(ByteView data, std::string_view magic, uint8_t version, const ChainId& chain_id,
                             std::string_view what);

}  // namespace folio::privval

#include "node/privval/sealed_file.h"

#include <cstring>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"

namespace folio::privval {
namespace {

constexpr size_t kMagicBytes = 8;
constexpr size_t kFramingBytes = kMagicBytes + 1 + 32 + 32;

}  // namespace

Bytes seal_file(std::string_view magic, uint8_t version, const ChainId& chain_id, ByteView content) {
    Writer w(kFramingBytes + content.size());
    w.raw(as_bytes(magic.substr(0, kMagicBytes)));
    w.u8(version);
    w.fixed_bytes(chain_id);
    w.raw(content);
    const Hash256 checksum = crypto::sha256(w.data());
    w.fixed_bytes(checksum);
    return w.take();
}

Result<ByteView> unseal_file(ByteView data, std::string_view magic, uint8_t version, const ChainId& chain_id,
                             std::string_view what) {
    if (data.size() < kFramingBytes || std::memcmp(data.data(), magic.data(), kMagicBytes) != 0)
        return make_error(Reason::CORRUPTION, "not a Folio " + std::string(what) + " file (bad magic or too short)");
    const ByteView sealed = data.first(data.size() - 32);
    Hash256 stored{};
    std::memcpy(stored.data(), data.data() + sealed.size(), 32);
    if (crypto::sha256(sealed) != stored) return make_error(Reason::CORRUPTION, "checksum mismatch");
    const uint8_t file_version = sealed[kMagicBytes];
    if (file_version != version)
        return make_error(Reason::CORRUPTION, "unknown file version " + std::to_string(file_version));
    ChainId file_chain{};
    std::memcpy(file_chain.data(), sealed.data() + kMagicBytes + 1, file_chain.size());
    if (file_chain != chain_id)
        return make_error(Reason::CORRUPTION,
                          "written for chain " + to_hex(file_chain) + ", not this chain " + to_hex(chain_id));
    return sealed.subspan(kMagicBytes + 1 + 32);
}

}  // namespace folio::privval

#include "node/privval/valid_block_file.h"

#include <cstring>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "chain/params.h"
#include "keys/file_io.h"

namespace folio::privval {
namespace {

constexpr char kMagic[8] = {'F', 'O', 'L', 'I', 'O', 'V', 'B', 'K'};
constexpr uint8_t kFileVersion = 1;
// The largest block the parameters allow, its header and the file's framing, with room to spare.
constexpr size_t kMaxFileBytes = kMaxBlockMaxBytes + (1 << 20);

}  // namespace

Bytes ValidBlockFile::encode_file(const Block& block, const ChainId& chain_id) {
    const Bytes header = block.header.encode();
    const Bytes body = block.encode_body();
    Writer w(8 + 1 + 32 + 4 + header.size() + 4 + body.size() + 32);
    w.raw(ByteView(reinterpret_cast<const uint8_t*>(kMagic), sizeof kMagic));
    w.u8(kFileVersion);
    w.fixed_bytes(chain_id);
    w.u32(static_cast<uint32_t>(header.size()));
    w.raw(header);
    w.u32(static_cast<uint32_t>(body.size()));
    w.raw(body);
    const Hash256 checksum = crypto::sha256(w.data());
    w.fixed_bytes(checksum);
    return w.take();
}

Result<Block> ValidBlockFile::decode_file(ByteView data, const ChainId& chain_id) {
    if (data.size() < 8 + 1 + 32 + 4 + 4 + 32 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
        return make_error(Reason::CORRUPTION, "not a Folio valid-block file (bad magic or too short)");
    const ByteView framed = data.first(data.size() - 32);
    Hash256 stored{};
    std::memcpy(stored.data(), data.data() + framed.size(), 32);
    if (crypto::sha256(framed) != stored) return make_error(Reason::CORRUPTION, "checksum mismatch");
    Reader r(framed.subspan(sizeof kMagic));
    uint8_t version = 0;
    ChainId file_chain{};
    uint32_t header_length = 0;
    uint32_t body_length = 0;
    ByteView header_bytes;
    ByteView body_bytes;
    if (!r.u8("version", version) || !r.fixed_bytes("chain_id", file_chain) ||
        !r.u32("header_length", header_length) || !r.raw("header", header_length, header_bytes) ||
        !r.u32("body_length", body_length) || !r.raw("body", body_length, body_bytes) || !r.finish())
        return make_error(Reason::CORRUPTION, r.error());
    if (version != kFileVersion)
        return make_error(Reason::CORRUPTION, "unknown file version " + std::to_string(version));
    if (file_chain != chain_id)
        return make_error(Reason::CORRUPTION,
                          "written for chain " + to_hex(file_chain) + ", not this chain " + to_hex(chain_id));
    auto header = BlockHeader::decode(header_bytes);
    if (!header) return make_error(Reason::CORRUPTION, "header: " + header.error().message);
    auto txs = Block::decode_body(body_bytes);
    if (!txs) return make_error(Reason::CORRUPTION, "body: " + txs.error().message);
    return Block{std::move(header).value(), std::move(txs).value()};
}

ValidBlockFile ValidBlockFile::open(std::string path, const ChainId& chain_id) {
    ValidBlockFile file(std::move(path), chain_id);
    auto content = keys::read_file_bounded(file.path_, kMaxFileBytes);
    if (!content) {
        if (content.error().reason != Reason::NOT_FOUND) file.load_error_ = content.error().message;
        return file;
    }
    auto block = decode_file(as_bytes(*content), chain_id);
    if (!block) {
        file.load_error_ = file.path_ + ": " + block.error().message;
        return file;
    }
    file.stored_hash_ = block->header.hash();
    file.block_ = std::move(block).value();
    return file;
}

Status ValidBlockFile::persist(const Block& block) {
    const Bytes file = encode_file(block, chain_id_);
    const std::string_view content(reinterpret_cast<const char*>(file.data()), file.size());
    if (Status s = keys::write_file_atomic(path_, content, 0600); !s) return s;
    stored_hash_ = block.header.hash();
    return {};
}

}  // namespace folio::privval

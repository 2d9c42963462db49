#include "node/privval/valid_block_file.h"

#include "chain/encoding.h"
#include "chain/params.h"
#include "keys/file_io.h"
#include "node/privval/sealed_file.h"

namespace folio::privval {
namespace {

constexpr std::string_view kMagic = "FOLIOVBK";
constexpr uint8_t kFileVersion = 1;
// The largest block the parameters allow, its header and the file's framing, with room to spare.
constexpr size_t kMaxFileBytes = kMaxBlockMaxBytes + (1 << 20);

}  // namespace

Bytes ValidBlockFile::encode_file(const Block& block, const ChainId& chain_id) {
    const Bytes header = block.header.encode();
    const Bytes body = block.encode_body();
    Writer w(4 + header.size() + 4 + body.size());
    w.u32(static_cast<uint32_t>(header.size()));
    w.raw(header);
    w.u32(static_cast<uint32_t>(body.size()));
    w.raw(body);
    return seal_file(kMagic, kFileVersion, chain_id, w.data());
}

Result<Block> ValidBlockFile::decode_file(ByteView data, const ChainId& chain_id) {
    auto content = unseal_file(data, kMagic, kFileVersion, chain_id, "valid-block");
    if (!content) return content.error();
    Reader r(*content);
    uint32_t header_length = 0;
    uint32_t body_length = 0;
    ByteView header_bytes;
    ByteView body_bytes;
    if (!r.u32("header_length", header_length) || !r.raw("header", header_length, header_bytes) ||
        !r.u32("body_length", body_length) || !r.raw("body", body_length, body_bytes) || !r.finish())
        return make_error(Reason::CORRUPTION, r.error());
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

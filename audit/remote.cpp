#include "audit/remote.h"

#include <nlohmann/json.hpp>

namespace folio::audit {
namespace {

using nlohmann::json;

// Bounds on the hex of a served field, above anything a valid chain holds (a header is 273 bytes, a
// certificate of 1,024 validators ~68 KiB, a tx at most kMaxTxBytes), checked before any decoding.
constexpr size_t kMaxHeaderHex = 4096;
constexpr size_t kMaxCommitHex = 512 * 1024;
constexpr size_t kMaxTxHex = 2 * kMaxTxBytes;
constexpr uint64_t kPage = 100;

Error corrupt(Height height, const std::string& what) {
    return make_error(Reason::CORRUPTION, "block " + std::to_string(height) + " as served: " + what);
}

Result<Bytes> hex_field(const json& j, const char* name, size_t max_chars, Height height) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string())
        return corrupt(height, std::string(name) + " missing or not a string");
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max_chars) return corrupt(height, std::string(name) + " longer than any valid one");
    auto bytes = from_hex(s);
    if (!bytes) return corrupt(height, std::string(name) + " is not hex");
    return std::move(*bytes);
}

Result<SourcedBlock> decode_served(const json& j, Height height) {
    if (!j.is_object()) return corrupt(height, "not an object");
    SourcedBlock out;
    auto header_bytes = hex_field(j, "header_hex", kMaxHeaderHex, height);
    if (!header_bytes) return header_bytes.error();
    auto header = BlockHeader::decode(*header_bytes);
    if (!header) return corrupt(height, "header_hex: " + header.error().message);
    if (header->height != height) {
        return corrupt(height, "header_hex is the header of block " + std::to_string(header->height));
    }
    out.block.header = std::move(header).value();
    if (height > 0) {
        auto commit_bytes = hex_field(j, "commit_hex", kMaxCommitHex, height);
        if (!commit_bytes) return commit_bytes.error();
        auto cert = CommitCertificate::decode(*commit_bytes);
        if (!cert) return corrupt(height, "commit_hex: " + cert.error().message);
        out.commit = std::move(cert).value();
    }
    auto txs = j.find("txs");
    if (txs == j.end() || !txs->is_array()) return corrupt(height, "txs missing or not an array");
    if (txs->size() > kMaxBlockTxs) return corrupt(height, "more txs than a block may hold");
    out.block.txs.reserve(txs->size());
    for (size_t i = 0; i < txs->size(); ++i) {
        const json& t = (*txs)[i];
        if (!t.is_string() || t.get_ref<const std::string&>().size() > kMaxTxHex)
            return corrupt(height, "txs[" + std::to_string(i) + "] is not a tx's hex");
        auto raw = from_hex(t.get_ref<const std::string&>());
        if (!raw) return corrupt(height, "txs[" + std::to_string(i) + "] is not hex");
        auto tx = decode_signed_tx(*raw);
        if (!tx) return corrupt(height, "txs[" + std::to_string(i) + "]: " + tx.error().message);
        out.block.txs.push_back(std::move(tx).value());
    }
    return out;
}

}  // namespace

RemoteChain::RemoteChain(std::string url, std::string token)
    : url_(std::move(url)), client_(url_, std::move(token)) {}

Result<Height> RemoteChain::head_height() {
    auto status = client_.call("chain_status", json::object());
    if (!status) return status.error();
    auto it = status->find("height");
    if (it == status->end() || !it->is_number_unsigned()) {
        return make_error(Reason::CORRUPTION, "chain_status of " + url_ + " has no height");
    }
    return it->get<uint64_t>();
}

Result<std::string> RemoteChain::genesis_json() {
    auto info = client_.call("chain_info", json::object());
    if (!info) return info.error();
    auto it = info->find("genesis");
    if (it == info->end() || !it->is_object()) {
        return make_error(Reason::CORRUPTION, "chain_info of " + url_ + " has no genesis document");
    }
    return it->dump();
}

Result<BlockHeader> RemoteChain::header(Height height) {
    auto r = client_.call("block_range", json{{"from", height}, {"count", 1}});
    if (!r) return r.error();
    const json* blocks = r->contains("blocks") ? &(*r)["blocks"] : nullptr;
    if (blocks == nullptr || !blocks->is_array() || blocks->empty()) {
        return corrupt(height, "block_range gave no block (the node says it has none)");
    }
    auto block = decode_served((*blocks)[0], height);
    if (!block) return block.error();
    return block->block.header;
}

Status RemoteChain::fetch_page(Height from) {
    auto r = client_.call("block_range", json{{"from", from}, {"count", kPage}});
    if (!r) return r.error();
    auto blocks = r->find("blocks");
    if (blocks == r->end() || !blocks->is_array())
        return corrupt(from, "block_range answered no blocks array");
    if (blocks->empty())
        return make_error(Reason::NOT_FOUND, "the node " + url_ + " has no block " + std::to_string(from));
    if (blocks->size() > kPage) return corrupt(from, "block_range answered more blocks than asked");
    Height h = from;
    for (const json& j : *blocks) {
        auto block = decode_served(j, h);
        if (!block) return block.error();
        page_.push_back(std::move(block).value());
        ++h;
    }
    return Status();
}

Result<SourcedBlock> RemoteChain::block(Height height) {
    while (!page_.empty() && page_.front().block.header.height < height) page_.pop_front();
    if (page_.empty() || page_.front().block.header.height != height) {
        page_.clear();
        if (Status s = fetch_page(height); !s) return s.error();
    }
    SourcedBlock out = std::move(page_.front());
    page_.pop_front();
    return out;
}

}  // namespace folio::audit

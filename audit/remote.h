// A node audited over JSON-RPC: its blocks as raw bytes (block_range), decoded here with the chain's own
// decoders and bounded before decoding. Nothing it answers is trusted; the replay checks every byte. Its
// receipts and JSON forms are never read.
//
// Errors: a transport failure keeps the client's reason (UNAVAILABLE, TIMEOUT: the node could not be read);
// an answer that is not what was asked (a missing field, bad hex, a block of another height, a decoder's
// refusal) is CORRUPTION naming the height and the field.
//
// Thread safety: none; one thread at a time uses a RemoteChain (a replay calls block() from its fetch
// thread).
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "chain/replay.h"
#include "rpc/client.h"

namespace folio::audit {

class RemoteChain final : public BlockSource {
  public:
    RemoteChain(std::string url, std::string token);

    const std::string& url() const { return url_; }
    // The node's claimed head height (chain_status). Only an upper bound of what to replay: the blocks
    // themselves are checked.
    Result<Height> head_height();
    // The genesis document the node serves (chain_info.genesis), as JSON text; the caller checks its chain
    // id.
    Result<std::string> genesis_json();
    // Block 0's header.
    Result<BlockHeader> header(Height height);
    // Blocks are fetched by pages of up to 100 (block_range) and served in order.
    Result<SourcedBlock> block(Height height) override;

  private:
    Status fetch_page(Height from);

    std::string url_;
    rpc::Client client_;
    std::deque<SourcedBlock> page_;  // fetched blocks, consecutive, not yet served
};

}  // namespace folio::audit

// Block sync of the consensus driver (node/bft_driver.h): serving decided blocks to peers that are behind,
// and catching up on them when this node is.
#include <algorithm>

#include "node/bft_driver.h"
#include "node/log.h"

namespace folio::node {
namespace {

// A request not answered in this time is sent again, to the best other peer.
constexpr auto kSyncRequestTimeout = std::chrono::seconds(2);

}  // namespace

void ConsensusProducer::serve_blocks(const p2p::PeerKey& peer, const p2p::BlockRequest& request) {
    const Store& store = ledger_.store();
    const Height last = std::min<Height>(ledger_.height(), request.from_height + request.count - 1);
    for (Height h = request.from_height; h <= last; ++h) {
        auto header = store.header(h);
        auto body = header ? store.body(h) : Result<std::vector<TxPtr>>(header.error());
        auto cert = body ? store.commit(h) : Result<CommitCertificate>(body.error());
        if (!cert) {
            // Our own store failing is our problem, not the peer's: say so and serve nothing more.
            log_error("sync",
                      "cannot read block " + std::to_string(h) + " for a peer: " + cert.error().message);
            return;
        }
        (void)transport_->send(peer, p2p::BlockResponse{Block{*header, std::move(*body)}, std::move(*cert)});
    }
}

void ConsensusProducer::on_block_response(const p2p::PeerKey& peer, const p2p::BlockResponse& response) {
    const Height next = ledger_.height() + 1;
    if (response.block.header.height != next) return;  // already applied, or out of order: not a fault
    if (sync_request_ && sync_request_->first == peer) sync_request_.reset();
    const BlockHash hash = response.block.header.hash();
    auto refuse = [&](const std::string& why) {
        {
            std::lock_guard lock(mutex_);
            ++counters_.synced_blocks_refused;
        }
        transport_->drop_peer(peer, "synced block " + std::to_string(next) + " " + to_hex(hash) + ": " + why);
        peer_heights_.erase(peer);
        request_blocks_if_behind();  // fetched elsewhere, never applied
    };
    if (response.commit.height != next || response.commit.block_hash != hash)
        return refuse("its certificate names another block");
    if (Status s = verify_commit(response.commit, ledger_.chain_id(), response.block.header, *validators_);
        !s)
        return refuse("certificate: " + s.error().message);
    BlockCheck check =
        check_block_on_head(ledger_, response.block, *validators_, registry_, tx_signatures_, std::nullopt);
    if (!check.ok()) return refuse(std::string(block_fault_name(check.fault)) + ": " + check.error.message);
    if (!commit(response.block, response.commit, check.result)) return;
    {
        std::lock_guard lock(mutex_);
        ++counters_.blocks_synced;
    }
    start_height();
    request_blocks_if_behind();
}

void ConsensusProducer::request_blocks_if_behind() {
    const Height mine = ledger_.height();
    const p2p::PeerKey* best = nullptr;
    Height best_height = mine;
    for (const auto& [key, height] : peer_heights_) {
        if (height > best_height) {
            best = &key;
            best_height = height;
        }
    }
    {
        std::lock_guard lock(mutex_);
        // A node one block behind is deciding that block with the others; two or more behind, it catches up.
        status_.syncing = best_height > mine + 1;
        status_.peers = peer_heights_.size();
    }
    if (!best) return;
    const auto now = SteadyClock::now();
    if (sync_request_ && now < sync_request_->second + kSyncRequestTimeout) return;
    if (sync_request_) {
        // Unanswered: its claimed height is not believed any more (a peer claiming heights it cannot serve
        // must not hold sync on itself); its next status or hello restores it.
        const p2p::PeerKey silent = sync_request_->first;
        sync_request_.reset();
        if (peer_heights_.erase(silent) && best && *best == silent) return request_blocks_if_behind();
    }
    const uint16_t count =
        static_cast<uint16_t>(std::min<Height>(best_height - mine, p2p::kMaxBlocksPerRequest));
    (void)transport_->send(*best, p2p::BlockRequest{mine + 1, count});
    sync_request_ = std::make_pair(*best, now);
}

}  // namespace folio::node

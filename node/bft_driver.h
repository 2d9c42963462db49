// The consensus driver: runs the Tendermint engine (node/consensus/engine.h) for a node of a consortium, in
// place of the one-validator producer of --dev, behind the same BlockProducer interface. It owns the P2P
// transport (node/p2p/transport.h) and one thread, the only one that steps the engine and commits:
//
//   network thread --(messages, peers up/down)--> inbox --> driver thread --> engine.step() --> actions
//   RPC threads ----(txs admitted, wake)--------> inbox        |              (build, check, persist,
//   timers (the driver's own heap, steady clock) --------------'               broadcast, decide)
//
// What it carries out for the engine (docs/consensus.md): BuildBlock reaps the mempool and builds on the
// head; CheckBlock runs the one block check (chain/block_check.h) on a block it holds; PersistSafetyState
// writes consensus-safety.bin (node/privval/) before anything signed in the same batch is sent; Decide
// commits the block with its certificate on this thread, then updates the mempool and the commit notices
// exactly as the --dev producer does. A node without a validator key (an observer) runs the same engine
// without a signer: it follows, decides from the validators' precommits, relays txs and serves reads.
//
// Block sync: a peer's status names its height; while a peer is ahead, the driver asks it for blocks and
// applies each only after the block check and verify_commit against that height's set (docs/consensus.md,
// "Block sync"). A block that fails is discarded, its sender dropped, and asked of another peer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <unordered_map>
#include <variant>

#include "chain/block_check.h"
#include "chain/signature_cache.h"
#include "node/bft_vote_cache.h"
#include "node/block_producer.h"
#include "node/consensus/engine.h"
#include "node/p2p/transport.h"
#include "node/privval/file_signer.h"
#include "node/privval/safety_state_file.h"
#include "node/privval/valid_block_file.h"

namespace folio::node {

// What consensus_status returns.
struct ConsensusStatus {
    std::string role;   // "validator" or "observer"
    Height height = 0;  // the height being decided (head + 1)
    consensus::Round round = 0;
    std::string step;
    std::string proposer;  // name of the round's proposer in the height's set
    size_t peers = 0;
    bool syncing = false;
};

// Counters for /metrics (the transport keeps its own, added by the metrics renderer).
struct ConsensusCounters {
    uint64_t rounds_started = 0;
    uint64_t heights_decided = 0;
    uint64_t blocks_synced = 0;
    uint64_t synced_blocks_refused = 0;
    uint64_t evidence = 0;
    uint64_t messages_refused = 0;
    uint64_t misbehaviour = 0;
    uint64_t signing_refused = 0;
    uint64_t gossip_batches_dropped = 0;  // the admission queue was full
};

struct ValidatorSigning {
    std::unique_ptr<privval::FileSigner> signer;
    std::unique_ptr<privval::SafetyStateFile> safety;
    std::unique_ptr<privval::ValidBlockFile> valid_block;  // the body behind safety's valid_block
};

struct ConsensusOptions {
    ProducerOptions producer;  // block bounds and before_commit (the audit log's fsync)
    // How often the driver re-sends this height's own messages and the polka behind its valid block, and
    // refreshes its status to peers (the engine relies on eventual delivery; gossip provides it).
    uint64_t gossip_interval_ms = 250;
    // Txs admitted here are sent to peers in batches at most this old.
    uint64_t tx_gossip_delay_ms = 5;
    size_t max_evidence_kept = 1000;
    std::vector<p2p::AllowedPeer> observer_keys;  // may connect besides the validators (p2p_observer_keys)
};

class ConsensusProducer final : public BlockProducer {
  public:
    // `signing` empty: an observer. The transport is made here (its callbacks feed this driver).
    ConsensusProducer(Ledger& ledger, const InstrumentRegistry& registry, Mempool& mempool, CommitHub& hub,
                      NodeMetrics& metrics, CachedVerifier& tx_signatures,
                      p2p::TransportConfig transport_config, p2p::NodeIdentity identity,
                      std::optional<ValidatorSigning> signing, ConsensusOptions options);
    ~ConsensusProducer() override;

    // Starts the transport (IO_ERROR if it cannot listen) and the driver thread.
    Status start_network();
    void start() override;
    void stop() override;
    void wake() override;
    bool healthy() const override;
    // A tx was admitted through this node's RPC: it is sent to the peers.
    void tx_admitted(const TxPtr& tx);

    ConsensusStatus status() const;
    std::vector<p2p::PeerInfo> peers() const;
    std::vector<consensus::Evidence> evidence() const;
    ConsensusCounters counters() const;
    p2p::Counters transport_counters() const;

  private:
    using SteadyClock = std::chrono::steady_clock;
    struct NetMessage {
        p2p::PeerKey peer;
        p2p::Message message;
    };
    struct PeerDown {
        p2p::PeerKey peer;
    };
    struct Woken {};
    using Input = std::variant<NetMessage, p2p::PeerInfo, PeerDown, Woken>;

    // A block of the height being decided, by hash: proposed by a peer or built here.
    struct HeldBlock {
        Block block;
        std::optional<BlockCheck> check;  // set once checked (or built here: valid by construction)
        BlockHash hash{};
        std::vector<TxPtr> not_included;  // built here: reaped txs the block could not take
    };
    struct QueuedEvent {
        consensus::Event event;
        std::optional<p2p::PeerKey> from;  // the peer whose message it is, to drop it for misbehaviour
    };
    struct Timer {
        SteadyClock::time_point at;
        consensus::TimeoutFired timeout;
        bool operator>(const Timer& other) const { return at > other.at; }
    };

    void run();
    void post(Input input);
    void handle(const Input& input);
    void on_net(const p2p::PeerKey& peer, const p2p::Message& message);
    void on_proposal(const p2p::PeerKey& peer, const p2p::ProposalMessage& m);
    // Gossiped txs are admitted on a thread of their own (bft_tx_admission.cpp): their signature checks would
    // otherwise hold the votes and proposals queued behind them.
    void queue_gossiped_txs(const p2p::PeerKey& peer, const p2p::TxsMessage& m);
    void run_tx_admission();
    void admit_gossiped_txs(const p2p::PeerKey& peer, const p2p::TxsMessage& m);
    void on_status(const p2p::PeerKey& peer, const p2p::StatusMessage& m);
    void step(const consensus::Event& event, const p2p::PeerKey* from = nullptr);
    void carry_out(const consensus::Action& action, const p2p::PeerKey* from);

    void build_block(const consensus::BuildBlock& a);
    // The valid block's body kept across a restart (privval::ValidBlockFile): read back at construction, and
    // written whenever the engine's valid block changes, before the safety state that names it.
    void restore_valid_block(const std::optional<consensus::SafetyState>& resume);
    void keep_valid_block(const BlockHash& valid_block);
    std::optional<consensus::BlockVerdict> verdict_of(const BlockHash& hash);
    void decide(const consensus::Decide& d);
    // Commits a block this node holds as checked, then starts the next height. False on a fatal error.
    bool commit(const Block& block, const CommitCertificate& cert, const ExecutionResult& result,
                const std::vector<TxPtr>& not_included = {});
    void start_height();
    void fatal(const std::string& what);

    // Sync (bft_sync.cpp).
    void serve_blocks(const p2p::PeerKey& peer, const p2p::BlockRequest& request);
    void on_block_response(const p2p::PeerKey& peer, const p2p::BlockResponse& response);
    void request_blocks_if_behind();

    // Gossip (bft_gossip.cpp).
    void gossip_tick();
    void flush_tx_gossip();
    void publish_status();

    std::shared_ptr<const ValidatorSet> set_at(Height height) const;
    std::vector<p2p::AllowedPeer> allowed_peers() const;

    Ledger& ledger_;
    const InstrumentRegistry& registry_;
    Mempool& mempool_;
    CommitHub& hub_;
    NodeMetrics& metrics_;
    CachedVerifier& tx_signatures_;
    const ConsensusOptions options_;
    std::optional<ValidatorSigning> signing_;
    VoteSignatureCache vote_verifier_;
    std::unique_ptr<consensus::Engine> engine_;
    std::unique_ptr<p2p::Transport> transport_;

    // Driver thread only.
    std::shared_ptr<const ValidatorSet> validators_;  // of the height being decided
    std::unordered_map<BlockHash, HeldBlock, FixedBytesHasher> held_;
    std::unordered_map<BlockHash, bool, FixedBytesHasher> awaited_;  // CheckBlock answered unavailable
    std::optional<consensus::Decide> undelivered_decision_;          // decided on a block not held yet
    std::optional<Block> restored_valid_block_;  // read at start: held again when its height starts
    std::map<p2p::PeerKey, Height> peer_heights_;
    std::optional<std::pair<p2p::PeerKey, SteadyClock::time_point>> sync_request_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::deque<QueuedEvent> events_;  // step()'s queue
    bool stepping_ = false;
    SteadyClock::time_point next_gossip_{};
    std::vector<consensus::Proposal> own_proposals_;  // this height's, for re-sending
    SteadyClock::time_point last_proposal_sent_{};
    std::vector<consensus::Vote> own_votes_;
    std::vector<TxPtr> tx_outbox_;
    SteadyClock::time_point tx_outbox_since_{};

    // Shared with other threads.
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Input> inbox_;
    bool stopping_ = false;
    bool healthy_ = true;
    ConsensusStatus status_;
    ConsensusCounters counters_;
    std::deque<consensus::Evidence> evidence_;
    std::vector<TxPtr> admitted_;  // from RPC threads, for gossip
    std::thread thread_;

    // The gossip admission thread's queue (its own lock: admission never waits for the driver).
    std::mutex admission_mutex_;
    std::condition_variable admission_cv_;
    std::deque<std::pair<p2p::PeerKey, p2p::TxsMessage>> admission_queue_;
    size_t admission_queued_txs_ = 0;
    bool admission_stopping_ = false;
    std::thread admission_thread_;
};

// The consensus and P2P lines of /metrics: round, peers, decisions, synced blocks, evidence, refusals, and
// the transport's dropped peers and messages by reason.
std::string consensus_prometheus_text(const ConsensusProducer& consensus);

}  // namespace folio::node

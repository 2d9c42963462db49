// The simulation's internals (tests/consensus/sim/simulation.h says what it is): the event queue's items, one
// simulated node and its driver state, and the Simulation itself. The driver half (what a node does with its
// engine's actions and with what arrives) is in driver.cpp; the world half (fault plan, clock, healing,
// invariants at the end) in simulation.cpp.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <sstream>
#include <tuple>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "node/consensus/engine.h"
#include "sim/rng.h"
#include "sim/simulation.h"
#include "testkit.h"

namespace folio::consensus::sim {

// Virtual milliseconds. The timeouts are the genesis defaults scaled down tenfold: only their ratio to the
// message delays matters to the algorithm, and shorter rounds let one run cover more of them.
inline constexpr uint64_t kHealedMaxDelayMs = 20;
inline constexpr uint64_t kGossipIntervalMs = 300;
inline constexpr uint64_t kCatchUpIntervalMs = 150;
inline constexpr Round kGossipRounds = 4;
inline constexpr size_t kMaxTxsPerBlock = 16;
inline constexpr size_t kMaxMempool = 1000;
inline constexpr Timeouts kTimeouts{300, 100, 100, 50};

// Deterministic helpers of the simulated chain.
Hash256 txs_digest(const std::vector<uint64_t>& txs);
// "Execution": the state root after a block is a hash of the parent's root and the block's txs.
Hash256 state_root_after(const Hash256& parent_root, const std::vector<uint64_t>& txs);

struct BlockRecord {
    BlockHeader header;
    std::vector<uint64_t> txs;
};

struct Committed {
    BlockHash hash{};
    CommitCertificate certificate;
};

// Rolling hash of everything that happened, folded every few kilobytes.
class Trace {
  public:
    Writer& record() { return buffer_; }
    void fold() {
        Writer w(32 + buffer_.data().size());
        w.fixed_bytes(hash_);
        w.raw(buffer_.data());
        hash_ = crypto::sha256(w.data());
        buffer_ = Writer();
    }
    void maybe_fold() {
        if (buffer_.data().size() > 4096) fold();
    }
    Hash256 finish() {
        fold();
        return hash_;
    }

  private:
    Writer buffer_;
    Hash256 hash_{};
};

enum class Kind : uint8_t {
    deliver_proposal,
    deliver_vote,
    deliver_tx,
    deliver_commit,
    timeout,
    block_built,
    block_checked,
    gossip,
    crash,
    hard_crash,
    restart,
    submit_tx,
    partition_start,
    partition_end,
    heal,
    deadline,
};

struct Item {
    uint64_t time = 0;
    uint64_t seq = 0;
    Kind kind = Kind::heal;
    uint16_t node = 0;
    uint16_t from = 0;
    uint64_t epoch = 0;
    Proposal proposal;
    Vote vote;
    TimeoutFired timeout;
    Height height = 0;
    Round round = 0;
    BlockHash block{};
    uint64_t tx = 0;
    CommitCertificate certificate;
};

struct Later {
    bool operator()(const Item& a, const Item& b) const {
        return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
};

struct Node {
    uint16_t index = 0;
    bool equivocator = false;
    bool up = true;
    uint64_t epoch = 0;
    std::unique_ptr<test::KeySigner> signer;
    std::unique_ptr<Engine> engine;
    // Durable: what PersistSafetyState wrote, and the committed chain (the block store).
    std::optional<Bytes> persisted;
    std::vector<Committed> chain;
    std::set<uint64_t> committed_txs;
    // Lost in a crash.
    std::set<BlockHash> known_blocks;
    std::set<BlockHash> wanted_blocks;
    std::vector<uint64_t> mempool;
    // This height's signed messages of the last kGossipRounds rounds, re-sent by gossip: the model's eventual
    // delivery between correct validators, which a validator ahead by a round needs to give those behind.
    std::vector<std::variant<Proposal, Vote>> own_messages;
    std::map<std::pair<uint16_t, Height>, uint64_t> catch_up_sent_at;
    int crash_after_actions = -1;  // armed crash: goes down after this many more actions
    std::tuple<Height, Round, Step> seen_at_last_gossip{};  // no change for a tick: relay what it holds
};

class Simulation {
  public:
    explicit Simulation(const Scenario& s)
        : scenario_(s), rng_(s.seed), set_(test::make_validator_set(s.powers)) {
        config_.chain_id = test::test_chain_id();
        config_.timeouts = kTimeouts;
        config_.create_empty_blocks = false;  // blocks follow the tx submitters, as a register's chain would
        genesis_.chain_id = config_.chain_id;
        genesis_.state_root = crypto::sha256(as_bytes("simulated genesis state"));
        genesis_.validators_hash = set_->hash();
        genesis_.proposer = set_->validators[0].consensus_key;
        for (uint16_t i = 0; i < s.powers.size(); ++i) {
            auto n = std::make_unique<Node>();
            n->index = i;
            n->equivocator =
                std::find(s.equivocators.begin(), s.equivocators.end(), i) != s.equivocators.end();
            n->signer = std::make_unique<test::KeySigner>(i);
            nodes_.push_back(std::move(n));
        }
    }

    Outcome run();

  private:
    // Scheduling and the network.
    Item& push(uint64_t at, Kind kind, uint16_t node) {
        Item item;
        item.time = at;
        item.seq = seq_++;
        item.kind = kind;
        item.node = node;
        item.epoch = nodes_[node]->epoch;
        pending_.push_back(std::move(item));
        return pending_.back();
    }
    void flush_pushes() {
        for (auto& item : pending_) queue_.push(std::move(item));
        pending_.clear();
    }
    bool link_up(uint16_t from, uint16_t to) const {
        return !(partitioned_ && partition_side_[from] != partition_side_[to]);
    }
    uint64_t delay() {
        return healed_ ? rng_.between(1, kHealedMaxDelayMs) : rng_.between(1, scenario_.max_delay_ms);
    }
    bool dropped() { return !healed_ && rng_.chance(scenario_.drop_rate); }
    void send_proposal(uint16_t from, uint16_t to, const Proposal& p);
    void send_vote(uint16_t from, uint16_t to, const Vote& v);
    void broadcast(uint16_t from, const std::variant<Proposal, Vote>& m,
                   const std::vector<bool>* only = nullptr);

    // The driver of one node.
    void step(Node& n, const Event& e);
    void execute(Node& n, const std::vector<Action>& actions);
    void on_broadcast(Node& n, const std::variant<Proposal, Vote>& m);
    void on_decide(Node& n, const Decide& d);
    // Appends a decided or synced block to the node's chain, checking agreement and the certificate.
    void commit(Node& n, Height height, const BlockHash& hash, const CommitCertificate& cert);
    void receive_commit(Node& n, const Item& item);
    void equivocate(Node& n, const std::variant<Proposal, Vote>& m);
    void build_block(Node& n, Height h, Round r);
    std::optional<bool> check_block(const Node& n, const BlockHash& hash) const;
    void receive(Node& n, uint16_t from, const std::variant<Proposal, Vote>& m);
    void catch_up(Node& n, uint16_t lagging, Height height);
    void crash(Node& n);
    void restart(Node& n);
    void heal();
    void check_deadline();
    // After healing: ends the run early once every correct validator decided two new heights and every
    // equivocator that equivocated since is in evidence.
    void maybe_done();
    std::string describe_nodes() const;
    const BlockHeader& head(const Node& n) const {
        return n.chain.empty() ? genesis_ : blocks_.at(n.chain.back().hash).header;
    }

    void fail(const std::string& what) {
        if (!failure_.empty()) return;
        std::ostringstream s;
        s << "at " << now_ << " ms: " << what;
        failure_ = s.str();
    }

    Scenario scenario_;
    Rng rng_;
    std::shared_ptr<const ValidatorSet> set_;
    EngineConfig config_;
    test::CachingVerifier verifier_;
    BlockHeader genesis_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::priority_queue<Item, std::vector<Item>, Later> queue_;
    std::vector<Item> pending_;
    uint64_t seq_ = 0;
    uint64_t now_ = 0;
    bool healed_ = false;
    bool partitioned_ = false;
    std::vector<int> partition_side_;
    bool done_ = false;
    std::string failure_;
    Trace trace_;
    Outcome outcome_;

    std::map<BlockHash, BlockRecord> blocks_;
    std::map<Height, BlockHash> decided_;  // by any correct validator
    std::map<std::tuple<uint16_t, Height, Round, Step>, Hash256>
        released_;  // correct validators' sent messages
    std::set<uint16_t> evidence_against_;
    std::map<uint16_t, uint64_t> equivocations_after_heal_;
    Height height_at_heal_ = 0;
    uint64_t tx_counter_ = 0;
};

}  // namespace folio::consensus::sim

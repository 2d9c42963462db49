#include "sim/simulation.h"

#include <algorithm>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <sstream>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "node/consensus/engine.h"
#include "testkit.h"

namespace folio::consensus::sim {
namespace {

constexpr uint64_t kHealedMaxDelayMs = 20;
constexpr uint64_t kGossipIntervalMs = 300;
constexpr uint64_t kCatchUpIntervalMs = 150;
constexpr Round kGossipRounds = 4;
constexpr size_t kMaxTxsPerBlock = 16;
constexpr size_t kMaxMempool = 1000;
constexpr Timeouts kTimeouts{300, 100, 100, 50};

// SplitMix64: the same numbers on every platform and standard library (std distributions are not specified).
class Rng {
  public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) {
        return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
    }
    uint64_t between(uint64_t lo, uint64_t hi) { return lo + below(hi - lo + 1); }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

  private:
    uint64_t state_;
};

Hash256 txs_digest(const std::vector<uint64_t>& txs) {
    Writer w(8 * txs.size() + 1);
    w.str("txs");
    for (uint64_t t : txs) w.u64(t);
    return crypto::sha256(w.data());
}

// "Execution": the state root after a block is a hash of the parent's root and the block's txs.
Hash256 state_root_after(const Hash256& parent_root, const std::vector<uint64_t>& txs) {
    Writer w(64);
    w.fixed_bytes(parent_root);
    w.fixed_bytes(txs_digest(txs));
    return crypto::sha256(w.data());
}

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

// ---------------------------------------------------------------------------------------------------------

void Simulation::send_proposal(uint16_t from, uint16_t to, const Proposal& p) {
    if (!link_up(from, to) || dropped()) return;
    Item& item = push(now_ + delay(), Kind::deliver_proposal, to);
    item.from = from;
    item.proposal = p;
}

void Simulation::send_vote(uint16_t from, uint16_t to, const Vote& v) {
    if (!link_up(from, to) || dropped()) return;
    Item& item = push(now_ + delay(), Kind::deliver_vote, to);
    item.from = from;
    item.vote = v;
}

void Simulation::broadcast(uint16_t from, const std::variant<Proposal, Vote>& m,
                           const std::vector<bool>* only) {
    for (uint16_t to = 0; to < nodes_.size(); ++to) {
        if (to == from || (only && !(*only)[to])) continue;
        if (const auto* p = std::get_if<Proposal>(&m))
            send_proposal(from, to, *p);
        else
            send_vote(from, to, std::get<Vote>(m));
    }
}

void Simulation::step(Node& n, const Event& e) {
    if (!n.up || done_) return;
    execute(n, n.engine->step(e));
}

void Simulation::execute(Node& n, const std::vector<Action>& actions) {
    bool start_next = false;
    for (const Action& a : actions) {
        if (!n.up || !failure_.empty()) return;
        if (n.crash_after_actions == 0) {
            crash(n);  // mid-batch: what was persisted stays, what was not sent is lost
            return;
        }
        if (n.crash_after_actions > 0) --n.crash_after_actions;
        if (const auto* b = std::get_if<BuildBlock>(&a)) {
            Item& item = push(now_ + rng_.between(1, 10), Kind::block_built, n.index);
            item.height = b->height;
            item.round = b->round;
        } else if (const auto* c = std::get_if<CheckBlock>(&a)) {
            if (n.known_blocks.count(c->block_hash)) {
                Item& item = push(now_ + rng_.between(1, 5), Kind::block_checked, n.index);
                item.height = c->height;
                item.block = c->block_hash;
            } else {
                n.wanted_blocks.insert(c->block_hash);  // answered once a proposal brings the block
            }
        } else if (const auto* p = std::get_if<PersistSafetyState>(&a)) {
            n.persisted = p->state.encode();
        } else if (const auto* bp = std::get_if<BroadcastProposal>(&a)) {
            on_broadcast(n, bp->proposal);
        } else if (const auto* bv = std::get_if<BroadcastVote>(&a)) {
            on_broadcast(n, bv->vote);
        } else if (const auto* t = std::get_if<ScheduleTimeout>(&a)) {
            Item& item = push(now_ + t->duration_ms, Kind::timeout, n.index);
            item.timeout = TimeoutFired{t->height, t->round, t->step};
        } else if (const auto* d = std::get_if<Decide>(&a)) {
            on_decide(n, *d);
            start_next = true;
        } else if (const auto* ev = std::get_if<ReportEvidence>(&a)) {
            if (n.equivocator) continue;
            const uint16_t accused = ev->evidence.validator_index();
            if (!nodes_[accused]->equivocator)
                fail("evidence against correct validator " + std::to_string(accused));
            if (!verify_evidence(ev->evidence, config_.chain_id, *set_))
                fail("evidence that does not verify");
            evidence_against_.insert(accused);
            ++outcome_.evidence_reports;
            maybe_done();
        } else if (const auto* r = std::get_if<MessageRefused>(&a)) {
            // No validator here forges or garbles: a misbehaviour refusal is a bug in the engine or the sim.
            if (r->misbehaviour())
                fail(std::string("refused as misbehaviour: ") + refusal_name(r->reason) + " " + r->detail);
        }
    }
    if (start_next && n.up && failure_.empty()) {
        n.own_messages.clear();
        step(n, StartHeight{n.chain.size() + 1, set_});
        if (!n.mempool.empty()) step(n, TxsAvailable{});
    }
}

void Simulation::on_broadcast(Node& n, const std::variant<Proposal, Vote>& m) {
    Height h;
    Round r;
    Step s;
    Hash256 sign_hash;
    if (const auto* p = std::get_if<Proposal>(&m)) {
        h = p->height, r = p->round, s = Step::propose, sign_hash = p->sign_hash(config_.chain_id);
    } else {
        const Vote& v = std::get<Vote>(m);
        h = v.height, r = v.round, s = v.type == VoteType::prevote ? Step::prevote : Step::precommit;
        sign_hash = v.sign_hash(config_.chain_id);
    }
    if (!n.equivocator) {
        auto [it, inserted] = released_.try_emplace({n.index, h, r, s}, sign_hash);
        if (!inserted && it->second != sign_hash) {
            fail("correct validator " + std::to_string(n.index) + " sent two different " + step_name(s) +
                 " messages at height " + std::to_string(h) + " round " + std::to_string(r));
        }
    }
    auto round_of = [](const std::variant<Proposal, Vote>& x) {
        return std::holds_alternative<Proposal>(x) ? std::get<Proposal>(x).round : std::get<Vote>(x).round;
    };
    std::erase_if(n.own_messages, [&](const auto& x) { return round_of(x) + kGossipRounds <= r; });
    n.own_messages.push_back(m);
    if (n.equivocator)
        equivocate(n, m);
    else
        broadcast(n.index, m);
}

void Simulation::equivocate(Node& n, const std::variant<Proposal, Vote>& m) {
    // Half the validators get the message, the other half a conflicting one signed with the same key.
    std::vector<bool> first(nodes_.size()), second(nodes_.size());
    for (size_t i = 0; i < nodes_.size(); ++i) (rng_.chance(0.5) ? first : second)[i] = true;
    std::variant<Proposal, Vote> other = m;
    if (auto* p = std::get_if<Proposal>(&other)) {
        // Another block of the same height: a different tx set, and sometimes a state root execution refutes.
        const BlockRecord& original = blocks_.at(p->block_hash);
        BlockRecord alt = original;
        alt.txs.push_back(1'000'000'000 + tx_counter_++);
        alt.header.txs_root = txs_digest(alt.txs);
        alt.header.state_root = rng_.chance(0.5) ? crypto::sha256(as_bytes("a state root no execution gives"))
                                                 : state_root_after(head(n).state_root, alt.txs);
        const BlockHash alt_hash = alt.header.hash();
        blocks_.emplace(alt_hash, std::move(alt));
        n.known_blocks.insert(alt_hash);
        p->block_hash = alt_hash;
        p->pol_round = kNoRound;
        p->signature = test::sign_as(n.index, p->sign_hash(config_.chain_id));
    } else {
        Vote& v = std::get<Vote>(other);
        v.block_hash = v.is_nil() ? crypto::sha256(as_bytes("a block nobody proposed")) : BlockHash{};
        v.signature = test::sign_as(n.index, v.sign_hash(config_.chain_id));
    }
    if (healed_) ++equivocations_after_heal_[n.index];
    broadcast(n.index, m, &first);
    broadcast(n.index, other, &second);
}

void Simulation::build_block(Node& n, Height h, Round r) {
    BlockRecord b;
    const BlockHeader& parent = head(n);
    for (uint64_t tx : n.mempool) {
        if (b.txs.size() == kMaxTxsPerBlock) break;
        if (!n.committed_txs.count(tx)) b.txs.push_back(tx);
    }
    b.header.chain_id = config_.chain_id;
    b.header.height = h;
    b.header.time_ms = std::max(now_, parent.time_ms);
    b.header.prev_hash = parent.hash();
    b.header.txs_root = txs_digest(b.txs);
    b.header.state_root = state_root_after(parent.state_root, b.txs);
    b.header.validators_hash = set_->hash();
    b.header.proposer = set_->validators[n.index].consensus_key;
    const BlockHash hash = b.header.hash();
    blocks_.emplace(hash, std::move(b));
    n.known_blocks.insert(hash);
    step(n, BlockBuilt{h, r, hash});
}

std::optional<bool> Simulation::check_block(const Node& n, const BlockHash& hash) const {
    auto it = blocks_.find(hash);
    if (it == blocks_.end() || !n.known_blocks.count(hash)) return std::nullopt;
    const BlockRecord& b = it->second;
    const BlockHeader& parent = head(n);
    if (!check_header_link(b.header, parent, *set_)) return false;
    if (b.header.txs_root != txs_digest(b.txs)) return false;
    std::set<uint64_t> seen;
    for (uint64_t tx : b.txs) {
        if (n.committed_txs.count(tx) || !seen.insert(tx).second) return false;
    }
    return b.header.state_root == state_root_after(parent.state_root, b.txs);
}

void Simulation::on_decide(Node& n, const Decide& d) {
    if (d.certificate.height != d.height || d.certificate.block_hash != d.block_hash ||
        d.certificate.round != d.round) {
        fail("a decision whose certificate names another height, round or block");
    }
    commit(n, d.height, d.block_hash, d.certificate);
}

void Simulation::commit(Node& n, Height height, const BlockHash& hash, const CommitCertificate& cert) {
    auto block = blocks_.find(hash);
    if (block == blocks_.end()) {
        fail("validator " + std::to_string(n.index) + " committed a block nobody built");
        return;
    }
    if (height != n.chain.size() + 1) fail("committed height " + std::to_string(height) + " out of order");
    if (!n.equivocator) {
        auto [it, inserted] = decided_.try_emplace(height, hash);
        if (!inserted && it->second != hash) {
            fail("two blocks decided at height " + std::to_string(height) + " (validator " +
                 std::to_string(n.index) + ")");
        }
        if (Status s = verify_commit(cert, config_.chain_id, block->second.header, *set_); !s) {
            fail("certificate of height " + std::to_string(height) +
                 " does not verify: " + s.error().message);
        }
        outcome_.heights_decided = std::max<uint64_t>(outcome_.heights_decided, height);
        outcome_.max_round = std::max<uint64_t>(outcome_.max_round, cert.round);
    }
    Writer& t = trace_.record();
    t.u8(0xD0);
    t.u64(now_);
    t.u16(n.index);
    t.u64(height);
    t.u32(cert.round);
    t.fixed_bytes(hash);
    n.chain.push_back(Committed{hash, cert});
    for (uint64_t tx : block->second.txs) n.committed_txs.insert(tx);
    std::erase_if(n.mempool, [&](uint64_t tx) { return n.committed_txs.count(tx) != 0; });
    n.known_blocks.clear();
    n.wanted_blocks.clear();
    maybe_done();
}

// Block sync: a validator behind gets decided blocks with their certificates and applies each after the same
// check it runs before a prevote and verify_commit, then starts the next height; its engine never decided
// them.
void Simulation::receive_commit(Node& n, const Item& item) {
    if (item.height != n.chain.size() + 1) return;  // not the next one: a later catch-up brings it in order
    n.known_blocks.insert(item.block);
    auto valid = check_block(n, item.block);
    if (!valid || !*valid) {
        fail("validator " + std::to_string(n.index) + " refuses the block decided at height " +
             std::to_string(item.height));
        return;
    }
    if (Status s = verify_commit(item.certificate, config_.chain_id, blocks_.at(item.block).header, *set_);
        !s) {
        fail("a synced certificate does not verify: " + s.error().message);
        return;
    }
    commit(n, item.height, item.block, item.certificate);
    n.own_messages.clear();
    step(n, StartHeight{n.chain.size() + 1, set_});
    if (!n.mempool.empty()) step(n, TxsAvailable{});
}

void Simulation::receive(Node& n, uint16_t from, const std::variant<Proposal, Vote>& m) {
    const Height h =
        std::holds_alternative<Proposal>(m) ? std::get<Proposal>(m).height : std::get<Vote>(m).height;
    Writer& t = trace_.record();
    t.u8(std::holds_alternative<Proposal>(m) ? 0xA0 : 0xB0);
    t.u64(now_);
    t.u16(n.index);
    t.u16(from);
    if (const auto* p = std::get_if<Proposal>(&m)) {
        t.raw(p->encode());
        // The block travels with its proposal.
        n.known_blocks.insert(p->block_hash);
        if (n.wanted_blocks.erase(p->block_hash)) {
            Item& item = push(now_ + rng_.between(1, 5), Kind::block_checked, n.index);
            item.height = p->height;
            item.block = p->block_hash;
        }
        step(n, ProposalReceived{*p, std::nullopt});
    } else {
        const Vote& v = std::get<Vote>(m);
        t.raw(v.encode());
        step(n, VoteReceived{v});
    }
    trace_.maybe_fold();
    ++outcome_.messages;
    if (n.up && h <= n.chain.size())
        catch_up(n, from, h);  // the sender is behind: give it that height's commit
}

void Simulation::catch_up(Node& n, uint16_t lagging, Height height) {
    auto& last = n.catch_up_sent_at[{lagging, height}];
    if (last != 0 && now_ < last + kCatchUpIntervalMs) return;
    last = now_;
    // A few heights at once, as block sync fetches ahead.
    for (Height h = height; h <= n.chain.size() && h < height + 4; ++h) {
        if (!link_up(n.index, lagging) || dropped()) continue;
        Item& item = push(now_ + delay(), Kind::deliver_commit, lagging);
        item.from = n.index;
        item.height = h;
        item.block = n.chain[h - 1].hash;
        item.certificate = n.chain[h - 1].certificate;
    }
}

void Simulation::crash(Node& n) {
    if (!n.up) return;
    n.up = false;
    ++n.epoch;
    n.engine.reset();
    n.known_blocks.clear();
    n.wanted_blocks.clear();
    n.mempool.clear();
    n.own_messages.clear();
    n.catch_up_sent_at.clear();
    n.crash_after_actions = -1;
    ++outcome_.crashes;
    Writer& t = trace_.record();
    t.u8(0xC0);
    t.u64(now_);
    t.u16(n.index);
}

void Simulation::restart(Node& n) {
    if (n.up) return;
    n.up = true;
    ++n.epoch;
    std::optional<SafetyState> resume;
    if (n.persisted) {
        auto decoded = SafetyState::decode(*n.persisted);
        if (!decoded) {
            fail("validator " + std::to_string(n.index) +
                 " cannot read its safety state: " + decoded.error().message);
            return;
        }
        resume = *decoded;
    }
    n.engine = std::make_unique<Engine>(config_, n.signer.get(), &verifier_, std::move(resume));
    Writer& t = trace_.record();
    t.u8(0xC1);
    t.u64(now_);
    t.u16(n.index);
    step(n, StartHeight{n.chain.size() + 1, set_});
}

void Simulation::heal() {
    healed_ = true;
    partitioned_ = false;
    for (auto& n : nodes_) {
        n->crash_after_actions = -1;
        if (!n->up) restart(*n);
    }
    Round max_round = 0;
    for (auto& n : nodes_) {
        if (n->equivocator) continue;
        height_at_heal_ = std::max<Height>(height_at_heal_, n->chain.size());
        if (n->engine) max_round = std::max(max_round, n->engine->round());
    }
    // A decision within a bounded number of rounds: each equivocator may spoil the rounds it proposes, and a
    // few more go to rejoining; each round waits at most its three timeouts plus message delays.
    const Round rounds = static_cast<Round>(scenario_.equivocators.size()) + 4;
    uint64_t budget = 2 * scenario_.tx_interval_ms + 2 * kGossipIntervalMs + 500;
    for (Round r = max_round; r < max_round + rounds; ++r) {
        budget += kTimeouts.duration_ms(Step::propose, r) + kTimeouts.duration_ms(Step::prevote, r) +
                  kTimeouts.duration_ms(Step::precommit, r) + 6 * kHealedMaxDelayMs;
    }
    push(now_ + budget, Kind::deadline, 0);
}

std::string Simulation::describe_nodes() const {
    std::ostringstream o;
    for (const auto& n : nodes_) {
        o << "\n    v" << n->index << (n->equivocator ? " (equivocator)" : "") << (n->up ? "" : " down")
          << ": " << n->chain.size() << " committed";
        if (n->engine && n->engine->started()) {
            const Engine& e = *n->engine;
            o << ", at height " << e.height() << " round " << e.round() << " " << step_name(e.current_step())
              << (e.decided() ? " decided" : "") << ", locked round "
              << static_cast<int64_t>(e.locked_round() == kNoRound ? -1 : e.locked_round())
              << ", valid round " << static_cast<int64_t>(e.valid_round() == kNoRound ? -1 : e.valid_round());
        }
        o << ", mempool " << n->mempool.size() << ", known blocks " << n->known_blocks.size() << ", wanted "
          << n->wanted_blocks.size();
        if (n->engine && n->engine->started()) {
            const Engine& e = *n->engine;
            for (Round r = e.round() == 0 ? 0 : e.round() - 1; r <= e.round(); ++r) {
                for (VoteType t : {VoteType::prevote, VoteType::precommit}) {
                    o << "\n      round " << r << " " << vote_type_name(t) << "s:";
                    for (const Vote& v : e.votes_in(r, t)) {
                        o << " v" << v.validator_index << "="
                          << (v.is_nil() ? "nil" : to_hex(v.block_hash).substr(0, 6));
                    }
                }
            }
        }
    }
    return o.str();
}

void Simulation::maybe_done() {
    if (!healed_ || done_) return;
    for (auto& n : nodes_) {
        if (!n->equivocator && n->chain.size() < height_at_heal_ + 2) return;
    }
    for (const auto& [e, count] : equivocations_after_heal_) {
        if (count > 0 && !evidence_against_.count(e)) return;
    }
    done_ = true;
}

void Simulation::check_deadline() {
    for (auto& n : nodes_) {
        if (n->equivocator) continue;
        if (n->chain.size() <= height_at_heal_) {
            fail("validator " + std::to_string(n->index) + " decided nothing after healing (height " +
                 std::to_string(n->chain.size() + 1) + ", round " +
                 std::to_string(n->engine ? n->engine->round() : 0) + "); healed at height " +
                 std::to_string(height_at_heal_) + describe_nodes());
        }
    }
    for (const auto& [e, count] : equivocations_after_heal_) {
        if (count > 0 && !evidence_against_.count(e)) {
            fail("equivocator " + std::to_string(e) + " equivocated " + std::to_string(count) +
                 " times after healing and is in no evidence");
        }
    }
    done_ = true;
}

Outcome Simulation::run() {
    const size_t n = nodes_.size();
    partition_side_.assign(n, 0);
    // The fault plan, drawn up front.
    if (scenario_.crashes) {
        for (uint16_t i = 0; i < n; ++i) {
            if (nodes_[i]->equivocator || !rng_.chance(0.6)) continue;
            const uint64_t at = rng_.between(100, scenario_.heal_at_ms - 50);
            push(at, Kind::crash, i);
            push(std::min(at + rng_.between(100, 1500), scenario_.heal_at_ms), Kind::restart, i);
        }
    }
    if (scenario_.partitions) {
        for (uint64_t at = rng_.between(0, 500); at + 100 < scenario_.heal_at_ms;
             at += rng_.between(300, 1500)) {
            push(at, Kind::partition_start, 0);
            at += rng_.between(200, 1500);
            push(std::min(at, scenario_.heal_at_ms), Kind::partition_end, 0);
        }
    }
    push(scenario_.heal_at_ms, Kind::heal, 0);
    push(rng_.between(0, scenario_.tx_interval_ms), Kind::submit_tx, 0);
    for (uint16_t i = 0; i < n; ++i) push(rng_.between(1, kGossipIntervalMs), Kind::gossip, i);
    flush_pushes();
    for (auto& node : nodes_) {
        node->engine = std::make_unique<Engine>(config_, node->signer.get(), &verifier_);
        step(*node, StartHeight{1, set_});
    }
    flush_pushes();

    while (!queue_.empty() && !done_ && failure_.empty()) {
        Item item = queue_.top();
        queue_.pop();
        now_ = item.time;
        Node& node = *nodes_[item.node];
        switch (item.kind) {
            case Kind::deliver_proposal:
                if (node.up) receive(node, item.from, item.proposal);
                break;
            case Kind::deliver_vote:
                if (node.up) receive(node, item.from, item.vote);
                break;
            case Kind::deliver_commit:
                if (node.up) receive_commit(node, item);
                break;
            case Kind::deliver_tx:
                if (node.up && !node.committed_txs.count(item.tx) && node.mempool.size() < kMaxMempool &&
                    std::find(node.mempool.begin(), node.mempool.end(), item.tx) == node.mempool.end()) {
                    node.mempool.push_back(item.tx);
                    step(node, TxsAvailable{});
                }
                break;
            case Kind::timeout:
                if (node.up && item.epoch == node.epoch) {
                    Writer& t = trace_.record();
                    t.u8(0xE0);
                    t.u64(now_);
                    t.u16(node.index);
                    t.u32(item.timeout.round);
                    t.u8(static_cast<uint8_t>(item.timeout.step));
                    step(node, item.timeout);
                }
                break;
            case Kind::block_built:
                if (node.up && item.epoch == node.epoch) build_block(node, item.height, item.round);
                break;
            case Kind::block_checked:
                if (node.up && item.epoch == node.epoch) {
                    auto valid = check_block(node, item.block);
                    if (valid) {
                        step(node, BlockChecked{item.height, item.block,
                                                *valid ? BlockVerdict::valid : BlockVerdict::invalid});
                    }
                }
                break;
            case Kind::gossip:
                if (node.up) {
                    for (const auto& m : node.own_messages) broadcast(node.index, m);
                    // Stalled since the last tick: relay every vote held for this round and the one before,
                    // as CometBFT's reactor sends a peer the votes of its round that it lacks (a vote can
                    // otherwise be lost for good: dropped, then its signer crashed).
                    if (node.engine && node.engine->started()) {
                        const Engine& e = *node.engine;
                        const std::tuple<Height, Round, Step> now_at{e.height(), e.round(), e.current_step()};
                        if (now_at == node.seen_at_last_gossip) {
                            for (Round r = e.round() == 0 ? 0 : e.round() - 1; r <= e.round(); ++r) {
                                for (VoteType t : {VoteType::prevote, VoteType::precommit}) {
                                    for (const Vote& v : e.votes_in(r, t)) {
                                        if (v.validator_index != node.index) broadcast(node.index, v);
                                    }
                                }
                            }
                        }
                        node.seen_at_last_gossip = now_at;
                    }
                    // Relay the polka behind the node's valid block: a re-proposal of it needs those prevotes
                    // everywhere (CometBFT's reactor relays a proposal's POL prevotes alike).
                    if (node.engine && node.engine->started() && node.engine->valid_round() != kNoRound) {
                        const Engine& e = *node.engine;
                        for (const Vote& v :
                             e.votes_for(e.valid_round(), VoteType::prevote, e.valid_block())) {
                            broadcast(node.index, v);
                        }
                    }
                }
                push(now_ + kGossipIntervalMs + rng_.between(0, 50), Kind::gossip, item.node);
                break;
            case Kind::crash:
                if (!healed_ && node.up) {
                    node.crash_after_actions = static_cast<int>(rng_.between(0, 3));
                    push(now_ + 50, Kind::hard_crash, item.node);
                }
                break;
            case Kind::hard_crash:
                if (!healed_ && item.epoch == node.epoch) crash(node);
                break;
            case Kind::restart:
                restart(node);
                break;
            case Kind::submit_tx: {
                const uint64_t tx = ++tx_counter_;
                const uint16_t to = static_cast<uint16_t>(rng_.below(n));
                for (uint16_t i = 0; i < n; ++i) {
                    if (i != to && (!link_up(to, i) || dropped())) continue;
                    Item& d = push(now_ + (i == to ? 0 : delay()), Kind::deliver_tx, i);
                    d.tx = tx;
                }
                push(now_ + rng_.between(scenario_.tx_interval_ms / 2, scenario_.tx_interval_ms * 3 / 2),
                     Kind::submit_tx, 0);
                break;
            }
            case Kind::partition_start:
                if (!healed_) {
                    partitioned_ = true;
                    // Two non-empty sides.
                    const uint16_t pivot = static_cast<uint16_t>(rng_.below(n));
                    for (uint16_t i = 0; i < n; ++i) partition_side_[i] = i == pivot ? 1 : rng_.chance(0.5);
                    partition_side_[(pivot + 1) % n] = 0;
                }
                break;
            case Kind::partition_end:
                partitioned_ = false;
                break;
            case Kind::heal:
                heal();
                break;
            case Kind::deadline:
                check_deadline();
                break;
        }
        flush_pushes();
    }
    if (failure_.empty() && !done_) fail("the event queue ran dry before the deadline");
    outcome_.ok = failure_.empty();
    outcome_.failure = failure_;
    outcome_.trace_hash = trace_.finish();
    outcome_.virtual_ms = now_;
    return outcome_;
}

}  // namespace

const char* family_name(Family family) {
    switch (family) {
        case Family::four_validators:
            return "four_validators";
        case Family::seven_validators:
            return "seven_validators";
        case Family::four_with_equivocator:
            return "four_with_equivocator";
        case Family::seven_with_equivocators:
            return "seven_with_equivocators";
    }
    return "unknown";
}

Scenario Scenario::from_seed(uint64_t seed, Family family) {
    Scenario s;
    s.seed = seed;
    s.family = family;
    Rng r(seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(family) + 1);
    const bool seven = family == Family::seven_validators || family == Family::seven_with_equivocators;
    const size_t n = seven ? 7 : 4;
    for (size_t i = 0; i < n; ++i)
        s.powers.push_back(family == Family::four_with_equivocator ? 1 : r.between(1, 3));
    const size_t faulty = family == Family::four_with_equivocator     ? 1
                          : family == Family::seven_with_equivocators ? 2
                                                                      : 0;
    while (s.equivocators.size() < faulty) {
        const uint16_t e = static_cast<uint16_t>(r.below(n));
        if (std::find(s.equivocators.begin(), s.equivocators.end(), e) == s.equivocators.end()) {
            s.equivocators.push_back(e);
            s.powers[e] = 1;  // f < n/3 by power: two of seven with power 1 against at least 5
        }
    }
    s.drop_rate = static_cast<double>(r.between(0, 25)) / 100.0;
    s.max_delay_ms = r.between(5, 150);
    s.partitions = r.chance(0.5);
    s.crashes = r.chance(faulty ? 0.5 : 0.8);
    s.heal_at_ms = r.between(1000, 3000);
    s.tx_interval_ms = r.between(80, 400);
    return s;
}

std::string Scenario::describe() const {
    std::ostringstream o;
    o << family_name(family) << " seed " << seed << ": powers [";
    for (size_t i = 0; i < powers.size(); ++i) o << (i ? "," : "") << powers[i];
    o << "], equivocators [";
    for (size_t i = 0; i < equivocators.size(); ++i) o << (i ? "," : "") << equivocators[i];
    o << "], drop " << drop_rate << ", delay <= " << max_delay_ms << " ms, partitions " << partitions
      << ", crashes " << crashes << ", heal at " << heal_at_ms << " ms, a tx every ~" << tx_interval_ms
      << " ms";
    return o.str();
}

Outcome run(const Scenario& scenario) {
    return Simulation(scenario).run();
}

}  // namespace folio::consensus::sim

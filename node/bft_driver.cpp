#include "node/bft_driver.h"

#include <algorithm>
#include <cstdio>

#include "chain/validator_set_state.h"
#include "node/log.h"

namespace folio::node {
namespace {

constexpr size_t kMaxInbox = 100000;   // inputs waiting for the driver thread; above it, gossip is dropped
constexpr size_t kMaxHeldBlocks = 64;  // proposals of one height kept (a proposer per round, a few rounds)

// Whole milliseconds since `start`, for the debug log's step timings.
long long ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}
constexpr size_t kMaxTxGossipBatch = 2000;  // txs per gossip frame

std::map<std::string, uint64_t> timing_params(const StateView& state) {
    std::map<std::string, uint64_t> out;
    for (const char* name : {"consensus_timeout_propose_ms", "consensus_timeout_prevote_ms",
                             "consensus_timeout_precommit_ms", "consensus_timeout_delta_ms"}) {
        uint64_t v = 0;
        if (read_param(state, name, v)) out[name] = v;
    }
    return out;
}

}  // namespace

ConsensusProducer::ConsensusProducer(Ledger& ledger, const InstrumentRegistry& registry, Mempool& mempool,
                                     CommitHub& hub, NodeMetrics& metrics, CachedVerifier& tx_signatures,
                                     p2p::TransportConfig transport_config, p2p::NodeIdentity identity,
                                     std::optional<ValidatorSigning> signing, ConsensusOptions options)
    : ledger_(ledger),
      registry_(registry),
      mempool_(mempool),
      hub_(hub),
      metrics_(metrics),
      tx_signatures_(tx_signatures),
      options_(std::move(options)),
      signing_(std::move(signing)) {
    consensus::EngineConfig config;
    config.chain_id = ledger_.chain_id();
    config.timeouts = consensus::Timeouts::from_params(timing_params(ledger_.state()));
    // Like --dev, blocks only when there are txs: an idle register does not grow by empty blocks.
    config.create_empty_blocks = false;
    std::optional<consensus::SafetyState> resume;
    if (signing_) resume = signing_->safety->state();
    engine_ = std::make_unique<consensus::Engine>(config, signing_ ? signing_->signer.get() : nullptr,
                                                  &vote_verifier_, resume);
    validators_ = set_at(ledger_.height() + 1);
    if (signing_ && signing_->valid_block) restore_valid_block(resume);

    transport_config.chain_id = ledger_.chain_id();
    transport_config.role = signing_ ? p2p::NodeRole::validator : p2p::NodeRole::observer;
    transport_config.status = p2p::StatusMessage{ledger_.height(), ledger_.head().hash(), {}};
    p2p::Callbacks callbacks;
    callbacks.on_message = [this](const p2p::PeerKey& peer, p2p::MessageType, const p2p::Message& message) {
        if (const auto* txs = std::get_if<p2p::TxsMessage>(&message))
            queue_gossiped_txs(peer, *txs);
        else
            post(NetMessage{peer, message});
    };
    callbacks.on_peer_up = [this](const p2p::PeerInfo& info) { post(info); };
    callbacks.on_peer_down = [this](const p2p::PeerKey& peer, p2p::DropReason) { post(PeerDown{peer}); };
    callbacks.on_log = [](p2p::LogLevel level, std::string_view line) {
        const std::string text(line);
        if (level == p2p::LogLevel::warn)
            log_warn("p2p", text);
        else if (level == p2p::LogLevel::info)
            log_info("p2p", text);
        else
            log_debug("p2p", text);
    };
    transport_ = std::make_unique<p2p::Transport>(std::move(transport_config), std::move(identity),
                                                  allowed_peers(), std::move(callbacks));
    status_.role = signing_ ? "validator" : "observer";
}

ConsensusProducer::~ConsensusProducer() {
    stop();
}

Status ConsensusProducer::start_network() {
    return transport_->start();
}

void ConsensusProducer::start() {
    thread_ = std::thread([this] { run(); });
    admission_thread_ = std::thread([this] { run_tx_admission(); });
}

void ConsensusProducer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
    }
    cv_.notify_all();
    {
        std::lock_guard lock(admission_mutex_);
        admission_stopping_ = true;
    }
    admission_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (admission_thread_.joinable()) admission_thread_.join();
    if (transport_) transport_->stop();
}

void ConsensusProducer::wake() {
    post(Woken{});
}

bool ConsensusProducer::healthy() const {
    std::lock_guard lock(mutex_);
    return healthy_;
}

void ConsensusProducer::tx_admitted(const TxPtr& tx) {
    std::lock_guard lock(mutex_);
    admitted_.push_back(tx);
}

ConsensusStatus ConsensusProducer::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::vector<p2p::PeerInfo> ConsensusProducer::peers() const {
    return transport_->peers();
}

std::vector<consensus::Evidence> ConsensusProducer::evidence() const {
    std::lock_guard lock(mutex_);
    return {evidence_.begin(), evidence_.end()};
}

ConsensusCounters ConsensusProducer::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

p2p::Counters ConsensusProducer::transport_counters() const {
    return transport_->counters();
}

void ConsensusProducer::post(Input input) {
    {
        std::lock_guard lock(mutex_);
        // A flood of gossip must not grow memory without bound: past the bound, peer messages are dropped
        // (their senders re-send what matters); peers coming and going are always kept.
        if (inbox_.size() >= kMaxInbox && std::holds_alternative<NetMessage>(input)) return;
        inbox_.push_back(std::move(input));
    }
    cv_.notify_one();
}

std::shared_ptr<const ValidatorSet> ConsensusProducer::set_at(Height height) const {
    auto snapshot = ledger_.snapshot();
    return std::make_shared<const ValidatorSet>(
        validator_set_at(snapshot.state(), height, ledger_.genesis().validators).set);
}

std::vector<p2p::AllowedPeer> ConsensusProducer::allowed_peers() const {
    std::vector<p2p::AllowedPeer> out = options_.observer_keys;
    // The set deciding now and the one after it (a change takes effect two heights after its block), so that
    // a joining validator can connect before its first height.
    for (Height h : {ledger_.height() + 1, ledger_.height() + 2}) {
        const auto set = set_at(h);  // held: a range over a temporary's member would dangle
        for (const Validator& v : set->validators) {
            p2p::PeerKey key{};
            std::copy(v.p2p_key.begin(), v.p2p_key.end(), key.begin());
            const bool known =
                std::any_of(out.begin(), out.end(), [&](const auto& a) { return a.key == key; });
            if (!known) out.push_back(p2p::AllowedPeer{key, v.name});
        }
    }
    return out;
}

void ConsensusProducer::run() {
    start_height();
    for (;;) {
        std::deque<Input> inputs;
        std::vector<TxPtr> admitted;
        {
            std::unique_lock lock(mutex_);
            const auto now = SteadyClock::now();
            auto deadline = std::min(next_gossip_, timers_.empty() ? next_gossip_ : timers_.top().at);
            if (!tx_outbox_.empty())
                deadline = std::min(
                    deadline, tx_outbox_since_ + std::chrono::milliseconds(options_.tx_gossip_delay_ms));
            if (inbox_.empty() && admitted_.empty() && !stopping_ && deadline > now) {
                cv_.wait_until(lock, deadline,
                               [&] { return !inbox_.empty() || !admitted_.empty() || stopping_; });
            }
            if (stopping_) return;
            inputs.swap(inbox_);
            admitted.swap(admitted_);
        }
        if (!admitted.empty()) {
            if (tx_outbox_.empty()) tx_outbox_since_ = SteadyClock::now();
            tx_outbox_.insert(tx_outbox_.end(), admitted.begin(), admitted.end());
            step(consensus::TxsAvailable{});
        }
        for (const Input& input : inputs) {
            handle(input);
            if (!healthy()) return;
        }
        const auto now = SteadyClock::now();
        while (!timers_.empty() && timers_.top().at <= now) {
            const consensus::TimeoutFired fired = timers_.top().timeout;
            timers_.pop();
            step(fired);
        }
        if (!tx_outbox_.empty() &&
            (tx_outbox_.size() >= kMaxTxGossipBatch ||
             now >= tx_outbox_since_ + std::chrono::milliseconds(options_.tx_gossip_delay_ms))) {
            flush_tx_gossip();
        }
        if (now >= next_gossip_) {
            gossip_tick();
            next_gossip_ = now + std::chrono::milliseconds(options_.gossip_interval_ms);
        }
        if (!healthy()) return;
    }
}

void ConsensusProducer::handle(const Input& input) {
    std::visit(
        [&](const auto& in) {
            using T = std::decay_t<decltype(in)>;
            if constexpr (std::is_same_v<T, NetMessage>) {
                on_net(in.peer, in.message);
            } else if constexpr (std::is_same_v<T, p2p::PeerInfo>) {
                peer_heights_[in.p2p_pubkey] = in.height;
                request_blocks_if_behind();
            } else if constexpr (std::is_same_v<T, PeerDown>) {
                peer_heights_.erase(in.peer);
                if (sync_request_ && sync_request_->first == in.peer) sync_request_.reset();
            } else {
                step(consensus::TxsAvailable{});
            }
        },
        input);
}

void ConsensusProducer::on_net(const p2p::PeerKey& peer, const p2p::Message& message) {
    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, p2p::ProposalMessage>) {
                on_proposal(peer, m);
            } else if constexpr (std::is_same_v<T, p2p::VoteMessage>) {
                if (m.vote.height > ledger_.height() + 1) {
                    // A vote of a later height: its sender is ahead, so this node has blocks to fetch.
                    peer_heights_[peer] = std::max(peer_heights_[peer], m.vote.height - 1);
                    request_blocks_if_behind();
                    return;
                }
                step(consensus::VoteReceived{m.vote}, &peer);
            } else if constexpr (std::is_same_v<T, p2p::StatusMessage>) {
                on_status(peer, m);
            } else if constexpr (std::is_same_v<T, p2p::BlockRequest>) {
                serve_blocks(peer, m);
            } else if constexpr (std::is_same_v<T, p2p::BlockResponse>) {
                on_block_response(peer, m);
            }
            // Hello is the transport's own and never delivered.
        },
        message);
}

void ConsensusProducer::on_proposal(const p2p::PeerKey& peer, const p2p::ProposalMessage& m) {
    const BlockHash hash = m.block.header.hash();
    if (hash != m.proposal.block_hash) {
        transport_->drop_peer(peer, "proposal names block " + to_hex(m.proposal.block_hash) +
                                        " but carries block " + to_hex(hash));
        return;
    }
    const Height height = ledger_.height() + 1;
    if (m.proposal.height == height && !held_.count(hash) && held_.size() < kMaxHeldBlocks) {
        held_.emplace(hash, HeldBlock{m.block, std::nullopt, hash, {}});
    }
    if (m.proposal.height > height) {
        // A peer is ahead: this node fell behind and catches up by sync, not by this proposal.
        peer_heights_[peer] = std::max(peer_heights_[peer], m.proposal.height - 1);
        request_blocks_if_behind();
        return;
    }
    step(consensus::ProposalReceived{m.proposal, verdict_of(hash)}, &peer);
    if (awaited_.erase(hash) && held_.count(hash)) {
        if (auto verdict = verdict_of(hash)) step(consensus::BlockChecked{height, hash, *verdict});
    }
    if (undelivered_decision_ && undelivered_decision_->block_hash == hash) {
        const consensus::Decide d = *undelivered_decision_;
        decide(d);
    }
}

void ConsensusProducer::on_status(const p2p::PeerKey& peer, const p2p::StatusMessage& m) {
    peer_heights_[peer] = m.height;
    request_blocks_if_behind();
}

void ConsensusProducer::step(const consensus::Event& event, const p2p::PeerKey* from) {
    // Events that carrying out an action produces (a check's verdict, the next height) wait until every
    // action of the batch before them is done: stepping the engine in the middle of a batch would let a later
    // action of the old batch (a PersistSafetyState) overwrite what the new one persisted.
    events_.push_back(QueuedEvent{event, from ? std::optional<p2p::PeerKey>(*from) : std::nullopt});
    if (stepping_) return;
    stepping_ = true;
    while (!events_.empty() && healthy()) {
        QueuedEvent next = std::move(events_.front());
        events_.pop_front();
        const std::vector<consensus::Action> actions = engine_->step(next.event);
        for (const consensus::Action& action : actions) {
            carry_out(action, next.from ? &*next.from : nullptr);
            if (!healthy()) break;
        }
    }
    stepping_ = false;
    std::lock_guard lock(mutex_);
    status_.height = engine_->height();
    status_.round = engine_->round();
    status_.step = consensus::step_name(engine_->current_step());
    if (engine_->started() && validators_ && !validators_->validators.empty())
        status_.proposer = validators_->validators.at(engine_->proposer_of(engine_->round())).name;
}

void ConsensusProducer::carry_out(const consensus::Action& action, const p2p::PeerKey* from) {
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, consensus::BuildBlock>) {
                build_block(a);
            } else if constexpr (std::is_same_v<T, consensus::CheckBlock>) {
                auto verdict = verdict_of(a.block_hash);
                if (!verdict) awaited_[a.block_hash] = true;
                step(consensus::BlockChecked{a.height, a.block_hash,
                                             verdict.value_or(consensus::BlockVerdict::unavailable)});
            } else if constexpr (std::is_same_v<T, consensus::PersistSafetyState>) {
                if (!signing_) return;  // an observer signs nothing, so it has nothing to keep
                const auto started = SteadyClock::now();
                keep_valid_block(a.state.valid_block);
                if (Status s = signing_->safety->persist(a.state); !s)
                    fatal("cannot persist the safety state: " + s.error().message);
                log_debug("consensus", "safety state persisted in " + std::to_string(ms_since(started)) + " ms");
            } else if constexpr (std::is_same_v<T, consensus::BroadcastProposal>) {
                auto it = held_.find(a.proposal.block_hash);
                if (it == held_.end()) {
                    // A restarted validator re-proposing its valid block, which it lost in the crash: the
                    // proposal stays unsent, the round times out, and a later proposer that holds the block
                    // proposes it again (the other validators received it).
                    log_warn("consensus", "cannot re-propose block " + to_hex(a.proposal.block_hash) +
                                              " (not held since the restart, and " +
                                              privval::kValidBlockFileName +
                                              " did not have it); this round times out");
                    return;
                }
                own_proposals_.push_back(a.proposal);
                (void)transport_->broadcast(p2p::ProposalMessage{a.proposal, it->second.block});
                last_proposal_sent_ = SteadyClock::now();
            } else if constexpr (std::is_same_v<T, consensus::BroadcastVote>) {
                own_votes_.push_back(a.vote);
                (void)transport_->broadcast(p2p::VoteMessage{a.vote});
            } else if constexpr (std::is_same_v<T, consensus::ScheduleTimeout>) {
                timers_.push(Timer{SteadyClock::now() + std::chrono::milliseconds(a.duration_ms),
                                   consensus::TimeoutFired{a.height, a.round, a.step}});
            } else if constexpr (std::is_same_v<T, consensus::Decide>) {
                decide(a);
            } else if constexpr (std::is_same_v<T, consensus::ReportEvidence>) {
                log_warn("consensus", "evidence of equivocation by validator " +
                                          std::to_string(a.evidence.validator_index()) + " at height " +
                                          std::to_string(a.evidence.height()) + " round " +
                                          std::to_string(a.evidence.round()));
                std::lock_guard lock(mutex_);
                ++counters_.evidence;
                evidence_.push_back(a.evidence);
                while (evidence_.size() > options_.max_evidence_kept) evidence_.pop_front();
            } else if constexpr (std::is_same_v<T, consensus::MessageRefused>) {
                {
                    std::lock_guard lock(mutex_);
                    ++counters_.messages_refused;
                    if (a.misbehaviour()) ++counters_.misbehaviour;
                }
                if (a.misbehaviour() && from) {
                    transport_->drop_peer(*from,
                                          std::string(consensus::refusal_name(a.reason)) + ": " + a.detail);
                } else {
                    log_debug("consensus", std::string("message refused: ") +
                                               consensus::refusal_name(a.reason) + ": " + a.detail);
                }
            } else if constexpr (std::is_same_v<T, consensus::SigningRefused>) {
                log_warn("consensus", "signer refused: " + a.error.message);
                std::lock_guard lock(mutex_);
                ++counters_.signing_refused;
            }
        },
        action);
}

void ConsensusProducer::restore_valid_block(const std::optional<consensus::SafetyState>& resume) {
    const privval::ValidBlockFile& file = *signing_->valid_block;
    if (!file.load_error().empty()) log_warn("consensus", "valid-block file set aside: " + file.load_error());
    if (!resume || !file.block() || resume->valid_block == BlockHash{}) return;
    // Only the block the safety state names, at the height the engine resumes: anything else is stale.
    if (file.stored_hash() != resume->valid_block || file.block()->header.height != ledger_.height() + 1 ||
        resume->height != ledger_.height() + 1)
        return;
    restored_valid_block_ = *file.block();
}

void ConsensusProducer::keep_valid_block(const BlockHash& valid_block) {
    privval::ValidBlockFile* file = signing_->valid_block.get();
    if (!file || valid_block == BlockHash{} || valid_block == file->stored_hash()) return;
    const auto it = held_.find(valid_block);
    if (it == held_.end()) return;
    // Written before the safety state that names it. A failure costs the re-proposal after a crash, not
    // safety, so the validator goes on.
    if (Status s = file->persist(it->second.block); !s)
        log_warn("consensus", "cannot keep the valid block for a restart: " + s.error().message);
}

void ConsensusProducer::build_block(const consensus::BuildBlock& a) {
    if (a.height != ledger_.height() + 1) return;
    // A block built in an earlier round of this height stays committable under its own hash.
    for (auto& [hash, held] : held_) {
        if (held.check && held.check->ok() && !ledger_.has_candidate(hash)) {
            if (auto root = ledger_.prepare_candidate(hash, a.height, held.check->result.writes); !root)
                return fatal("cannot keep the block of an earlier round: " + root.error().message);
        }
    }
    const auto started = SteadyClock::now();
    std::vector<TxPtr> txs = mempool_.reap(options_.producer.max_bytes, options_.producer.max_txs);
    // Reaped txs passed their signature check at admission (the signature cache).
    const std::vector<bool> signatures_ok(txs.size(), true);
    BuiltBlock built =
        folio::build_block(ledger_, registry_, txs, signatures_ok, now_ms(), signing_->signer->pubkey());
    const BlockHash hash = built.block.header.hash();
    BlockCheck check;
    check.result = std::move(built.result);
    check.state_root = built.block.header.state_root;
    std::vector<TxPtr> not_included;
    for (const ExcludedTx& e : built.excluded) not_included.push_back(e.tx);
    log_debug("consensus", "built block " + std::to_string(a.height) + " round " + std::to_string(a.round) +
                               ": " + std::to_string(built.block.txs.size()) + " txs in " +
                               std::to_string(ms_since(started)) + " ms");
    held_[hash] = HeldBlock{std::move(built.block), std::move(check), hash, std::move(not_included)};
    step(consensus::BlockBuilt{a.height, a.round, hash});
}

std::optional<consensus::BlockVerdict> ConsensusProducer::verdict_of(const BlockHash& hash) {
    auto it = held_.find(hash);
    if (it == held_.end()) return std::nullopt;
    HeldBlock& held = it->second;
    if (!held.check) {
        const auto started = SteadyClock::now();
        held.check =
            check_block_on_head(ledger_, held.block, *validators_, registry_, tx_signatures_, now_ms());
        log_debug("consensus", "checked block " + std::to_string(held.block.header.height) + ": " +
                                   std::to_string(held.block.txs.size()) + " txs in " +
                                   std::to_string(ms_since(started)) + " ms");
        if (!held.check->ok()) {
            log_info("consensus", "block " + to_hex(hash) + " of height " +
                                      std::to_string(held.block.header.height) + " is invalid (" +
                                      std::string(block_fault_name(held.check->fault)) +
                                      "): " + held.check->error.message + "; prevoting nil");
        }
    }
    return held.check->ok() ? consensus::BlockVerdict::valid : consensus::BlockVerdict::invalid;
}

void ConsensusProducer::decide(const consensus::Decide& d) {
    auto it = held_.find(d.block_hash);
    if (it == held_.end() || !verdict_of(d.block_hash)) {
        // +2/3 precommitted a block this node never received: it comes with a re-sent proposal or by sync.
        undelivered_decision_ = d;
        request_blocks_if_behind();
        return;
    }
    undelivered_decision_.reset();
    if (!it->second.check->ok()) {
        return fatal("more than 2/3 of the power committed block " + to_hex(d.block_hash) + " at height " +
                     std::to_string(d.height) + ", which fails the block check here (" +
                     it->second.check->error.message + "): this node's state differs from the consortium's");
    }
    HeldBlock held = std::move(it->second);
    held_.clear();
    if (commit(held.block, d.certificate, held.check->result, held.not_included)) start_height();
}

bool ConsensusProducer::commit(const Block& block, const CommitCertificate& cert,
                               const ExecutionResult& result, const std::vector<TxPtr>& not_included) {
    const auto started = SteadyClock::now();
    if (options_.producer.before_commit) {
        if (Status s = options_.producer.before_commit(); !s) {
            fatal("block " + std::to_string(block.header.height) + " not committed: " + s.error().message);
            return false;
        }
    }
    if (Status s = ledger_.commit(block, cert, result); !s) {
        fatal("cannot commit block " + std::to_string(block.header.height) + ": " + s.error().message);
        return false;
    }
    const auto took = SteadyClock::now() - started;
    metrics_.last_block_commit_us =
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
    metrics_.blocks_committed++;
    size_t failed = 0;
    for (const auto& r : result.receipts) failed += r.status != TxStatus::success;
    metrics_.txs_committed += block.txs.size();
    metrics_.txs_failed += failed;
    std::vector<DroppedTx> dropped = mempool_.update(block, result, not_included);
    hub_.on_commit(block, result.receipts);
    if (!dropped.empty()) hub_.on_dropped(dropped);
    {
        std::lock_guard lock(mutex_);
        ++counters_.heights_decided;
    }
    char took_ms[32];
    std::snprintf(took_ms, sizeof(took_ms), "%.1f",
                  static_cast<double>(metrics_.last_block_commit_us.load()) / 1000.0);
    log_info("consensus", "block " + std::to_string(block.header.height) + " committed (round " +
                              std::to_string(cert.round) + "): " + std::to_string(block.txs.size()) +
                              " txs (" + std::to_string(failed) + " failed), " + took_ms + " ms");
    return true;
}

void ConsensusProducer::start_height() {
    const Height height = ledger_.height() + 1;
    auto previous = validators_;
    validators_ = set_at(height);
    if (!previous || previous->hash() != validators_->hash() ||
        set_at(height + 1)->hash() != validators_->hash()) {
        transport_->set_allowed(allowed_peers());
    }
    held_.clear();
    if (restored_valid_block_ && restored_valid_block_->header.height == height) {
        const BlockHash hash = restored_valid_block_->header.hash();
        log_info("consensus", "holding valid block " + to_hex(hash) + " of height " + std::to_string(height) +
                                  " again, read back from " + signing_->valid_block->path());
        held_.emplace(hash, HeldBlock{std::move(*restored_valid_block_), std::nullopt, hash, {}});
    }
    restored_valid_block_.reset();
    awaited_.clear();
    own_proposals_.clear();
    own_votes_.clear();
    timers_ = {};
    publish_status();
    step(consensus::StartHeight{height, validators_});
    if (mempool_.size() > 0) step(consensus::TxsAvailable{});
}

void ConsensusProducer::fatal(const std::string& what) {
    log_error("consensus", what + "; this node stops taking part in consensus");
    std::lock_guard lock(mutex_);
    healthy_ = false;
}

}  // namespace folio::node

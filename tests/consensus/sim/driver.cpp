// The driver half of the simulation: what a simulated node does with its engine's actions and with what the
// network brings it (a real node's driver does the same with real sockets, disks and clocks).
#include "sim/world.h"

namespace folio::consensus::sim {

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
    if (n.persisted && !scenario_.forget_safety_state) {
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

}  // namespace folio::consensus::sim

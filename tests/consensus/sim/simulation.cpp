#include "sim/simulation.h"

#include "sim/world.h"

namespace folio::consensus::sim {

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
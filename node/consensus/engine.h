// The Tendermint consensus engine (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus", 2018,
// Algorithm 1) as a pure state machine: the driver feeds it Events and carries out the Actions it returns, in
// the order returned. The engine does no I/O, reads no clock and draws no randomness: time enters as
// TimeoutFired events for the timeouts it asked for, signatures come from the injected Signer, and the rules
// see blocks only by hash and by the driver's verdict on them. docs/consensus.md describes the rules as
// implemented.
//
// Driver contract (what the engine relies on):
//   - One thread calls step(); the engine is not thread-safe.
//   - Actions are carried out in order. PersistSafetyState always comes before the Broadcast of anything
//     signed in the same batch: the driver makes it durable (fsync) before sending, or sends nothing.
//   - BuildBlock(h, r) is answered by BlockBuilt(h, r, hash) once the block exists (a stale answer is
//     ignored). CheckBlock(h, hash) is answered by BlockChecked(h, hash, verdict); `unavailable` means the
//     driver does not hold that block yet: it fetches it and sends BlockChecked again once it has a verdict.
//   - ScheduleTimeout(h, r, step, ms) is answered by TimeoutFired(h, r, step) after ms on the driver's
//     clock. Timeouts are never cancelled: a stale one is ignored.
//   - Decide(h, ...) ends the height: the driver commits the block with its certificate, then sends
//     StartHeight(h + 1, that height's validator set). Until then the engine refuses messages of h + 1, so
//     the driver commits promptly (gossip re-sends what is lost meanwhile). A driver that syncs a block it
//     did not decide also just sends StartHeight for the next height.
//   - TxsAvailable tells a chain configured without empty blocks that the mempool holds txs; send it when
//     txs arrive and after each StartHeight if some remain.
//   - Messages refused with a misbehaviour reason (MessageRefused::misbehaviour()) were sent or relayed by a
//     faulty peer: the driver logs and counts them and may drop that peer.
//   - Gossip delivers, eventually, every message between correct validators: own messages re-sent, the
//     prevotes behind a valid block relayed, a stalled peer's round served (docs/consensus.md, "What the
//     driver relays").
#pragma once

#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "node/consensus/messages.h"
#include "node/consensus/proposer.h"
#include "node/consensus/safety_state.h"
#include "node/consensus/vote_tally.h"

namespace folio::consensus {

// ---------------------------------------------------------------------------------------------------------
// Injected capabilities

// Signs what the engine asks for. The driver's signer persists its own record of what it signed and refuses a
// conflicting request (the same position with other bytes); re-signing identical bytes returns the stored
// signature. A refusal makes the engine stay silent in that step and move on through the round's timeouts.
class Signer {
  public:
    virtual ~Signer() = default;
    virtual const PubKey& pubkey() const = 0;
    virtual Result<Signature> sign(const SignPosition& position, const Hash256& sign_hash) = 0;
};

// Checks signatures of incoming messages; the driver may put a cache of verified signatures behind it.
class SignatureVerifier {
  public:
    virtual ~SignatureVerifier() = default;
    virtual bool verify(const Signature& signature, const Hash256& message, const PubKey& key) = 0;
};

// crypto::verify, nothing cached.
class PlainVerifier final : public SignatureVerifier {
  public:
    bool verify(const Signature& signature, const Hash256& message, const PubKey& key) override;
};

// Round timings, from the genesis parameters consensus_timeout_*_ms: the wait of a step in round r is
// base + delta_ms * r, so that rounds lengthen until they outlast the network's actual delays.
struct Timeouts {
    uint64_t propose_ms = 3000;
    uint64_t prevote_ms = 1000;
    uint64_t precommit_ms = 1000;
    uint64_t delta_ms = 500;

    uint64_t duration_ms(Step step, Round round) const;
    // From a parameter map (genesis params, or the state's); missing names keep the defaults above.
    static Timeouts from_params(const std::map<std::string, uint64_t>& params);
};

struct EngineConfig {
    ChainId chain_id{};
    Timeouts timeouts;
    // False: the proposer of round 0 waits for TxsAvailable instead of proposing an empty block.
    bool create_empty_blocks = true;
};

// ---------------------------------------------------------------------------------------------------------
// Events

enum class BlockVerdict : uint8_t { valid, invalid, unavailable };

struct StartHeight {
    Height height = 0;
    std::shared_ptr<const ValidatorSet> validators;  // the set that signs at this height
};
struct ProposalReceived {
    Proposal proposal;
    // The driver's check of the proposed block, if it already has one (else the engine asks: CheckBlock).
    std::optional<BlockVerdict> verdict;
};
struct VoteReceived {
    Vote vote;
};
struct TimeoutFired {
    Height height = 0;
    Round round = 0;
    Step step = Step::propose;
};
struct BlockBuilt {
    Height height = 0;
    Round round = 0;
    BlockHash block_hash{};
};
struct BlockChecked {
    Height height = 0;
    BlockHash block_hash{};
    BlockVerdict verdict = BlockVerdict::unavailable;
};
struct TxsAvailable {};

using Event = std::variant<StartHeight, ProposalReceived, VoteReceived, TimeoutFired, BlockBuilt,
                           BlockChecked, TxsAvailable>;

// ---------------------------------------------------------------------------------------------------------
// Actions

struct BuildBlock {
    Height height = 0;
    Round round = 0;
};
struct CheckBlock {
    Height height = 0;
    BlockHash block_hash{};
};
struct PersistSafetyState {
    SafetyState state;
};
struct BroadcastProposal {
    Proposal proposal;
};
struct BroadcastVote {
    Vote vote;
};
struct ScheduleTimeout {
    Height height = 0;
    Round round = 0;
    Step step = Step::propose;
    uint64_t duration_ms = 0;
};
struct Decide {
    Height height = 0;
    Round round = 0;
    BlockHash block_hash{};
    CommitCertificate certificate;  // every precommit for the block in that round, more than 2/3 of the power
};
struct ReportEvidence {
    Evidence evidence;
};

enum class Refusal : uint8_t {
    // Misbehaviour: a correct validator never signs or sends these.
    bad_signature,
    not_a_member,
    wrong_proposer,
    malformed,
    // Not misbehaviour: late, early or repeated messages of correct validators.
    stale_height,
    future_height,
    round_too_far,
    duplicate,
    not_started,
};
const char* refusal_name(Refusal refusal);

struct MessageRefused {
    Refusal reason = Refusal::malformed;
    std::string detail;
    bool misbehaviour() const { return reason <= Refusal::malformed; }
};
// The signer refused to sign: the engine stays silent in that step.
struct SigningRefused {
    SignPosition position;
    Error error;
};

using Action = std::variant<BuildBlock, CheckBlock, PersistSafetyState, BroadcastProposal, BroadcastVote,
                            ScheduleTimeout, Decide, ReportEvidence, MessageRefused, SigningRefused>;

// ---------------------------------------------------------------------------------------------------------

class Engine {
  public:
    // Bounds on what one height keeps. A validator's votes count in at most kMaxCatchUpRounds rounds above
    // round + 1 (enough for the f+1 round skip, as CometBFT's catch-up rounds); proposals are kept for rounds
    // up to round + kProposalWindow. Rounds at or below the current one are bounded by the rounds reached.
    static constexpr size_t kMaxCatchUpRounds = 2;
    static constexpr Round kProposalWindow = 4;

    // signer: null for an observer (it follows and decides, never signs). verifier: not null. resume: the
    // last SafetyState persisted, if any; the engine then never signs at or below its last signed position,
    // and resumes its round, step and lock when StartHeight names the same height.
    Engine(EngineConfig config, Signer* signer, SignatureVerifier* verifier,
           std::optional<SafetyState> resume = std::nullopt);

    std::vector<Action> step(const Event& event);

    // What consensus_status shows.
    Height height() const { return height_; }
    Round round() const { return round_; }
    Step current_step() const { return step_; }
    bool started() const { return validators_ != nullptr; }
    bool decided() const { return decided_; }
    Round locked_round() const { return locked_round_; }
    const BlockHash& locked_block() const { return locked_block_; }
    Round valid_round() const { return valid_round_; }
    const BlockHash& valid_block() const { return valid_block_; }
    // The proposer of (height(), r); the engine must be started.
    uint16_t proposer_of(Round r) const;
    // This validator's index in the height's set, or -1 (observer, or not in this height's set).
    int own_index() const { return own_index_; }
    // The safety state as it would be persisted now.
    SafetyState safety_state() const;
    // The votes held for a block in a round of this height: what gossip relays, above all the prevotes
    // behind the valid block, which a re-proposal's pol_round needs everywhere.
    std::vector<Vote> votes_for(Round round, VoteType type, const BlockHash& block) const;
    // Every vote held for a round of this height, conflicting ones included (for a peer that lacks them).
    std::vector<Vote> votes_in(Round round, VoteType type) const;

  private:
    class Batch;  // the actions of one step, built in order

    void on_start_height(const StartHeight& e, Batch& out);
    void on_proposal(const ProposalReceived& e, Batch& out);
    void on_vote(const Vote& vote, Batch& out);
    void on_timeout(const TimeoutFired& e, Batch& out);
    void on_block_built(const BlockBuilt& e, Batch& out);
    void on_block_checked(const BlockChecked& e, Batch& out);
    void on_txs_available(Batch& out);

    // Refusal common to proposals and votes, or nullopt if the message is for this height and may be counted.
    std::optional<MessageRefused> check_height(Height height, Round round) const;

    void start_round(Round round, Batch& out);
    void enter_propose_step(Batch& out);
    void evaluate(Batch& out);  // applies the rules of Algorithm 1 until none fires
    bool try_decide(Batch& out);
    bool try_round_skip(Batch& out);
    bool try_prevote_on_proposal(Batch& out);
    bool try_lock_on_polka(Batch& out);

    void sign_and_send_proposal(const BlockHash& block, Round pol_round, Batch& out);
    void sign_and_send_vote(VoteType type, const BlockHash& block, Batch& out);
    void schedule(Step step, Batch& out);
    // The verdict known for a block, asking the driver for it the first time.
    std::optional<bool> validity_of(const BlockHash& block, Batch& out);
    bool can_sign(const SignPosition& position) const;
    void remember_signed(const SignedMessage& m);
    void reset_height();

    EngineConfig config_;
    Signer* signer_;
    SignatureVerifier* verifier_;
    std::optional<SafetyState> resume_;

    // The height.
    Height height_ = 0;
    std::shared_ptr<const ValidatorSet> validators_;
    std::unique_ptr<ProposerSchedule> schedule_;
    uint64_t total_power_ = 0;
    int own_index_ = -1;
    bool decided_ = false;
    HeightVotes votes_;
    std::map<Round, Proposal> proposals_;  // the first verified proposal of each round
    std::set<std::tuple<Round, uint16_t, Step>>
        evidence_reported_;                              // one report per (round, validator, kind)
    std::map<BlockHash, std::optional<bool>> verdicts_;  // block -> valid; nullopt: asked, no verdict yet

    // The round (Algorithm 1: round_p, step_p and the "for the first time" guards).
    Round round_ = 0;
    Step step_ = Step::propose;
    bool awaiting_txs_ = false;
    bool txs_available_ = false;
    bool prevote_timeout_scheduled_ = false;
    bool precommit_timeout_scheduled_ = false;
    bool polka_seen_ = false;  // line 36 fired in this round

    // The safety state: lock and valid block (reset by each StartHeight), the last signed message, and the
    // height below which a restarted engine signs nothing (its lock there is gone).
    Round locked_round_ = kNoRound;
    BlockHash locked_block_{};
    Round valid_round_ = kNoRound;
    BlockHash valid_block_{};
    SignedMessage last_signed_;
    std::vector<SignedMessage> earlier_in_round_;
    Height sign_floor_height_ = 0;
};

}  // namespace folio::consensus

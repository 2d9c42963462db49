#include "chain/ledger.h"

#include "chain/crypto/hash.h"

namespace folio {

WriterPreferringMutex::WriterPreferringMutex() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
}
WriterPreferringMutex::~WriterPreferringMutex() { pthread_rwlock_destroy(&lock_); }
void WriterPreferringMutex::lock() { pthread_rwlock_wrlock(&lock_); }
void WriterPreferringMutex::unlock() { pthread_rwlock_unlock(&lock_); }
void WriterPreferringMutex::lock_shared() { pthread_rwlock_rdlock(&lock_); }
void WriterPreferringMutex::unlock_shared() { pthread_rwlock_unlock(&lock_); }

Hash256 Ledger::key_hash(ByteView state_key) { return crypto::tags::state_key()(state_key); }
Hash256 Ledger::value_hash(ByteView value) { return crypto::tags::state_value()(value); }

bool Ledger::MemoryState::get(ByteView key, Bytes& value) const {
    std::shared_lock lock(mutex_);
    auto it = map_.find(key);
    if (it == map_.end()) return false;
    value = it->second;
    return true;
}

void Ledger::MemoryState::apply(const StateWrites& writes) {
    std::unique_lock lock(mutex_);
    for (const auto& w : writes) {
        if (w.value) map_.insert_or_assign(w.key, *w.value);
        else map_.erase(w.key);
    }
}

std::vector<StateLeaf> Ledger::MemoryState::leaves() const {
    std::shared_lock lock(mutex_);
    std::vector<StateLeaf> out;
    out.reserve(map_.size());
    for (const auto& [k, v] : map_) out.push_back(StateLeaf{key_hash(k), value_hash(v)});
    return out;
}

Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::open(const LedgerOptions& options, const std::string& genesis_json) {
    std::unique_ptr<Ledger> ledger(new Ledger());
    if (Status s = ledger->load(options, genesis_json); !s) return s.error();
    return ledger;
}

Status Ledger::load(const LedgerOptions& options, const std::string& genesis_json) {
    auto store = Store::open(options.store);
    if (!store) return store.error();
    store_ = std::move(store).value();
    tree_ = std::make_unique<StateTree>(options.proof_versions_kept);

    if (!store_->initialized()) {
        if (genesis_json.empty()) return make_error(Reason::NOT_FOUND, "database is empty and no genesis was given");
        auto genesis = parse_genesis(genesis_json);
        if (!genesis) return genesis.error();
        genesis_ = std::move(genesis).value();
        const StateWrites writes = genesis_state(genesis_);
        std::vector<StateLeaf> leaves;
        leaves.reserve(writes.size());
        for (const auto& w : writes) leaves.push_back(StateLeaf{key_hash(w.key), value_hash(*w.value)});
        const Hash256 root = tree_->rebuild(0, std::move(leaves));
        const BlockHeader header = genesis_header(genesis_, root);
        if (Status s = store_->commit_genesis(genesis_json, header, writes); !s) return s;
        state_view_.apply(writes);
        chain_id_ = header.chain_id;
        head_ = header;
        return Status();
    }

    auto stored_json = store_->genesis_json();
    if (!stored_json) return stored_json.error();
    auto genesis = parse_genesis(*stored_json);
    if (!genesis) return make_error(Reason::CORRUPTION, "stored genesis: " + genesis.error().message);
    genesis_ = std::move(genesis).value();
    chain_id_ = genesis_.chain_id();
    if (!genesis_json.empty()) {
        auto given = parse_genesis(genesis_json);
        if (!given) return given.error();
        if (given->chain_id() != chain_id_) {
            return make_error(Reason::WRONG_CHAIN, "the database holds chain " + to_hex(chain_id_) +
                                                       ", not the genesis given (" + to_hex(given->chain_id()) + ")");
        }
    }
    const Height height = store_->height();
    auto head = store_->header(height);
    if (!head) {
        return make_error(head.reason(), "header of stored height " + std::to_string(height) + ": " + head.error().message);
    }

    std::vector<StateLeaf> leaves;
    Status s = store_->for_each_state([&](Bytes key, Bytes value) {
        leaves.push_back(StateLeaf{key_hash(key), value_hash(value)});
        state_view_.put(std::move(key), std::move(value));
    });
    if (!s) return s;
    const Hash256 root = tree_->rebuild(height, std::move(leaves));
    if (root != head->state_root) {
        return make_error(Reason::CORRUPTION, "stored state root " + to_hex(root) + " does not match block " +
                                                  std::to_string(height) + "'s state_root " +
                                                  to_hex(head->state_root) + ": the database is damaged");
    }
    // The stored genesis must be the one this chain was started from: its hash is in every header.
    if (head->chain_id != chain_id_) {
        return make_error(Reason::CORRUPTION, "stored genesis hashes to " + to_hex(chain_id_) +
                                                  " but the stored blocks belong to chain " + to_hex(head->chain_id));
    }
    head_ = *head;
    opened_at_ = height;
    return Status();
}

Height Ledger::height() const {
    std::lock_guard lock(head_mutex_);
    return head_.height;
}

BlockHeader Ledger::head() const {
    std::lock_guard lock(head_mutex_);
    return head_;
}

std::vector<StateUpdate> Ledger::updates_of(const StateWrites& writes) {
    std::vector<StateUpdate> updates;
    updates.reserve(writes.size());
    for (const auto& w : writes) {
        updates.push_back(StateUpdate{key_hash(w.key), w.value ? std::optional<Hash256>(value_hash(*w.value)) : std::nullopt});
    }
    return updates;
}

Hash256 Ledger::state_root_after(Height height, const StateWrites& writes) {
    if (built_) tree_->discard_draft(built_->draft_id);
    const StateTree::DraftRoot d = tree_->draft(updates_of(writes));
    built_ = Candidate{d.id, height, d.root};
    return d.root;
}

Result<Hash256> Ledger::prepare_candidate(const BlockHash& block_hash, Height height, const StateWrites& writes) {
    const Height head = this->height();
    if (height != head + 1) {
        return make_error(Reason::INVALID_ARGUMENT, "candidate of height " + std::to_string(height) +
                                                        " on a head of height " + std::to_string(head));
    }
    if (auto it = candidates_.find(block_hash); it != candidates_.end()) return it->second.state_root;
    const StateTree::DraftRoot d = tree_->draft(updates_of(writes));
    candidates_.emplace(block_hash, Candidate{d.id, height, d.root});
    return d.root;
}

void Ledger::discard_candidate(const BlockHash& block_hash) {
    auto it = candidates_.find(block_hash);
    if (it == candidates_.end()) return;
    tree_->discard_draft(it->second.draft_id);
    candidates_.erase(it);
}

Status Ledger::commit(const Block& block, const CommitCertificate& cert, const ExecutionResult& result) {
    const BlockHeader& h = block.header;
    std::optional<Candidate> chosen;
    if (auto it = candidates_.find(h.hash()); it != candidates_.end()) chosen = it->second;
    else if (built_ && built_->height == h.height && built_->state_root == h.state_root) chosen = built_;
    if (!chosen || chosen->height != h.height || chosen->state_root != h.state_root) {
        return make_error(Reason::INTERNAL, "commit of a block whose state_root was not computed by "
                                            "state_root_after or prepare_candidate");
    }
    if (Status s = store_->commit_block(block, cert, result); !s) return s;
    // Publishing one draft discards the others: every candidate of this height goes.
    tree_->publish_draft(h.height, chosen->draft_id);
    candidates_.clear();
    built_.reset();
    std::lock_guard publish(publish_mutex_);
    state_view_.apply(result.writes);
    std::lock_guard lock(head_mutex_);
    head_ = h;
    return Status();
}

Ledger::Snapshot Ledger::snapshot() const {
    // head_ is written only under publish_mutex_ (held exclusively), so holding it shared makes head_ stable.
    std::shared_lock publish(publish_mutex_);
    return Snapshot(std::move(publish), head_, state_view_);
}

std::optional<StateProof> Ledger::prove(Height height, ByteView state_key) const {
    if (height > this->height() || height < oldest_provable_height()) return std::nullopt;
    return tree_->prove(height, key_hash(state_key));
}

Height Ledger::oldest_provable_height() const { return std::max(opened_at_, tree_->oldest_version()); }

}  // namespace folio

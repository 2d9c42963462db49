#include "chain/validator_set_state.h"

#include <cstdio>
#include <cstdlib>
#include <set>

#include "chain/crypto/ed25519.h"
#include "chain/crypto/schnorr.h"
#include "chain/tx.h"  // is_valid_utf8

namespace folio {
namespace {

constexpr uint8_t kChangeVersion = 1;

Status invalid(size_t index, std::string_view field, std::string_view why) {
    std::string m = "validators[" + std::to_string(index) + "]";
    if (!field.empty()) {
        m += '.';
        m += field;
    }
    m += ": ";
    m += why;
    return make_error(Reason::INVALID_ARGUMENT, std::move(m));
}

}  // namespace

namespace state_key {
Bytes validator_set_change(uint32_t index) {
    Bytes k;
    k.reserve(5);
    k.push_back(static_cast<uint8_t>(KeyPrefix::validator_set));
    for (int i = 3; i >= 0; --i) k.push_back(static_cast<uint8_t>(index >> (8 * i)));
    return k;
}
Bytes validator_set_change_count() {
    return meta("validator_set_changes");
}
}  // namespace state_key

Bytes ValidatorSetChange::encode() const {
    Writer w(32 + set.validators.size() * 120);
    w.u8(kChangeVersion);
    w.u64(effective_from);
    w.u64(committed_height);
    w.raw(set.encode());
    return w.take();
}

bool ValidatorSetChange::decode(ByteView data, ValidatorSetChange& out) {
    Reader r(data);
    ValidatorSetChange c;
    if (!(r.version("validator set change version", kChangeVersion) &&
          r.u64("effective_from", c.effective_from) && r.u64("committed_height", c.committed_height))) {
        return false;
    }
    const size_t header = 1 + 8 + 8;
    auto set = ValidatorSet::decode(data.subspan(header));
    if (!set) return false;
    c.set = std::move(*set);
    out = std::move(c);
    return true;
}

Status check_validator_set(const ValidatorSet& set) {
    if (set.validators.empty()) return make_error(Reason::INVALID_ARGUMENT, "validators: the set is empty");
    if (set.validators.size() > kMaxValidators) {
        return make_error(Reason::INVALID_ARGUMENT, "validators: " + std::to_string(set.validators.size()) +
                                                        " validators, at most " +
                                                        std::to_string(kMaxValidators));
    }
    std::set<PubKey> consensus_keys;
    std::set<Hash256> p2p_keys;
    std::set<std::string> names;
    uint64_t total = 0;
    for (size_t i = 0; i < set.validators.size(); ++i) {
        const Validator& v = set.validators[i];
        if (v.name.empty() || v.name.size() > 64) return invalid(i, "name", "must be 1 to 64 bytes");
        if (!is_valid_utf8(v.name)) return invalid(i, "name", "not valid UTF-8");
        if (!names.insert(v.name).second) return invalid(i, "name", "appears twice");
        if (!crypto::is_valid_pubkey(v.consensus_key)) {
            return invalid(i, "consensus_pubkey", "is not a valid x-only secp256k1 public key");
        }
        if (!consensus_keys.insert(v.consensus_key).second)
            return invalid(i, "consensus_pubkey", "appears twice");
        if (!crypto::is_valid_ed25519_pubkey(v.p2p_key)) {
            return invalid(i, "p2p_pubkey", "is not a valid Ed25519 public key");
        }
        if (!p2p_keys.insert(v.p2p_key).second) return invalid(i, "p2p_pubkey", "appears twice");
        if (v.power == 0 || v.power > kMaxValidatorPower)
            return invalid(i, "power", "must be between 1 and 2^48");
        if (!checked_add(total, v.power, total)) {
            return make_error(Reason::OVERFLOW, "validators: the total power overflows");
        }
    }
    return Status();
}

uint32_t validator_set_change_count(const StateView& view) {
    Bytes v;
    if (!view.get(state_key::validator_set_change_count(), v)) return 0;
    Reader r(v);
    uint32_t n = 0;
    if (!r.u32("validator_set_changes", n) || !r.finish()) {
        std::fprintf(stderr, "fatal: stored validator set count does not decode\n");
        std::abort();
    }
    return n;
}

bool read_validator_set_change(const StateView& view, uint32_t index, ValidatorSetChange& out) {
    Bytes v;
    if (!view.get(state_key::validator_set_change(index), v)) return false;
    // Same rule as the other records (chain/state.h): a stored record that does not decode is our own bug.
    if (!ValidatorSetChange::decode(v, out)) {
        std::fprintf(stderr, "fatal: stored validator set change %u does not decode\n", index);
        std::abort();
    }
    return true;
}

std::optional<uint32_t> validator_set_index_at(const StateView& view, Height height) {
    const uint32_t count = validator_set_change_count(view);
    if (count == 0) return std::nullopt;
    // Binary search for the last change with effective_from <= height; change 0 is effective from 0.
    uint32_t lo = 0, hi = count - 1;
    while (lo < hi) {
        const uint32_t mid = lo + (hi - lo + 1) / 2;
        ValidatorSetChange c;
        if (!read_validator_set_change(view, mid, c)) {
            std::fprintf(stderr, "fatal: validator set change %u of %u is missing\n", mid, count);
            std::abort();
        }
        if (c.effective_from <= height)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

ValidatorSetChange validator_set_at(const StateView& view, Height height, const ValidatorSet& genesis_set) {
    ValidatorSetChange c;
    const auto index = validator_set_index_at(view, height);
    if (!index || !read_validator_set_change(view, *index, c)) return ValidatorSetChange{0, 0, genesis_set};
    return c;
}

StateWrites schedule_validator_set(const StateView& view, Height committed_height, const ValidatorSet& set) {
    const ValidatorSetChange change{committed_height + kValidatorSetDelay, committed_height, set};
    uint32_t count = validator_set_change_count(view);
    uint32_t index = count;
    ValidatorSetChange last;
    if (count > 0 && read_validator_set_change(view, count - 1, last) &&
        last.effective_from == change.effective_from) {
        index = count - 1;
    } else {
        ++count;
    }
    Writer n;
    n.u32(count);
    StateWrites writes;
    writes.push_back(StateWrite{state_key::validator_set_change_count(), n.take()});
    writes.push_back(StateWrite{state_key::validator_set_change(index), change.encode()});
    return writes;
}

StateWrites genesis_validator_set(const ValidatorSet& set) {
    const ValidatorSetChange change{0, 0, set};
    Writer n;
    n.u32(1);
    StateWrites writes;
    writes.push_back(StateWrite{state_key::validator_set_change_count(), n.take()});
    writes.push_back(StateWrite{state_key::validator_set_change(0), change.encode()});
    return writes;
}

}  // namespace folio

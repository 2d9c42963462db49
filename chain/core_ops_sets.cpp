// The core ops that replace a whole set: an account's keys (key_set_update) and the chain's validators
// (validator_set_update, under the governance rule).
#include <algorithm>
#include <set>

#include "chain/core_ops.h"
#include "chain/crypto/schnorr.h"
#include "chain/validator_set_state.h"

namespace folio {
namespace {

Error refuse(Reason reason, std::string message) {
    return make_error(reason, std::move(message));
}

std::string key_field(size_t i, std::string_view name) {
    std::string s = "keys[" + std::to_string(i) + "]";
    s += '.';
    s += name;
    return s;
}

}  // namespace

Status CoreOps::validator_set_update(const ValidatorSetUpdateOp& op) {
    if (Status s = check_governance("validator_set_update"); !s) return s;
    if (Status s = check_validator_set(op.validators); !s) return s;
    for (StateWrite& w : schedule_validator_set(ctx_, ctx_.block().height, op.validators)) {
        ctx_.put(std::move(w.key), std::move(*w.value));
    }
    return Status();
}

Status CoreOps::key_set_update(const KeySetUpdateOp& op) {
    // The tx already carries the weight of the account's current threshold (execution's authorization), so
    // the signer's current holders agree to the new set.
    if (op.keys.empty()) return refuse(Reason::INVALID_ARGUMENT, "keys: at least one key");
    if (op.keys.size() > kMaxAccountKeys) {
        return refuse(Reason::INVALID_ARGUMENT, "keys: at most " + std::to_string(kMaxAccountKeys) + " keys");
    }
    const AccountId& id = ctx_.signer();
    Account account;
    if (Status s = load_account(id, account); !s) return s;
    std::set<PubKey> seen;
    uint32_t total = 0;
    for (size_t i = 0; i < op.keys.size(); ++i) {
        const auto& k = op.keys[i];
        if (k.weight == 0)
            return refuse(Reason::INVALID_ARGUMENT, key_field(i, "weight") + ": must be 1 to 255");
        if (!crypto::is_valid_pubkey(k.pubkey)) {
            return refuse(Reason::INVALID_ARGUMENT, key_field(i, "pubkey") + ": is not a curve point");
        }
        if (!seen.insert(k.pubkey).second) {
            return refuse(Reason::INVALID_ARGUMENT, key_field(i, "pubkey") + ": appears twice");
        }
        Bytes owner;
        if (ctx_.get(state_key::pubkey(k.pubkey), owner) &&
            !std::equal(owner.begin(), owner.end(), id.begin(), id.end())) {
            return refuse(Reason::PUBKEY_IN_USE, key_field(i, "pubkey") + ": belongs to another account");
        }
        total += k.weight;
    }
    if (op.threshold == 0 || op.threshold > total) {
        return refuse(Reason::INVALID_ARGUMENT,
                      "threshold: must be 1 to the total weight " + std::to_string(total));
    }
    for (const PubKey& old : account.keys) {
        if (!seen.count(old)) ctx_.erase(state_key::pubkey(old));
    }
    account.keys.clear();
    account.weights.clear();
    bool all_one = true;
    for (const auto& k : op.keys) {
        account.keys.push_back(k.pubkey);
        account.weights.push_back(k.weight);
        all_one = all_one && k.weight == 1;
    }
    // The record keeps weights only when one differs from 1 (chain/state.h), so equal accounts compare equal.
    if (all_one) account.weights.clear();
    account.threshold = op.threshold;
    ctx_.put(state_key::account(id), account.encode());
    for (const auto& k : op.keys) ctx_.put(state_key::pubkey(k.pubkey), Bytes(id.begin(), id.end()));
    return Status();
}

}  // namespace folio

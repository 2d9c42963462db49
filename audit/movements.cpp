#include "audit/movements.h"

#include "chain/crypto/bech32m.h"
#include "chain/ops.h"

namespace folio::audit {

namespace {

// How an event kind moves amounts (the table in the header).
enum class EventMove { none, mint, burn, into_escrow, out_of_escrow, between, lock };

EventMove event_move(std::string_view kind) {
    if (kind == "campaign_mint") return EventMove::mint;
    if (kind == "redemption") return EventMove::burn;
    if (kind == "escrow_in" || kind == "campaign_subscribe") return EventMove::into_escrow;
    if (kind == "dividend" || kind == "royalty" || kind == "coupon" || kind == "claim" || kind == "reclaim" ||
        kind == "campaign_withdraw" || kind == "campaign_refund" || kind == "campaign_release")
        return EventMove::out_of_escrow;
    if (kind == "transfer_approved" || kind == "pledge_enforce") return EventMove::between;
    if (kind == "pledge" || kind == "pledge_release" || kind == "transfer_request" || kind == "transfer_rejected" ||
        kind == "transfer_cancelled")
        return EventMove::lock;
    return EventMove::none;
}

// The amount an event moves: a payout's share is the sum of its amounts but the last (the units it was
// computed on); the other kinds move their first amount.
std::optional<Amount> event_amount(const Event& e) {
    if (e.amounts.empty()) return std::nullopt;
    if (e.kind == "dividend" || e.kind == "royalty" || e.kind == "coupon") {
        Amount sum = 0;
        for (size_t i = 0; i + 1 < e.amounts.size(); ++i) {
            if (!checked_add(sum, e.amounts[i], sum)) return std::nullopt;
        }
        return sum;
    }
    return e.amounts[0];
}

Status event_rows(const TxEnvelope& tx, const Receipt& receipt, std::vector<Movement>& out) {
    const Tx& t = tx.signed_tx.tx;
    uint16_t op_index = 0;
    for (size_t i = 0; i < t.ops.size(); ++i) {
        if (!is_core_tag(t.ops[i].tag)) {
            op_index = static_cast<uint16_t>(i);
            break;
        }
    }
    for (size_t k = 0; k < receipt.events.size(); ++k) {
        const Event& e = receipt.events[k];
        const EventMove how = event_move(e.kind);
        if (how == EventMove::none) continue;
        const auto amount = event_amount(e);
        const size_t accounts = how == EventMove::between || how == EventMove::lock ? 2 : 1;
        if (!amount || e.accounts.size() < accounts || e.asset == 0) {
            return make_error(Reason::CORRUPTION, "tx " + to_hex(tx.tx_hash) + " event " + std::to_string(k) + " (" +
                                                      e.kind + ") lacks the accounts or amount of its kind");
        }
        Movement m;
        m.type = e.kind;
        m.amount = *amount;
        m.op_index = op_index;
        m.part = static_cast<uint32_t>(k);
        m.asset_id = e.asset;
        m.instrument = e.id;
        switch (how) {
            case EventMove::mint: m.to = e.accounts[0]; m.supply = SupplyEffect::issued; break;
            case EventMove::burn: m.from = e.accounts[0]; m.supply = SupplyEffect::burned; break;
            case EventMove::into_escrow: m.from = e.accounts[0]; break;
            case EventMove::out_of_escrow: m.to = e.accounts[0]; break;
            case EventMove::between: m.from = e.accounts[0]; m.to = e.accounts[1]; break;
            case EventMove::lock: m.from = e.accounts[0]; m.to = e.accounts[1]; m.moves = false; break;
            case EventMove::none: break;
        }
        out.push_back(std::move(m));
    }
    return Status();
}

}  // namespace

Result<std::vector<Movement>> movements_of(const TxEnvelope& tx, const Receipt& receipt) {
    std::vector<Movement> out;
    const Tx& t = tx.signed_tx.tx;
    for (size_t i = 0; i < t.ops.size(); ++i) {
        const uint16_t op_index = static_cast<uint16_t>(i);
        if (!is_core_tag(t.ops[i].tag)) continue;  // instrument ops: their events, below
        auto decoded = decode_core_op(t.ops[i]);
        if (!decoded) {
            return make_error(Reason::CORRUPTION, std::string("tx ") + to_hex(tx.tx_hash) + " op " + std::to_string(i) +
                                                      " does not decode: " + decoded.error().message);
        }
        switch (decoded->tag) {
            case OpTag::issue: {
                const auto& op = std::get<IssueOp>(decoded->op);
                for (size_t r = 0; r < op.to.size(); ++r) {
                    Movement m{op.asset, "issue", std::nullopt, op.to[r].account, op.to[r].amount,
                               std::nullopt, op_index, std::nullopt};
                    if (op.to.size() > 1) m.part = static_cast<uint32_t>(r);
                    m.supply = SupplyEffect::issued;
                    out.push_back(std::move(m));
                }
                break;
            }
            case OpTag::transfer: {
                const auto& op = std::get<TransferOp>(decoded->op);
                out.push_back({op.asset, "transfer", t.signer, op.to, op.amount, std::nullopt, op_index, std::nullopt});
                break;
            }
            case OpTag::forced_transfer: {
                const auto& op = std::get<ForcedTransferOp>(decoded->op);
                out.push_back({op.asset, "forced_transfer", op.from, op.to, op.amount, op.legal_ref, op_index,
                               std::nullopt});
                break;
            }
            case OpTag::burn: {
                // Burned from the signer's own holding (the issuer's or the registrar's).
                const auto& op = std::get<BurnOp>(decoded->op);
                Movement m{op.asset, "burn", t.signer, std::nullopt, op.amount, std::nullopt, op_index, std::nullopt};
                m.supply = SupplyEffect::burned;
                out.push_back(std::move(m));
                break;
            }
            default:
                break;
        }
    }
    if (Status s = event_rows(tx, receipt, out); !s) return s.error();
    return out;
}

std::string movement_seq(Height height, uint32_t tx, const Movement& m) {
    std::string s = std::to_string(height);
    s += '.';
    s += std::to_string(tx);
    s += '.';
    s += std::to_string(m.op_index);
    if (m.part) {
        s += '.';
        s += std::to_string(*m.part);
    }
    return s;
}

Result<Amount> BalanceTrail::amount(const AssetFacts& asset, const AccountId& account) {
    const Key key{asset.id, account};
    auto it = amounts_.find(key);
    if (it != amounts_.end()) return it->second;
    Amount opening = 0;
    if (opening_) {
        auto b = source_.balance_at(asset, account, *opening_);
        if (!b) return b.error();
        opening = b->amount;
    }
    amounts_.emplace(key, opening);
    return opening;
}

Status BalanceTrail::apply(const AssetFacts& asset, const Movement& m) {
    if (!m.moves) return Status();
    if (m.from) {
        auto from = amount(asset, *m.from);
        if (!from) return from.error();
        if (*from < m.amount) {
            return make_error(Reason::CORRUPTION, std::string("the movements give ") + crypto::encode_address(*m.from) + " " +
                                                      format_amount(*from, asset.decimals) + " " + asset.symbol +
                                                      " before it sends " + format_amount(m.amount, asset.decimals));
        }
        amounts_[{asset.id, *m.from}] = *from - m.amount;
        touched_.emplace(Key{asset.id, *m.from}, asset);
    }
    if (m.to) {
        auto to = amount(asset, *m.to);
        if (!to) return to.error();
        Amount after = 0;
        if (!checked_add(*to, m.amount, after))
            return make_error(Reason::CORRUPTION, std::string("a holding of ") + asset.symbol + " would overflow");
        amounts_[{asset.id, *m.to}] = after;
        touched_.emplace(Key{asset.id, *m.to}, asset);
    }
    return Status();
}

Status BalanceTrail::check_block(Height height) {
    for (const auto& [key, asset] : touched_) {
        auto b = source_.balance_at(asset, key.second, height);
        if (!b) return b.error();
        const Amount tracked = amounts_[key];
        if (b->amount != tracked) {
            return make_error(Reason::CORRUPTION,
                              std::string("block ") + std::to_string(height) + ": the balance history gives " +
                                  crypto::encode_address(key.second) + " " + format_amount(b->amount, asset.decimals) +
                                  " " + asset.symbol + ", its movements " + format_amount(tracked, asset.decimals));
        }
    }
    touched_.clear();
    return Status();
}

}  // namespace folio::audit

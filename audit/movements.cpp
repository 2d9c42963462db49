#include "audit/movements.h"

#include "chain/crypto/bech32m.h"
#include "chain/ops.h"

namespace folio::audit {

Result<std::vector<Movement>> movements_of(const TxEnvelope& tx) {
    std::vector<Movement> out;
    const Tx& t = tx.signed_tx.tx;
    for (size_t i = 0; i < t.ops.size(); ++i) {
        const uint16_t op_index = static_cast<uint16_t>(i);
        if (!is_core_tag(t.ops[i].tag)) continue;  // instrument ops: their events (see the header)
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
                out.push_back({op.asset, "burn", t.signer, std::nullopt, op.amount, std::nullopt, op_index,
                               std::nullopt});
                break;
            }
            default:
                break;
        }
    }
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

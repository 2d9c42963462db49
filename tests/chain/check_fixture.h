// A stored chain for the block check and candidate tests: a ledger in a temp dir with one validator, a
// registrar and kHolders KYC'd holders of ACME (1,000 each), and small block limits (block_max_txs 3,
// block_max_bytes 1,024) so that an oversized block is a few txs. Blocks are built as a proposer builds them
// (chain/block_builder.h) and committed with a one-validator certificate.
//
//   CheckChain chain;
//   BuiltBlock b = chain.build({chain.transfer(0, 1, 5)});
//   BlockCheck c = chain.check(b.block);
//   ASSERT_TRUE(chain.commit(b.block, c.result).ok());
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/block_check.h"
#include "tests/chain/store_fixture.h"

namespace folio::test {

// Counts the txs whose signatures it really verifies (with verify_signatures).
class CountingVerifier final : public TxSignatureVerifier {
  public:
    std::vector<bool> verify(const std::vector<TxPtr>& txs) override {
        verified += txs.size();
        std::vector<bool> ok;
        ok.reserve(txs.size());
        for (const TxPtr& tx : txs) ok.push_back(verify_signatures(*tx));
        return ok;
    }
    size_t verified = 0;
};

class CheckChain {
  public:
    static constexpr std::string_view kKeyTag = "folio-block-check-key";
    static constexpr size_t kHolders = 6;
    static constexpr uint64_t kGenesisTimeMs = 1'764'000'000'000;
    static constexpr uint64_t kMaxTxs = 3;
    static constexpr uint64_t kMaxBytes = 1024;

    CheckChain()
        : dir_("block-check"), registry_(contracts::make_registry()), validator_(derived_key(kKeyTag, 0)) {
        for (size_t i = 0; i < kHolders; ++i) holder_keys_.push_back(derived_key(kKeyTag, 100 + i));
        genesis_json_ = genesis();
        options_.store.path = dir_.path();
        options_.store.sync = false;
        reopen();
    }

    Ledger& ledger() { return *ledger_; }
    const InstrumentRegistry& registry() const { return *registry_; }
    const ValidatorSet& validators() const { return ledger_->genesis().validators; }
    const crypto::SecretKey& validator() const { return validator_; }
    AccountId holder(size_t i) const { return account_id_of(holder_keys_.at(i).pubkey()); }
    uint64_t next_time_ms() const { return kGenesisTimeMs + (ledger_->height() + 1) * 1000; }

    // Closes the ledger and opens the directory again, as a restarted node does (the open checks the root).
    void reopen() {
        ledger_.reset();
        auto opened = Ledger::open(options_, genesis_json_);
        ASSERT_TRUE(opened.ok()) << describe(opened.error());
        ledger_ = std::move(opened).value();
    }

    // A transfer of ACME; nonce defaults to the sender's committed nonce.
    TxPtr transfer(size_t from, size_t to, Amount amount, std::optional<uint64_t> nonce = std::nullopt,
                   std::string memo = {}) const {
        Tx tx;
        tx.chain_id = ledger_->chain_id();
        tx.signer = holder(from);
        if (nonce) {
            tx.nonce = *nonce;
        } else {
            Account a;
            tx.nonce = read_account(ledger_->state(), tx.signer, a) ? a.nonce : 0;
        }
        tx.memo = std::move(memo);
        tx.ops.push_back(encode_op(TransferOp{"ACME", holder(to), amount}));
        return sign_reproducibly(std::move(tx), holder_keys_.at(from));
    }

    // The block a proposer at the head would make of `txs` (every one must be included).
    BuiltBlock build(const std::vector<TxPtr>& txs, std::optional<uint64_t> time_ms = std::nullopt) {
        std::vector<bool> ok;
        for (const TxPtr& tx : txs) ok.push_back(verify_signatures(*tx));
        BuiltBlock built =
            build_block(*ledger_, *registry_, txs, ok, time_ms.value_or(next_time_ms()), validator_.pubkey());
        EXPECT_TRUE(built.excluded.empty()) << built.excluded.at(0).error.message;
        return built;
    }

    // The check of a block on the head, with this verifier and clock.
    BlockCheck check(const Block& block, TxSignatureVerifier& signatures,
                     std::optional<uint64_t> now_ms = std::nullopt) {
        return check_block_on_head(*ledger_, block, validators(), *registry_, signatures, now_ms);
    }
    BlockCheck check(const Block& block, std::optional<uint64_t> now_ms = std::nullopt) {
        return check(block, counting_, now_ms);
    }

    Status commit(const Block& block, const ExecutionResult& result) {
        CommitCertificate cert;
        cert.height = block.header.height;
        cert.block_hash = block.header.hash();
        add_commit_signature(cert, ledger_->chain_id(), 0, validator_);
        return ledger_->commit(block, cert, result);
    }

    CountingVerifier counting_;

  private:
    std::string genesis() const {
        nlohmann::json g;
        g["chain_name"] = "folio-block-check";
        g["genesis_time_ms"] = kGenesisTimeMs;
        g["validators"] = {{{"name", "v0"},
                            {"consensus_pubkey", to_hex(validator_.pubkey())},
                            {"p2p_pubkey", std::string(64, '0')},
                            {"power", 1}}};
        g["params"] = {{"block_max_txs", kMaxTxs}, {"block_max_bytes", kMaxBytes}};
        const crypto::SecretKey registrar = derived_key(kKeyTag, 1);
        g["accounts"] = {{{"name", "registrar"},
                          {"pubkey", to_hex(registrar.pubkey())},
                          {"roles", {"registrar", "issuer", "operator"}}}};
        nlohmann::json balances = nlohmann::json::array();
        for (size_t i = 0; i < kHolders; ++i) {
            std::string name = "h";
            name += std::to_string(i);
            g["accounts"].push_back({{"name", name},
                                     {"pubkey", to_hex(holder_keys_[i].pubkey())},
                                     {"kyc",
                                      {{"level", 1},
                                       {"category", "retail"},
                                       {"expires_ms", 4102444800000ULL},
                                       {"doc_hash", std::string(64, '1')}}}});
            balances.push_back({{"account", name}, {"amount", "1000"}});
        }
        g["assets"] = {{{"symbol", "ACME"},
                        {"class", "equity"},
                        {"decimals", 0},
                        {"max_supply", "1000000"},
                        {"issuer", "registrar"},
                        {"balances", balances}}};
        return g.dump();
    }

    TempDir dir_;
    std::unique_ptr<InstrumentRegistry> registry_;
    crypto::SecretKey validator_;
    std::vector<crypto::SecretKey> holder_keys_;
    std::string genesis_json_;
    LedgerOptions options_;
    std::unique_ptr<Ledger> ledger_;
};

}  // namespace folio::test

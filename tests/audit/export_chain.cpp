#include "tests/audit/export_chain.h"

#include <leveldb/db.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "chain/block_builder.h"
#include "chain/crypto/bech32m.h"
#include "contracts/registry.h"
#include "tests/chain/crash/seeded_chain.h"

namespace folio::audit::test {
namespace {

constexpr std::string_view kTag = "folio-export-test";
constexpr uint64_t kGenesisTimeMs = 1'764'000'000'000;
constexpr size_t kHolders = 4;
constexpr size_t kRegistrar = kHolders;
constexpr uint64_t kValidatorIndex = 99;

std::string name_of(size_t i) {
    return i == kRegistrar ? std::string("registrar") : std::string("h") + std::to_string(i);
}

}  // namespace

std::string ExportChain::address(size_t i) const {
    return crypto::encode_address(accounts_.at(i));
}

ExportChain::ExportChain(const std::string& dir) : dir_(dir) {
    std::vector<crypto::SecretKey> keys;
    for (size_t i = 0; i <= kRegistrar; ++i) {
        keys.push_back(folio::test::derived_key(kTag, i));
        accounts_.push_back(account_id_of(keys.back().pubkey()));
    }
    const crypto::SecretKey validator = folio::test::derived_key(kTag, kValidatorIndex);
    const nlohmann::json kyc = {{"level", 1},
                                {"category", "retail"},
                                {"expires_ms", 4102444800000ULL},
                                {"doc_hash", std::string(64, '1')}};
    nlohmann::json g;
    g["chain_name"] = "folio-export-test";
    g["genesis_time_ms"] = kGenesisTimeMs;
    g["validators"] = {{{"name", "v0"},
                        {"consensus_pubkey", to_hex(validator.pubkey())},
                        {"p2p_pubkey", std::string(64, '0')},
                        {"power", 1}}};
    g["accounts"] = nlohmann::json::array();
    for (size_t i = 0; i <= kRegistrar; ++i) {
        nlohmann::json a = {{"name", name_of(i)}, {"pubkey", to_hex(keys[i].pubkey())}};
        if (i == kRegistrar) a["roles"] = {"registrar", "issuer", "operator"};
        if (i != 3) a["kyc"] = kyc;
        g["accounts"].push_back(a);
    }
    g["assets"] = {{{"symbol", "ACME"},
                    {"class", "equity"},
                    {"decimals", 0},
                    {"max_supply", "1000000"},
                    {"issuer", "registrar"},
                    {"balances", {{{"account", "h0"}, {"amount", "1000"}}, {{"account", "h1"}, {"amount", "500"}}}}},
                   {{"symbol", "BOND"},
                    {"class", "minibond"},
                    {"decimals", 2},
                    {"max_supply", "100000.00"},
                    {"issuer", "registrar"},
                    {"balances", {{{"account", "h0"}, {"amount", "100.00"}}}}}};
    genesis_json_ = g.dump();

    std::filesystem::create_directories(dir_);
    auto registry = contracts::make_registry();
    LedgerOptions lo;
    lo.store.path = chain_path();
    lo.store.sync = false;
    auto ledger = Ledger::open(lo, genesis_json_);
    if (!ledger) throw std::runtime_error(std::string("export chain: ") + ledger.error().message);
    Ledger& l = **ledger;
    std::vector<uint64_t> nonces(keys.size(), 0);
    auto tx = [&](size_t signer, std::vector<Op> ops, std::string memo = "", std::optional<std::string> ref = {}) {
        Tx t;
        t.chain_id = l.chain_id();
        t.signer = accounts_[signer];
        t.nonce = nonces[signer]++;
        t.ops = std::move(ops);
        t.memo = std::move(memo);
        t.client_ref = std::move(ref);
        return folio::test::sign_reproducibly(std::move(t), keys[signer]);
    };
    const AccountId reg = accounts_[kRegistrar];
    std::vector<std::vector<TxPtr>> blocks = {
        {tx(kRegistrar, {encode_op(IssueOp{"ACME", {{accounts_[2], 300}}})}),
         tx(kRegistrar, {encode_op(IssueOp{"ACME", {{accounts_[3], 5}}})})},
        {tx(0, {encode_op(TransferOp{"ACME", accounts_[1], 100})}, "invoice 7, \"paid\"", "ord-1"),
         tx(1, {encode_op(TransferOp{"BOND", accounts_[2], 100})})},
        {tx(kRegistrar, {encode_op(KycAttestOp{accounts_[1], 2, "professional", 4200000000000ULL, Hash256{0x22}})}),
         tx(kRegistrar, {encode_op(FreezeOp{FreezeTarget::holding, accounts_[0], "ACME", 50}, true)})},
        {tx(kRegistrar, {encode_op(ForcedTransferOp{"ACME", accounts_[2], accounts_[1], 10, Hash256{0xaa}})},
            "court order 2026-17"),
         tx(kRegistrar, {encode_op(IssueOp{"ACME", {{reg, 20}}}), encode_op(IssueOp{"BOND", {{reg, 250}}})}),
         tx(kRegistrar, {encode_op(BurnOp{"ACME", 5})})},
        {tx(1, {encode_op(TransferOp{"ACME", accounts_[0], 1}), encode_op(TransferOp{"ACME", accounts_[2], 2})}),
         tx(kRegistrar, {encode_op(IssueOp{"ACME", {{accounts_[0], 7}, {accounts_[1], 7}}})})},
    };
    for (size_t b = 0; b < blocks.size(); ++b) {
        const Height h = b + 1;
        std::vector<bool> ok(blocks[b].size(), true);
        BuiltBlock built = build_block(l, *registry, blocks[b], ok, kGenesisTimeMs + h * 1000, validator.pubkey());
        if (!built.excluded.empty())
            throw std::runtime_error(std::string("export chain block ") + std::to_string(h) + ": " + built.excluded[0].error.message);
        auto cert = commit_single_validator(l, built, validator);
        if (!cert) throw std::runtime_error(std::string("export chain commit: ") + cert.error().message);
    }
    std::ofstream(dir_ + "/genesis.json") << genesis_json_;
}

void flip_last_byte_of_first_record(const std::string& db_path, const std::string& key_prefix) {
    leveldb::DB* db = nullptr;
    if (!leveldb::DB::Open(leveldb::Options(), db_path, &db).ok()) throw std::runtime_error(std::string("cannot open ") + db_path);
    std::unique_ptr<leveldb::DB> owned(db);
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    it->Seek(key_prefix);
    if (!it->Valid() || !it->key().starts_with(key_prefix) || it->value().empty())
        throw std::runtime_error("no record to damage under that prefix");
    std::string v = it->value().ToString();
    v.back() = static_cast<char>(v.back() ^ 1);
    if (!db->Put(leveldb::WriteOptions(), it->key(), v).ok()) throw std::runtime_error(std::string("cannot write ") + db_path);
}

}  // namespace folio::audit::test

// A real chain for wallet tests: a genesis with deterministic keys, a Ledger (LevelDB) in a temp directory,
// blocks built with chain/block_builder.h and committed with certificates signed by the genesis validators,
// and proof_holding answers shaped as docs/rpc-shapes.md says the node serves them.
//
// Genesis: validators v0..v{n-1} (power 1 each); "registrar" (registrar, operator, issuer); "alice" and "bob"
// (no KYC); asset ACME, class other, 2 decimals, max supply 1000000.00, alice holding 100.00.
//
// Not thread safe: one test, one chain (the fake node wraps it in a mutex).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block_builder.h"
#include "chain/ledger.h"

namespace folio::wallet::test {

// Byte-wise order of keys, out of line: g++ 12 at -O3 warns falsely (-Wstringop-overread) on
// std::less<std::vector<uint8_t>> inlined into map code.
struct BytesLess {
    bool operator()(const Bytes& a, const Bytes& b) const;
};

// The same secret for the same seed, on every run.
crypto::SecretKey key_from_seed(std::string_view seed);

struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string path;
    std::string file(std::string_view name) const { return path + "/" + std::string(name); }
};

void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

// The genesis JSON text described above, for `n_validators` validators; `chain_name` changes the chain id.
std::string make_genesis_json(size_t n_validators = 1, const std::string& chain_name = "wallet-test");

class TestChain {
  public:
    explicit TestChain(size_t n_validators = 1, const std::string& chain_name = "wallet-test");
    ~TestChain();

    struct Committed {
        BlockHeader header;
        CommitCertificate cert;
        std::vector<Receipt> receipts;
        std::vector<ExcludedTx> excluded;
        std::vector<TxPtr> txs;  // included, in block order
    };

    // Executes txs as the next block. With commit, the block is committed with a certificate signed by the
    // validators listed in `signers` (indices; default all) and remembered; without, nothing changes.
    Committed run_block(const std::vector<TxPtr>& txs, bool commit = true, std::vector<size_t> signers = {});

    // A signed tx from `from` with one op, the signer's next committed nonce and no expiry.
    TxPtr make_tx(const crypto::SecretKey& from, Op op, std::string memo = {});
    uint64_t nonce_of(const AccountId& id) const;

    // proof_holding as the node serves it, at a committed height (default head).
    nlohmann::json proof_holding(const AccountId& account, std::string_view symbol,
                                 std::optional<Height> height = {}) const;

    Ledger& ledger() { return *ledger_; }
    const Ledger& ledger() const { return *ledger_; }
    const InstrumentRegistry& registry() const { return *registry_; }
    const std::map<Height, Committed>& blocks() const { return blocks_; }

    std::string genesis_json;
    Genesis genesis;
    ChainId chain_id{};
    std::vector<crypto::SecretKey> validators;
    crypto::SecretKey registrar, alice, bob;
    AccountId registrar_id{}, alice_id{}, bob_id{};

  private:
    // State values remembered per height for the keys proofs are asked about (the Ledger keeps only the
    // latest state; a node reads past values from its history indexes).
    void snapshot(Height h);
    std::optional<Bytes> value_at(Height h, const Bytes& key) const;

    TempDir dir_;
    std::unique_ptr<Ledger> ledger_;
    std::unique_ptr<InstrumentRegistry> registry_;
    std::map<Height, Committed> blocks_;
    std::map<Height, std::map<Bytes, std::optional<Bytes>, BytesLess>> snapshots_;
    uint64_t time_ms_ = 0;
};

}  // namespace folio::wallet::test

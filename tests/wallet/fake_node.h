// A stand-in for foliod in wallet tests: the real JSON-RPC server (rpc/server.h) with the methods
// folio-wallet calls, in the shapes of docs/rpc-shapes.md, over a real TestChain. tx_submit checks a tx the
// way the mempool does (execution against the latest state, refusals with their reason) and commits it at
// once in its own block, as `foliod --dev` does. Knobs let a test make the node misbehave.
//
// Thread safety: handlers run on server threads; one mutex guards the chain and the knobs.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "rpc/auth.h"
#include "rpc/server.h"
#include "test_chain.h"

namespace folio::wallet::test {

class FakeNode {
  public:
    explicit FakeNode(size_t n_validators = 1);
    ~FakeNode();

    std::string url() const { return "http://" + address_; }
    const std::string& token() const { return submit_token_.plaintext; }

    // Runs f with the chain locked (to seed it, or to read it).
    template <typename F>
    auto with_chain(F&& f) {
        std::lock_guard lock(mutex_);
        return f(chain_);
    }

    // Misbehaviour.
    void set_chain_id_shown(const std::string& hex) {
        std::lock_guard l(mutex_);
        chain_id_shown_ = hex;
    }
    void set_balance_claim(const std::string& amount) {
        std::lock_guard l(mutex_);
        balance_claim_ = amount;
    }
    // proof_holding leaves out the asset entry when a height is given, as foliod does when the asset record
    // changed after that height.
    void set_omit_past_asset(bool omit) {
        std::lock_guard l(mutex_);
        omit_past_asset_ = omit;
    }
    void set_forged_balance(Amount amount) {
        std::lock_guard l(mutex_);
        forged_balance_ = amount;
    }
    int submits() const {
        std::lock_guard l(mutex_);
        return submits_;
    }

  private:
    void add_methods();

    mutable std::mutex mutex_;
    TestChain chain_;
    std::map<TxHash, Height> committed_;  // tx hash -> height
    std::string chain_id_shown_;
    std::string balance_claim_;
    std::optional<Amount> forged_balance_;
    bool omit_past_asset_ = false;
    int submits_ = 0;

    std::shared_ptr<rpc::MethodTable> table_;
    rpc::NewToken submit_token_ = rpc::make_token(rpc::Scope::Submit, "wallet-test");
    std::unique_ptr<rpc::Server> server_;
    std::string address_;
};

}  // namespace folio::wallet::test

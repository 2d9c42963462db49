// Who signs an import's txs, and how each becomes a submit call: keys of the node's keystore (tx_sign_submit;
// the node picks the nonce at admission) or keys of a local keystore directory (the tx is encoded and signed
// here, then tx_submit; the nonce is kept here, starting from account_get's, which counts the mempool).
//
// A local signer numbers its txs itself, so a tx that is not admitted (DUPLICATE_CLIENT_REF on a rerun, a full
// mempool) must not be followed by one already numbered after it: numbers_txs() asks the submitter to send its
// calls one at a time, each numbered once the answers before it are known.
//
// Thread safety: none.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "audit/import_plan.h"
#include "chain/crypto/schnorr.h"
#include "chain/result.h"
#include "rpc/client.h"

namespace folio::audit {

struct SigningKey {
    std::string name;
    std::string address;
    std::vector<std::string> roles;
    std::shared_ptr<const crypto::SecretKey> secret;  // null: a key of the node's keystore
};

// The keys named by --key, as the node's keystore has them (node_keys), with their accounts' roles. NOT_FOUND
// for a name the node does not hold as a registered key.
Result<std::vector<SigningKey>> node_signing_keys(rpc::Client& client, const std::vector<std::string>& names);
// Every key of the keystore directory whose key is an account's current key, unlocked with `password`.
Result<std::vector<SigningKey>> keystore_signing_keys(rpc::Client& client, const std::string& dir,
                                                      const std::string& password);
// The first key with the role; NOT_AUTHORIZED when none has it.
Result<SigningKey> key_for(const std::vector<SigningKey>& keys, SignerRole role);

class TxSigner {
  public:
    // A signer for one phase: reads what it needs from the node (chain id, head, nonce) for a local key.
    static Result<std::unique_ptr<TxSigner>> make(rpc::Client& client, const SigningKey& key,
                                                  const ImportSource& source);
    virtual ~TxSigner() = default;
    // The JSON-RPC call (method, params) that submits the tx signed.
    virtual Result<std::pair<std::string, nlohmann::json>> submit_call(const PlannedTx& tx) = 0;
    // Each call's outcome, in order: admitted or not.
    virtual void outcome(bool admitted) = 0;
    virtual bool numbers_txs() const = 0;
};

}  // namespace folio::audit

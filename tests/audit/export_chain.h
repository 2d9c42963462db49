// The chain the export tests read: a data directory laid out as foliod lays it out (DIR/chain, DIR/genesis.json),
// committed by the real Ledger, every byte reproducible (keys derived from fixed tags, signatures with
// derived aux randomness, fixed block times), so that the exported files can be compared with the expected
// ones in tests/data/audit/.
//
// Genesis: the registrar (registrar, issuer, operator; KYC), holders h0..h2 (KYC level 1), h3 (no KYC);
// ACME (equity, 0 decimals: h0 1000, h1 500) and BOND (minibond, 2 decimals: h0 100.00).
//   block 1  issue ACME 300 to h2; issue ACME 5 to h3 (fails: KYC_REQUIRED)
//   block 2  h0 -> h1 100 ACME (client_ref, a memo with a comma and quotes); h1 -> h2 1.00 BOND (fails:
//            h1 holds no BOND)
//   block 3  kyc_attest h1 level 2 "professional"; freeze 50 ACME of h0
//   block 4  forced_transfer h2 -> h1 10 ACME (legal_ref); issue ACME 20 and BOND 2.50 to the registrar;
//            the registrar burns 5 ACME
//   block 5  h1 sends 1 ACME to h0 and 2 ACME to h2 in one tx; issue ACME 7 to h0 and h1 in one op
#pragma once

#include <string>
#include <vector>

#include "chain/ledger.h"
#include "chain/types.h"

namespace folio::audit::test {

class ExportChain {
  public:
    static constexpr Height kBlocks = 5;

    // Writes the data directory into `dir` (created).
    explicit ExportChain(const std::string& dir);

    const std::string& dir() const { return dir_; }
    std::string chain_path() const { return dir_ + "/chain"; }
    const std::string& genesis_json() const { return genesis_json_; }
    // h0..h3, then the registrar.
    const std::vector<AccountId>& accounts() const { return accounts_; }
    std::string address(size_t i) const;

  private:
    std::string dir_;
    std::string genesis_json_;
    std::vector<AccountId> accounts_;
};

// Damage as tampering would do it: flips the last byte of the value of the first record whose key starts with
// `key_prefix` in the database at `db_path` (which must not be open).
void flip_last_byte_of_first_record(const std::string& db_path, const std::string& key_prefix);

}  // namespace folio::audit::test

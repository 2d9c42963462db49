// Submission of an import's planned txs to a node, phase after phase, in bounded batches, and the journal of
// what committed. Each tx becomes a submit call of its TxSigner (audit/import_signer.h). A tx whose
// client_ref the signer already used is answered DUPLICATE_CLIENT_REF with the first tx's hash: that tx is
// waited for and journaled instead, so a rerun after a crash skips what committed and never issues twice.
//
// A tx refused with MEMPOOL_FULL (other clients keep the node busy) is sent again after the window committed.
//
// Errors: any other refusal, or a tx that failed when its block executed, stops the
// import (Error naming the phase, the source line and the reason); transport failures keep the client's
// reason (UNAVAILABLE, TIMEOUT).
//
// Thread safety: none; one thread drives a submitter.
#pragma once

#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "audit/import_plan.h"
#include "audit/import_signer.h"
#include "chain/result.h"
#include "rpc/client.h"

namespace folio::audit {

// One line of import-journal.jsonl: a tx of the import as the chain has it.
struct JournalEntry {
    std::string phase;
    uint64_t line = 0;
    uint64_t rows = 0;
    std::string client_ref;
    std::string tx_hash;
    uint64_t height = 0;
    bool already = false;  // committed by an earlier run (DUPLICATE_CLIENT_REF)
};

class ImportJournal {
  public:
    // Appends to `path` (created if missing); each entry is written and flushed as it is known.
    static Result<ImportJournal> open(const std::string& path);
    ImportJournal(ImportJournal&&) noexcept;
    ~ImportJournal();
    Status append(const JournalEntry& entry);

  private:
    explicit ImportJournal(std::FILE* file) : file_(file) {}
    std::FILE* file_ = nullptr;
};

struct PhaseResult {
    std::string phase;
    size_t txs = 0;
    size_t already = 0;  // committed by an earlier run
    uint64_t rows = 0;
};

class ImportSubmitter {
  public:
    ImportSubmitter(rpc::Client& client, ImportJournal& journal, size_t in_flight, std::ostream& progress);

    // Submits the txs of one phase, signed by `signer`, at most in_flight uncommitted at a time, and returns
    // once every one is committed. `committed` gets client_ref -> tx hash.
    Result<PhaseResult> run_phase(const PhaseSpec& phase, const std::vector<PlannedTx>& txs, TxSigner& signer,
                                  std::map<std::string, std::string>& committed);

  private:
    struct Pending {
        const PlannedTx* tx;
        std::string tx_hash;
        bool already;
    };
    // Submits the window: `out` gets what the node has (admitted, or committed before: DUPLICATE_CLIENT_REF),
    // `retry` what a full mempool refused.
    Status submit_window(const std::vector<const PlannedTx*>& window, TxSigner& signer,
                         std::vector<Pending>& out, std::vector<const PlannedTx*>& retry);
    Status wait_committed(std::vector<Pending>& pending, PhaseResult& result,
                          std::map<std::string, std::string>& committed);

    rpc::Client& client_;
    ImportJournal& journal_;
    size_t in_flight_;
    std::ostream& progress_;
};

}  // namespace folio::audit

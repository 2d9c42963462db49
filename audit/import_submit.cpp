#include "audit/import_submit.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "rpc/json_limits.h"

namespace folio::audit {
namespace {

using nlohmann::json;

// A batch's request body stays well under the node's default 1 MiB bound (rpc_max_body_bytes), and its calls
// under the default rpc_max_batch.
constexpr size_t kMaxBatchBodyBytes = 512 * 1024;
constexpr size_t kMaxBatchCalls = 100;
constexpr uint64_t kWaitMs = 30000;
constexpr int kMaxWaitRounds = 20;  // 10 minutes for a tx to commit before the import gives up
constexpr auto kFullPause = std::chrono::milliseconds(500);
constexpr int kMaxFullRounds = 1200;  // 10 minutes of a full mempool

std::string where(const PlannedTx& tx) {
    return tx.phase + " tx of line " + std::to_string(tx.line) + " (" + tx.client_ref + ")";
}

// A JSON-RPC batch that keeps each answer whole ({result} or {error: {code, message, data}}), since a
// refusal's data (DUPLICATE_CLIENT_REF's tx_hash) is what a rerun needs.
Result<std::vector<json>> raw_batch(rpc::Client& client,
                                    const std::vector<std::pair<std::string, json>>& calls) {
    json req = json::array();
    for (size_t i = 0; i < calls.size(); ++i) {
        req.push_back(
            {{"jsonrpc", "2.0"}, {"id", i}, {"method", calls[i].first}, {"params", calls[i].second}});
    }
    auto reply = client.post(rpc::dump_json(req));
    if (!reply) return reply.error();
    json doc;
    std::string why;
    if (reply->status != 200 || !rpc::parse_json_bounded(reply->body, 64, doc, why)) {
        return make_error(
            reply->status == 401 || reply->status == 403 ? Reason::NOT_AUTHORIZED : Reason::DECODE_ERROR,
            "HTTP " + std::to_string(reply->status) + ": " + reply->body.substr(0, 200));
    }
    if (!doc.is_array()) {
        const std::string message =
            doc.is_object() && doc.contains("error") ? doc["error"].dump() : "not an array";
        return make_error(Reason::DECODE_ERROR, "the node refused the batch: " + message);
    }
    std::vector<json> out(calls.size());
    for (auto& response : doc) {
        if (!response.is_object() || !response.contains("id") || !response["id"].is_number_unsigned())
            continue;
        const size_t i = response["id"].get<size_t>();
        if (i < out.size()) out[i] = std::move(response);
    }
    for (size_t i = 0; i < out.size(); ++i) {
        if (!out[i].is_object())
            return make_error(Reason::DECODE_ERROR, "the batch's answer lacks call " + std::to_string(i));
    }
    return out;
}

std::string error_reason(const json& response) {
    const json& e = response["error"];
    if (e.contains("data") && e["data"].is_object() && e["data"].contains("reason") &&
        e["data"]["reason"].is_string()) {
        return e["data"]["reason"].get<std::string>();
    }
    return "error " + std::to_string(e.value("code", 0));
}

}  // namespace

Result<ImportJournal> ImportJournal::open(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "a");
    if (f == nullptr) return make_error(Reason::IO_ERROR, "cannot open " + path + " for appending");
    return ImportJournal(f);
}

ImportJournal::ImportJournal(ImportJournal&& other) noexcept : file_(other.file_) {
    other.file_ = nullptr;
}

ImportJournal::~ImportJournal() {
    if (file_ != nullptr) std::fclose(file_);
}

Status ImportJournal::append(const JournalEntry& e) {
    const json line = {{"phase", e.phase},           {"line", e.line},       {"rows", e.rows},
                       {"client_ref", e.client_ref}, {"tx_hash", e.tx_hash}, {"height", e.height},
                       {"already", e.already}};
    const std::string text = line.dump() + "\n";
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0) {
        return make_error(Reason::IO_ERROR, "cannot write the import journal");
    }
    return Status();
}

ImportSubmitter::ImportSubmitter(rpc::Client& client, ImportJournal& journal, size_t in_flight,
                                 std::ostream& progress)
    : client_(client), journal_(journal), in_flight_(std::max<size_t>(1, in_flight)), progress_(progress) {}

Status ImportSubmitter::submit_window(const std::vector<const PlannedTx*>& window, TxSigner& signer,
                                      std::vector<Pending>& out, std::vector<const PlannedTx*>& retry) {
    for (size_t i = 0; i < window.size();) {
        std::vector<std::pair<std::string, json>> calls;
        size_t bytes = 0;
        const size_t first = i;
        // A signer that numbers its txs sends them one call at a time, each numbered after the answers before
        // it, so that a tx that is not admitted never leaves a later one waiting for its nonce.
        const size_t max_calls = signer.numbers_txs() ? 1 : kMaxBatchCalls;
        for (; i < window.size() && calls.size() < max_calls; ++i) {
            auto call = signer.submit_call(*window[i]);
            if (!call) return make_error(call.reason(), where(*window[i]) + ": " + call.error().message);
            const size_t size = call->second.dump().size();
            if (!calls.empty() && bytes + size > kMaxBatchBodyBytes) {
                signer.outcome(false);  // not sent: numbered again with the next batch
                break;
            }
            bytes += size;
            calls.push_back(std::move(*call));
        }
        auto answers = raw_batch(client_, calls);
        if (!answers) return answers.error();
        for (size_t j = 0; j < answers->size(); ++j) {
            const PlannedTx* tx = window[first + j];
            const json& a = (*answers)[j];
            if (a.contains("result") && a["result"].contains("tx_hash")) {
                signer.outcome(true);
                out.push_back({tx, a["result"]["tx_hash"].get<std::string>(), false});
                continue;
            }
            signer.outcome(false);
            const std::string reason = a.contains("error") ? error_reason(a) : "no answer";
            const json* data =
                a.contains("error") && a["error"].contains("data") ? &a["error"]["data"] : nullptr;
            if (reason == "DUPLICATE_CLIENT_REF" && data != nullptr && data->contains("tx_hash")) {
                out.push_back({tx, (*data)["tx_hash"].get<std::string>(), true});
                continue;
            }
            // The node is busy (other clients fill its mempool): sent again once this window committed.
            if (reason == "MEMPOOL_FULL") {
                retry.push_back(tx);
                continue;
            }
            return make_error(Reason::INVALID_ARGUMENT,
                              where(*tx) + " refused: " + reason + ": " +
                                  (a.contains("error") ? a["error"].value("message", "") : std::string()));
        }
    }
    return Status();
}

Status ImportSubmitter::wait_committed(std::vector<Pending>& pending, PhaseResult& result,
                                       std::map<std::string, std::string>& committed) {
    for (int round = 0; !pending.empty(); ++round) {
        if (round >= kMaxWaitRounds) {
            return make_error(Reason::TIMEOUT,
                              where(*pending.front().tx) + " not committed after 10 minutes");
        }
        std::vector<Pending> still;
        for (size_t i = 0; i < pending.size(); i += kMaxBatchCalls) {
            std::vector<std::pair<std::string, json>> calls;
            for (size_t j = i; j < std::min(pending.size(), i + kMaxBatchCalls); ++j) {
                calls.emplace_back("tx_wait", json{{"tx_hash", pending[j].tx_hash}, {"timeout_ms", kWaitMs}});
            }
            auto answers = raw_batch(client_, calls);
            if (!answers) return answers.error();
            for (size_t j = 0; j < answers->size(); ++j) {
                Pending& p = pending[i + j];
                const json& a = (*answers)[j];
                if (!a.contains("result")) {
                    return make_error(Reason::UNAVAILABLE,
                                      where(*p.tx) + ": tx_wait failed: " + error_reason(a));
                }
                const std::string status = a["result"].value("status", "");
                if (status == "pending") {
                    still.push_back(p);
                    continue;
                }
                if (status != "committed") {
                    return make_error(
                        Reason::INVALID_ARGUMENT,
                        where(*p.tx) + " " + p.tx_hash + " is " + status +
                            (a["result"].contains("reason") ? ": " + a["result"]["reason"].dump() : "") +
                            (p.already ? " (its client_ref was used by an earlier run: the chain keeps "
                                         "that outcome; import under a new import_id)"
                                       : ""));
                }
                JournalEntry e{p.tx->phase,      p.tx->line, p.tx->rows,
                               p.tx->client_ref, p.tx_hash,  a["result"].value("height", uint64_t{0}),
                               p.already};
                if (Status s = journal_.append(e); !s) return s;
                committed[p.tx->client_ref] = p.tx_hash;
                ++result.txs;
                result.rows += p.tx->rows;
                if (p.already) ++result.already;
            }
        }
        pending = std::move(still);
    }
    return Status();
}

Result<PhaseResult> ImportSubmitter::run_phase(const PhaseSpec& phase, const std::vector<PlannedTx>& txs,
                                               TxSigner& signer,
                                               std::map<std::string, std::string>& committed) {
    PhaseResult result;
    result.phase = phase.name;
    std::vector<const PlannedTx*> retry;  // refused for a full mempool, sent first in the next window
    int full_rounds = 0;
    for (size_t next = 0; next < txs.size() || !retry.empty();) {
        const size_t size = in_flight_;
        std::vector<const PlannedTx*> window;
        for (size_t k = 0; k < retry.size() && window.size() < size; ++k) window.push_back(retry[k]);
        retry.erase(retry.begin(), retry.begin() + static_cast<std::ptrdiff_t>(window.size()));
        for (; next < txs.size() && window.size() < size; ++next) window.push_back(&txs[next]);
        std::vector<Pending> pending;
        std::vector<const PlannedTx*> refused;
        Status submitted = submit_window(window, signer, pending, refused);
        // What was admitted before a refusal is still waited for and journaled: it will commit.
        if (Status s = wait_committed(pending, result, committed); !s) return s.error();
        if (!submitted) return submitted.error();
        if (!refused.empty()) {
            if (++full_rounds > kMaxFullRounds) {
                return make_error(Reason::MEMPOOL_FULL,
                                  where(*refused.front()) + ": the node's mempool stayed full");
            }
            progress_ << "folio-audit import: " << phase.name << ": mempool full, " << refused.size()
                      << " txs sent again\n";
            std::this_thread::sleep_for(kFullPause);
            refused.insert(refused.end(), retry.begin(), retry.end());
            retry = std::move(refused);
        }
        progress_ << "folio-audit import: " << phase.name << " " << result.txs << "/" << txs.size()
                  << " txs (" << result.already << " from an earlier run)\n";
    }
    return result;
}

}  // namespace folio::audit

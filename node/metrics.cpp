#include <malloc.h>

#include <string>

#include "node/services.h"

namespace folio::node {
namespace {
void metric(std::string& out, const char* name, const char* type, const char* help, const std::string& value) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    out.append(name).append(" ").append(value).append("\n");
}
}  // namespace

std::string NodeMetrics::prometheus_text(Height height, size_t mempool_size, size_t mempool_bytes,
                                         const Store::Footprint& store) const {
    std::string out;
    metric(out, "folio_height", "gauge", "Height of the last committed block.", std::to_string(height));
    metric(out, "folio_mempool_txs", "gauge", "Txs waiting in the mempool.", std::to_string(mempool_size));
    metric(out, "folio_mempool_bytes", "gauge", "Bytes of txs waiting in the mempool.", std::to_string(mempool_bytes));
    metric(out, "folio_blocks_committed_total", "counter", "Blocks committed since start.", std::to_string(blocks_committed.load()));
    metric(out, "folio_txs_committed_total", "counter", "Txs committed since start (succeeded or failed).",
           std::to_string(txs_committed.load()));
    metric(out, "folio_txs_failed_total", "counter", "Committed txs whose ops failed and were rolled back.",
           std::to_string(txs_failed.load()));
    metric(out, "folio_txs_submitted_total", "counter", "Txs admitted to the mempool.", std::to_string(txs_submitted.load()));
    metric(out, "folio_txs_refused_total", "counter", "Txs refused at submit.", std::to_string(txs_refused.load()));
    metric(out, "folio_tx_per_second", "gauge", "Committed txs per second over the last 10 seconds.",
           std::to_string(tx_rate_milli.load() / 1000.0));
    metric(out, "folio_last_block_commit_seconds", "gauge", "Time to build and durably commit the last block.",
           std::to_string(last_block_commit_us.load() / 1e6));
    // Heap in use against heap held: tells a growing set of live objects from allocator fragmentation when the
    // resident size grows.
    const struct mallinfo2 heap = mallinfo2();
    metric(out, "folio_heap_in_use_bytes", "gauge", "Bytes of heap in live allocations (glibc mallinfo2).",
           std::to_string(heap.uordblks + heap.hblkhd));
    metric(out, "folio_heap_free_bytes", "gauge", "Bytes of heap held by the allocator but free (glibc mallinfo2).",
           std::to_string(heap.fordblks));
    metric(out, "folio_store_memory_bytes", "gauge", "LevelDB memtables and block cache.",
           std::to_string(store.memory_bytes));
    metric(out, "folio_store_table_files", "gauge", "LevelDB table files on all levels.",
           std::to_string(store.table_files));
    return out;
}

}  // namespace folio::node

#include "audit/progress.h"

#include <cstdio>

namespace folio::audit {

bool Progress::due() {
    const auto now = Clock::now();
    if (now - last_ < std::chrono::seconds(2)) return false;
    last_ = now;
    return true;
}

void Progress::block(uint64_t height, uint64_t to, uint64_t txs) {
    if (!started_) {
        started_ = true;
        start_ = Clock::now();
        first_height_ = height;
    }
    if (!due() && height != to) return;
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    const double blocks = static_cast<double>(height - first_height_ + 1);
    const double bps = s > 0 ? blocks / s : 0, tps = s > 0 ? static_cast<double>(txs) / s : 0;
    const double eta = bps > 0 ? static_cast<double>(to - height) / bps : 0;
    char line[160];
    std::snprintf(line, sizeof line, "replay: block %llu/%llu, %.0f blocks/s, %.0f tx/s, ETA %.0f s",
                  static_cast<unsigned long long>(height), static_cast<unsigned long long>(to), bps, tps,
                  eta);
    err_ << line << std::endl;
}

void Progress::records(uint64_t count) {
    if (!due()) return;
    err_ << "scan: " << count << " records read" << std::endl;
}

void Progress::note(const std::string& line) {
    err_ << line << std::endl;
}

}  // namespace folio::audit

// Progress of a long check on stderr: at most one line every two seconds, with the height, blocks/s, tx/s
// and an estimate of the time left. Lines, not carriage returns, so that a log of the run reads well.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace folio::audit {

class Progress {
  public:
    explicit Progress(std::ostream& err) : err_(err), start_(Clock::now()), last_(start_) {}
    // After each replayed block.
    void block(uint64_t height, uint64_t to, uint64_t txs);
    // While the records are scanned.
    void records(uint64_t count);
    // A line at once (a phase starting).
    void note(const std::string& line);

  private:
    using Clock = std::chrono::steady_clock;
    bool due();

    std::ostream& err_;
    Clock::time_point start_, last_;
    uint64_t first_height_ = 0;
    bool started_ = false;
};

}  // namespace folio::audit

// The arithmetic of the transport's limits, with time passed in so that it is tested without sockets or
// sleeps: a token bucket for inbound rates and the reconnection delay.
#pragma once

#include <algorithm>
#include <cstdint>

namespace folio::p2p {

// Holds up to `burst` tokens, refilled at `rate_per_s`; starts full.
class TokenBucket {
  public:
    TokenBucket(uint64_t rate_per_s, uint64_t burst, uint64_t now_ms)
        : rate_per_s_(rate_per_s), burst_(burst), tokens_(static_cast<double>(burst)), last_ms_(now_ms) {}

    // Takes n tokens if there are that many (after refilling up to now_ms); false leaves the bucket as it is.
    bool take(uint64_t n, uint64_t now_ms) {
        if (now_ms > last_ms_) {
            tokens_ = std::min(
                static_cast<double>(burst_),
                tokens_ + static_cast<double>(now_ms - last_ms_) * static_cast<double>(rate_per_s_) / 1000.0);
            last_ms_ = now_ms;
        }
        if (tokens_ < static_cast<double>(n)) return false;
        tokens_ -= static_cast<double>(n);
        return true;
    }

  private:
    uint64_t rate_per_s_;
    uint64_t burst_;
    double tokens_;
    uint64_t last_ms_;
};

// The delay before the next dial after `failures` consecutive failures (0 for the first retry): min_ms
// doubled per failure up to max_ms, then a jitter drawn from [delay/2, delay] by `random` (any 64-bit value),
// so that nodes restarted together do not dial in lockstep.
inline uint64_t reconnect_delay_ms(uint64_t min_ms, uint64_t max_ms, unsigned failures, uint64_t random) {
    uint64_t delay = min_ms;
    for (unsigned i = 0; i < failures && delay < max_ms; ++i) delay *= 2;
    delay = std::min(delay, max_ms);
    const uint64_t half = delay / 2;
    return delay - (half == 0 ? 0 : random % (half + 1));
}

}  // namespace folio::p2p

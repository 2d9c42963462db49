// Runs folio-wallet in-process (wallet/app.h) with captured output, for tests of whole commands.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wallet/app.h"

namespace folio::wallet::test {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
    // stdout as the one JSON document --json promises (null when it is not JSON).
    nlohmann::json doc() const { return nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false); }
};

// `answer`: what the confirmation prompt gets (nullopt: a failure as when stdin is no terminal).
inline CliRun run_cli(const std::vector<std::string>& args, std::optional<bool> answer = std::nullopt) {
    std::ostringstream out, err;
    Io io{out, err, [answer](const std::string&) -> Expected<bool> {
              if (!answer)
                  return usage_error("confirmation needed but stdin is not a terminal", "pass --yes");
              return *answer;
          }};
    CliRun r;
    r.code = run_wallet(args, io);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// Removes the variables folio-wallet reads, so that the host's environment never leaks into a test.
inline void clear_wallet_env() {
    for (const char* v : {"FOLIO_WALLET_PASSWORD", "FOLIO_RPC_URL", "FOLIO_RPC_TOKEN", "FOLIO_WALLET_DIR"})
        ::unsetenv(v);
}

}  // namespace folio::wallet::test

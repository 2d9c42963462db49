// How a folio-wallet command ends: a value, or a Failure that carries the process exit code, a stable reason
// name, a message for people and, optionally, what to do about it. Exit codes are a documented interface
// (docs/wallet.md, "Exit codes"): scripts branch on them, so they are never renumbered.
//
//   0  success
//   1  refused by the ledger (the node answered "no": INSUFFICIENT_BALANCE, WRONG_CHAIN...) or a proof that
//      does not verify: retrying as is will not help
//   2  usage error: a bad argument, option, file or missing setup; nothing was changed (reason USAGE, or the
//      specific code of a refused value: BAD_ADDRESS, BAD_AMOUNT, BAD_SYMBOL, MEMO_TOO_LONG,
//      INVALID_ARGUMENT)
//   3  the node is unreachable or answered with an RPC error (token, timeout, malformed answer): retrying
//      may help
//   4  keystore, password or wallet-file error (wrong password, tampered key file, damaged wallet.json)
//  70  a bug in folio-wallet (EX_SOFTWARE)
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "chain/result.h"

namespace folio::wallet {

enum class ExitCode : int { ok = 0, refused = 1, usage = 2, node = 3, keystore = 4, internal = 70 };

struct Failure {
    ExitCode exit = ExitCode::internal;
    // A ledger reason name (INSUFFICIENT_BALANCE) or a wallet one (USAGE, WRONG_PASSWORD).
    std::string reason;
    std::string message;  // one line, for people
    std::string hint;     // what to do next; may be empty
    // Extra string fields for the --json error document (the first tx of a DUPLICATE_CLIENT_REF, say).
    std::vector<std::pair<std::string, std::string>> details;
};

// The command line itself is wrong (an unknown command or option, a missing one, the wrong number of
// arguments), or the setup it needs is missing: exit 2, reason USAGE.
Failure usage_error(std::string message, std::string hint = {});
// A value given to an option or argument is refused: exit 2, nothing was changed, with the ledger's specific
// code (BAD_ADDRESS, BAD_AMOUNT, BAD_SYMBOL, MEMO_TOO_LONG), or INVALID_ARGUMENT when none is more specific.
Failure input_error(Reason reason, std::string message, std::string hint = {});
// A keystore Error (keys/keystore.h) as the user should see it: exit 4, WRONG_PASSWORD for NOT_AUTHORIZED,
// KEYSTORE_DAMAGED for CORRUPTION / BAD_VERSION; INVALID_ARGUMENT (a bad name, an existing key) is a usage
// error.
Failure keystore_failure(const Error& error);
// A failed keys::write_file_atomic as the user should see it: a usage error (exit 2), with a hint when the
// file exists already (refused, never overwritten), IO_ERROR when the file system failed.
Failure write_failure(const Error& error);
// A chain-level Error from a local check (a decoder, a proof verifier): exit `exit`, the reason's name.
Failure failure_of(const Error& error, ExitCode exit);

template <typename T>
class [[nodiscard]] Expected {
  public:
    Expected(T value) : v_(std::move(value)) {}            // NOLINT: implicit, like Result
    Expected(Failure failure) : v_(std::move(failure)) {}  // NOLINT

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    const Failure& failure() const {
        assert(!ok());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Failure> v_;
};

// Success or a Failure.
using Done = Expected<std::monostate>;
inline Done done() {
    return std::monostate{};
}

}  // namespace folio::wallet

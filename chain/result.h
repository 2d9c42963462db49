// Errors as values at module boundaries. A Result<T> holds either a T or an Error (a stable reason code plus a
// human message). Decoders below this level return bool and never throw; assertions guard our own bugs only.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "chain/reason.h"

namespace folio {

struct Error {
    Reason reason = Reason::INTERNAL;
    std::string message;
};

inline Error make_error(Reason reason, std::string message) { return Error{reason, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
    Result(Error error) : v_(std::move(error)) {}  // NOLINT

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { assert(!ok()); return std::get<1>(v_); }
    Reason reason() const { return ok() ? Reason::OK : error().reason; }

private:
    std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

    static Status success() { return Status(); }
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { assert(!ok_); return error_; }
    Reason reason() const { return ok_ ? Reason::OK : error_.reason; }

private:
    Error error_;
    bool ok_ = true;
};

}  // namespace folio

#include "rpc/outcome.h"

#include <nlohmann/json.hpp>

namespace folio::rpc {

int code_for_reason(Reason reason) {
    switch (reason) {
        case Reason::INVALID_ARGUMENT:
            return code::kInvalidParams;
        case Reason::NOT_FOUND:
            return code::kNotFound;
        case Reason::TIMEOUT:
            return code::kTimeout;
        case Reason::UNAVAILABLE:
        case Reason::MEMPOOL_FULL:
            return code::kUnavailable;
        case Reason::INTERNAL:
        case Reason::IO_ERROR:
        case Reason::CORRUPTION:
        case Reason::OK:
            return code::kInternal;  // a failure without a reason is our bug
        default:
            return code::kRefused;
    }
}

std::string_view code_title(int c) {
    switch (c) {
        case code::kParseError:
            return "Parse error";
        case code::kInvalidRequest:
            return "Invalid request";
        case code::kMethodNotFound:
            return "Method not found";
        case code::kInvalidParams:
            return "Invalid params";
        case code::kInternal:
            return "Internal error";
        case code::kRefused:
            return "Refused";
        case code::kNotFound:
            return "Not found";
        case code::kUnauthorized:
            return "Unauthorized";
        case code::kTimeout:
            return "Timeout";
        case code::kUnavailable:
            return "Unavailable";
        case code::kWebSocketRequired:
            return "WebSocket required";
        default:
            return "Error";
    }
}

RpcOutcome::RpcOutcome(bool ok, std::unique_ptr<nlohmann::json> value) : ok_(ok), value_(std::move(value)) {}
RpcOutcome::RpcOutcome(RpcOutcome&&) noexcept = default;
RpcOutcome& RpcOutcome::operator=(RpcOutcome&&) noexcept = default;
RpcOutcome::~RpcOutcome() = default;

RpcOutcome RpcOutcome::success(nlohmann::json result) {
    return RpcOutcome(true, std::make_unique<nlohmann::json>(std::move(result)));
}

RpcOutcome RpcOutcome::failure(const Error& error) {
    return failure(code_for_reason(error.reason), error.reason, error.message, nlohmann::json::object());
}

RpcOutcome RpcOutcome::failure(const Error& error, nlohmann::json extra_data) {
    return failure(code_for_reason(error.reason), error.reason, error.message, std::move(extra_data));
}

RpcOutcome RpcOutcome::failure(int c, Reason reason, std::string message) {
    return failure(c, reason, std::move(message), nlohmann::json::object());
}

RpcOutcome RpcOutcome::failure(int c, Reason reason, std::string message, nlohmann::json extra_data) {
    nlohmann::json data = extra_data.is_object() ? std::move(extra_data) : nlohmann::json::object();
    data["reason"] = std::string(reason_name(reason));
    if (message.empty()) message = std::string(code_title(c));
    auto value = std::make_unique<nlohmann::json>(
        nlohmann::json{{"code", c}, {"message", std::move(message)}, {"data", std::move(data)}});
    return RpcOutcome(false, std::move(value));
}

nlohmann::json RpcOutcome::take_json() && {
    return std::move(*value_);
}

int RpcOutcome::error_code() const {
    if (ok_) return 0;
    return value_->at("code").get<int>();
}

}  // namespace folio::rpc

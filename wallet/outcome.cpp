#include "wallet/outcome.h"

namespace folio::wallet {

Failure usage_error(std::string message, std::string hint) {
    return Failure{ExitCode::usage, "USAGE", std::move(message), std::move(hint), {}};
}

Failure input_error(Reason reason, std::string message, std::string hint) {
    return Failure{
        ExitCode::usage, std::string(reason_name(reason)), std::move(message), std::move(hint), {}};
}

Failure keystore_failure(const Error& error) {
    switch (error.reason) {
        case Reason::NOT_AUTHORIZED:
            return Failure{
                ExitCode::keystore, "WRONG_PASSWORD", error.message, "nothing was signed or changed", {}};
        case Reason::CORRUPTION:
        case Reason::BAD_VERSION:
            return Failure{
                ExitCode::keystore,
                "KEYSTORE_DAMAGED",
                error.message,
                "the key file was damaged or tampered with and is refused; restore it from a backup",
                {}};
        case Reason::INVALID_ARGUMENT:
            return Failure{ExitCode::usage, "USAGE", error.message, {}, {}};
        default:
            return Failure{ExitCode::keystore, "KEYSTORE_ERROR", error.message, {}, {}};
    }
}

Failure write_failure(const Error& error) {
    if (error.reason == Reason::INVALID_ARGUMENT)
        return usage_error(error.message + "; it is never overwritten", "choose another file");
    return Failure{ExitCode::usage, "IO_ERROR", error.message, {}, {}};
}

Failure failure_of(const Error& error, ExitCode exit) {
    return Failure{exit, std::string(reason_name(error.reason)), error.message, {}, {}};
}

}  // namespace folio::wallet

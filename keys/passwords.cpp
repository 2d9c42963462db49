#include "keys/passwords.h"

#include <cstdlib>

#include "chain/crypto/schnorr.h"
#include "keys/file_io.h"
#include "keys/password_prompt.h"

namespace folio::keys {

void wipe_string(std::string& s) {
    s.resize(s.capacity());  // also the bytes past size() that an earlier, longer value left
    crypto::wipe(s.data(), s.size());
    s.clear();
}

Status check_new_password(std::string_view password) {
    size_t chars = 0;
    for (char c : password)
        chars += (static_cast<unsigned char>(c) & 0xc0) != 0x80;  // not a continuation byte
    if (chars >= kMinNewPasswordChars) return Status::success();
    std::string m = "a new password needs at least ";
    m += std::to_string(kMinNewPasswordChars);
    m += " characters; this one has ";
    m += std::to_string(chars);
    return make_error(Reason::INVALID_ARGUMENT, std::move(m));
}

Result<std::string> read_password_file(const std::string& path) {
    auto text = read_file_bounded(path, kMaxPasswordFileBytes);
    if (!text) {
        if (text.reason() == Reason::TOO_LARGE)
            return make_error(Reason::INVALID_ARGUMENT, text.error().message);
        return make_error(text.reason(), "password file: " + text.error().message);
    }
    std::string password = text->substr(0, text->find('\n'));
    wipe_string(*text);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) return make_error(Reason::INVALID_ARGUMENT, "password file " + path + " is empty");
    return password;
}

Result<std::string> read_password_env(const std::string& var) {
    const char* value = std::getenv(var.c_str());
    if (!value) return make_error(Reason::NOT_FOUND, "environment variable " + var + " is not set");
    if (!*value) return make_error(Reason::INVALID_ARGUMENT, "environment variable " + var + " is empty");
    return std::string(value);
}

Result<std::string> obtain_password(const std::vector<PasswordSource>& sources) {
    std::string tried;
    for (const auto& src : sources) {
        if (src.kind == PasswordSource::Kind::file) return read_password_file(src.arg);
        auto r = src.kind == PasswordSource::Kind::env ? read_password_env(src.arg)
                                                       : prompt_password(src.arg, src.confirm);
        const bool absent = src.kind == PasswordSource::Kind::env ? r.reason() == Reason::NOT_FOUND
                                                                  : r.reason() == Reason::UNAVAILABLE;
        if (!absent) return r;
        tried += (tried.empty() ? "" : "; ") + r.error().message;
    }
    return make_error(Reason::NOT_FOUND,
                      "no password source available" + (tried.empty() ? "" : ": " + tried));
}

}  // namespace folio::keys

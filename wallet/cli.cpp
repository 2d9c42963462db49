#include "wallet/cli.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "chain/crypto/bech32m.h"
#include "chain/tx.h"
#include "keys/keystore.h"
#include "wallet/text.h"

namespace folio::wallet {

const std::vector<OptionSpec>& global_options() {
    static const std::vector<OptionSpec> options = {
        {"--wallet-dir", "DIR", "wallet directory (default $FOLIO_WALLET_DIR or ~/.folio-wallet)"},
        {"--rpc", "URL", "node URL (default $FOLIO_RPC_URL, the URL given to init, http://127.0.0.1:8545)"},
        {"--token", "TOKEN", "RPC bearer token (default $FOLIO_RPC_TOKEN)"},
        {"--token-file", "FILE", "read the RPC token from the first line of FILE"},
        {"--key", "NAME", "key to use (default: the only key, or the one named 'default')"},
        {"--password-file", "FILE",
         "keystore password: first line of FILE (else $FOLIO_WALLET_PASSWORD, a prompt)"},
        {"--json", "", "print one JSON document instead of text"},
        {"--yes", "", "do not ask for confirmation"},
        {"--help", "", "show help"},
        {"--version", "", "print the version and git commit, and exit"},
    };
    return options;
}

const CommandSpec* find_command(std::string_view name) {
    for (const auto& spec : command_specs()) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

std::optional<std::string> ParsedArgs::get(std::string_view option) const {
    auto it = options.find(option);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

namespace {

const OptionSpec* find_option(const std::vector<OptionSpec>& list, std::string_view name) {
    for (const auto& o : list) {
        if (o.name == name) return &o;
    }
    return nullptr;
}

std::string command_list() {
    std::string s;
    for (const auto& spec : command_specs()) {
        if (!s.empty()) s += ", ";
        s += spec.name;
    }
    return s;
}

}  // namespace

Expected<ParsedArgs> parse_args(const std::vector<std::string>& argv) {
    ParsedArgs out;
    const CommandSpec* spec = nullptr;
    bool options_done = false;
    std::vector<std::string> stray;  // positionals seen before the command name
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > kMaxPathLength)
            return usage_error(cat("argument ", i + 1, " is longer than 4096 bytes"));
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (!options_done && (a == "-h" || a == "--help")) {
            out.help = true;
            continue;
        }
        if (!options_done && a.size() > 1 && a[0] == '-') {
            if (a.size() < 3 || a[1] != '-')
                return usage_error(cat("unknown option ", a), "see folio-wallet --help");
            const size_t eq = a.find('=');
            const std::string name = a.substr(0, eq);
            const OptionSpec* opt = find_option(global_options(), name);
            if (!opt && spec) opt = find_option(spec->options, name);
            if (!opt) {
                if (!spec) {
                    return usage_error(
                        cat("unknown option ", name, " (command options go after the command)"),
                        "see folio-wallet --help");
                }
                return usage_error(cat("the ", spec->name, " command has no option ", name),
                                   cat("see folio-wallet ", spec->name, " --help"));
            }
            if (out.has(name)) return usage_error(cat("option ", name, " is given twice"));
            std::string value;
            if (opt->value_name.empty()) {
                if (eq != std::string::npos) return usage_error(cat("option ", name, " takes no value"));
            } else if (eq != std::string::npos) {
                value = a.substr(eq + 1);
            } else {
                if (i + 1 >= argv.size())
                    return usage_error(cat("option ", name, " needs a value ", opt->value_name));
                value = argv[++i];
            }
            out.options.emplace(name, std::move(value));
            continue;
        }
        if (!spec && out.command.empty()) {
            spec = find_command(a);
            if (!spec) {
                return usage_error(cat("unknown command '", a, "'"), cat("commands: ", command_list()));
            }
            out.command = a;
            if (!stray.empty())
                return usage_error(cat("unexpected argument '", stray[0], "' before the command"));
            continue;
        }
        if (spec)
            out.args.push_back(a);
        else
            stray.push_back(a);
    }
    if (!stray.empty())
        return usage_error(cat("unexpected argument '", stray[0], "'"), "see folio-wallet --help");
    if (out.command == "help") {
        out.help = true;
        if (out.args.size() > 1) return usage_error("help takes at most one command name");
        if (!out.args.empty()) {
            if (!find_command(out.args[0])) {
                return usage_error(cat("unknown command '", out.args[0], "'"),
                                   cat("commands: ", command_list()));
            }
            out.command = out.args[0];
        } else {
            out.command.clear();
        }
        out.args.clear();
        return out;
    }
    if (out.help || !spec) return out;
    if (out.args.size() != spec->n_args) {
        if (spec->n_args == 0) return usage_error(cat("unexpected argument '", out.args[0], "'"));
        return usage_error(cat(spec->name, " takes ", spec->args, " as its argument"),
                           cat("folio-wallet ", spec->name, " ", spec->args));
    }
    for (const auto& o : spec->options) {
        if (o.required && !out.has(o.name)) {
            return usage_error(cat(spec->name, " needs ", o.name, " ", o.value_name),
                               cat("see folio-wallet ", spec->name, " --help"));
        }
    }
    return out;
}

namespace {

void append_options(std::string& s, const std::vector<OptionSpec>& options) {
    for (const auto& o : options) {
        if (o.hidden) continue;
        std::string left = cat("  ", o.name);
        if (!o.value_name.empty()) left += cat(" ", o.value_name);
        if (left.size() < 26)
            left.resize(26, ' ');
        else
            left += "  ";
        s += cat(left, o.help, o.required ? " (required)" : "", "\n");
    }
}

}  // namespace

std::string main_help() {
    std::string s =
        "folio-wallet: keys, holdings and transfers on a Folio ledger.\n\n"
        "Usage: folio-wallet [options] COMMAND [command options] [ARGS]\n\nCommands:\n";
    for (const auto& spec : command_specs()) {
        std::string left = cat("  ", spec.name);
        left.resize(20, ' ');
        s += cat(left, spec.summary, "\n");
    }
    s += "\nOptions (accepted by every command):\n";
    append_options(s, global_options());
    s += "\nExit codes: 0 ok; 1 refused by the ledger or verification failed; 2 usage error; 3 node "
         "unreachable\n"
         "or RPC error; 4 keystore, password or wallet-file error.\n"
         "Start with: folio-wallet init --genesis genesis.json && folio-wallet keygen --name default\n"
         "Run 'folio-wallet COMMAND --help' for a command's options.\n";
    return s;
}

std::string command_help(const CommandSpec& spec) {
    std::string s = cat("Usage: folio-wallet ", spec.name);
    for (const auto& o : spec.options) {
        if (o.hidden) continue;
        std::string part(o.name);
        if (!o.value_name.empty()) part += cat(" ", o.value_name);
        s += o.required ? cat(" ", part) : cat(" [", part, "]");
    }
    if (!spec.args.empty()) s += cat(" ", spec.args);
    s += cat("\n\n", spec.summary, ".\n");
    if (!spec.details.empty()) s += cat("\n", spec.details, "\n");
    if (std::any_of(spec.options.begin(), spec.options.end(),
                    [](const OptionSpec& o) { return !o.hidden; })) {
        s += "\nOptions:\n";
        append_options(s, spec.options);
    }
    s += "\nCommon options:\n";
    append_options(s, global_options());
    return s;
}

// ---- Validators ----

Expected<uint64_t> parse_uint_option(std::string_view option, std::string_view text, uint64_t min,
                                     uint64_t max) {
    const std::string range = cat(" (", min, " to ", max, ")");
    const bool digits =
        !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    uint64_t v = 0;
    if (!digits || (text.size() > 1 && text[0] == '0') ||
        std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc()) {
        return input_error(Reason::INVALID_ARGUMENT,
                           cat(option, ": '", printable(text), "' is not a whole number", range));
    }
    if (v < min || v > max)
        return input_error(Reason::INVALID_ARGUMENT, cat(option, ": ", v, " is out of range", range));
    return v;
}

Expected<std::string> parse_path_option(std::string_view option, std::string_view text) {
    if (text.empty()) return input_error(Reason::INVALID_ARGUMENT, cat(option, ": the path is empty"));
    if (text.size() > kMaxPathLength)
        return input_error(Reason::INVALID_ARGUMENT, cat(option, ": the path is longer than 4096 bytes"));
    return std::string(text);
}

Expected<std::string> parse_rpc_url(std::string_view source, std::string_view text) {
    if (text.size() > kMaxUrlLength)
        return input_error(Reason::INVALID_ARGUMENT, cat(source, ": the URL is longer than 2048 bytes"));
    if (text.starts_with("https://")) {
        return input_error(
            Reason::INVALID_ARGUMENT, cat(source, ": https is not supported"),
            "reach a remote node through a TLS-terminating proxy or an SSH tunnel (http://127.0.0.1:PORT)");
    }
    constexpr std::string_view scheme = "http://";
    if (!text.starts_with(scheme)) {
        return input_error(Reason::INVALID_ARGUMENT,
                           cat(source, ": '", printable(text), "' is not an http:// URL"),
                           "e.g. http://127.0.0.1:8545");
    }
    const std::string_view rest = text.substr(scheme.size());
    const std::string_view authority = rest.substr(0, rest.find('/'));
    const size_t colon = authority.rfind(':');
    const std::string_view host = authority.substr(0, colon);
    const bool host_ok = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' || c == ']' ||
               c == ':';
    });
    if (!host_ok)
        return input_error(Reason::INVALID_ARGUMENT,
                           cat(source, ": '", printable(text), "' has no valid host"));
    if (colon != std::string_view::npos && authority.back() != ']') {
        auto port = parse_uint_option(cat(source, " port"), authority.substr(colon + 1), 1, 65535);
        if (!port) return port.failure();
    }
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            return input_error(Reason::INVALID_ARGUMENT,
                               cat(source, ": the URL contains a space or a control character"));
        }
    }
    return std::string(text);
}

Expected<std::string> parse_token(std::string_view source, std::string_view text) {
    if (text.empty() || text.size() > kMaxTokenLength)
        return input_error(Reason::INVALID_ARGUMENT, cat(source, ": a token has 1 to 512 characters"));
    for (char c : text) {
        if (c <= 0x20 || c >= 0x7f)
            return input_error(Reason::INVALID_ARGUMENT,
                               cat(source, ": a token is printable ASCII without spaces"));
    }
    return std::string(text);
}

Expected<std::string> parse_key_name(std::string_view option, std::string_view text) {
    if (Status s = keys::validate_key_name(text); !s) {
        return input_error(Reason::INVALID_ARGUMENT,
                           cat(option, ": '", printable(text), "' is not a valid key name"),
                           "1-64 characters of A-Z a-z 0-9 . _ - , not starting with '.'");
    }
    return std::string(text);
}

Expected<std::string> parse_symbol(std::string_view option, std::string_view text) {
    if (is_valid_symbol(text)) return std::string(text);
    std::string upper(text.substr(0, 64));
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (is_valid_symbol(upper)) {
        return input_error(Reason::BAD_SYMBOL, cat(option, ": symbols are upper case"),
                           cat("did you mean ", upper, "?"));
    }
    return input_error(Reason::BAD_SYMBOL, cat(option, ": '", printable(text), "' is not an asset symbol"),
                       "1-12 characters of A-Z 0-9 . -");
}

Expected<AccountId> parse_address(std::string_view option, std::string_view text) {
    auto id = crypto::decode_address(text);
    if (!id) {
        return input_error(Reason::BAD_ADDRESS,
                           cat(option, ": '", printable(text), "' is not a folio address"),
                           "addresses look like folio1...; a mistyped one fails its checksum");
    }
    return *id;
}

Expected<TxHash> parse_tx_hash(std::string_view source, std::string_view text) {
    TxHash h{};
    std::string lower(text.substr(0, 64));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text.size() != 64 || !from_hex_fixed(lower, h)) {
        return input_error(Reason::INVALID_ARGUMENT,
                           cat(source, ": '", printable(text), "' is not a tx hash"),
                           "a tx hash is 64 hex characters, as transfer and submit print it");
    }
    return h;
}

Expected<std::string> parse_amount_text(std::string_view option, std::string_view text) {
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    auto all_digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (text.size() > 40 || whole.empty() || !all_digits(whole) || !all_digits(frac) ||
        (dot != std::string_view::npos && frac.empty()) || frac.size() > kMaxDecimals) {
        return input_error(Reason::BAD_AMOUNT, cat(option, ": '", printable(text), "' is not an amount"),
                           "write it in the asset's units with a '.' for decimals, e.g. 12.50");
    }
    return std::string(text);
}

Expected<Amount> parse_amount_for(std::string_view option, std::string_view text, uint8_t decimals,
                                  std::string_view symbol) {
    Amount a = 0;
    if (!parse_amount(text, decimals, a)) {
        const size_t dot = text.find('.');
        if (dot != std::string_view::npos && text.size() - dot - 1 > decimals) {
            return input_error(Reason::BAD_AMOUNT,
                               cat(option, ": ", symbol, " has ", static_cast<unsigned>(decimals),
                                   " decimals; '", printable(text), "' has more"));
        }
        return input_error(Reason::BAD_AMOUNT,
                           cat(option, ": '", printable(text), "' does not fit in an amount of ", symbol));
    }
    if (a == 0) return input_error(Reason::BAD_AMOUNT, cat(option, ": the amount must be more than zero"));
    return a;
}

Expected<std::string> parse_memo(std::string_view option, std::string_view text) {
    if (text.size() > kMaxMemoBytes)
        return input_error(Reason::MEMO_TOO_LONG,
                           cat(option, ": at most 256 bytes (this one has ", text.size(), ")"));
    if (!is_valid_utf8(text)) return input_error(Reason::INVALID_ARGUMENT, cat(option, ": not valid UTF-8"));
    return std::string(text);
}

Expected<std::string> parse_client_ref(std::string_view option, std::string_view text) {
    if (text.empty() || text.size() > kMaxClientRefBytes)
        return input_error(Reason::INVALID_ARGUMENT, cat(option, ": 1 to 64 bytes"));
    if (!is_valid_utf8(text)) return input_error(Reason::INVALID_ARGUMENT, cat(option, ": not valid UTF-8"));
    for (char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return input_error(Reason::INVALID_ARGUMENT, cat(option, ": no control characters"));
    }
    return std::string(text);
}

Expected<uint64_t> parse_scrypt_n(std::string_view option, std::string_view text) {
    auto n = parse_uint_option(option, text, keys::kMinScryptN, keys::kMaxScryptN);
    if (!n) return n;
    if ((*n & (*n - 1)) != 0)
        return input_error(Reason::INVALID_ARGUMENT, cat(option, ": must be a power of two"));
    if (Status s = keys::validate_scrypt_params(keys::ScryptParams{*n, 8, 1}); !s)
        return input_error(Reason::INVALID_ARGUMENT, cat(option, ": ", s.error().message));
    return n;
}

}  // namespace folio::wallet

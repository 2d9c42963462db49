#include "rpc/cli/args.h"

#include <nlohmann/json.hpp>

#include "rpc/json_limits.h"
#include "wallet/cli.h"
#include "wallet/text.h"

namespace folio::cli {
namespace {

using nlohmann::json;
using wallet::cat;
using wallet::usage_error;

constexpr unsigned kMaxParamDepth = 32;
constexpr size_t kMaxMethodLength = 64;
constexpr size_t kMaxParamWords = 64;

bool is_method_name(const std::string& s) {
    if (s.empty() || s.size() > kMaxMethodLength) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

// A string member of a node's answer, or "" (the node is not trusted to be well-formed).
std::string string_at(const json& j, const char* key) {
    if (!j.is_object()) return "";
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json* param_spec(const json& spec, const std::string& name) {
    if (!spec.contains("params") || !spec["params"].is_array()) return nullptr;
    for (const json& p : spec["params"]) {
        if (string_at(p, "name") == name) return &p;
    }
    return nullptr;
}

std::string param_names(const json& spec) {
    std::string names;
    if (spec.contains("params") && spec["params"].is_array()) {
        for (const json& p : spec["params"]) {
            const std::string name = string_at(p, "name");
            if (name.empty()) continue;
            names += names.empty() ? "" : ", ";
            names += wallet::printable(name, 40);
        }
    }
    return names.empty() ? "none" : names;
}

Expected<json> parse_json_word(const std::string& what, const std::string& text) {
    json value;
    std::string why;
    if (!rpc::parse_json_bounded(text, kMaxParamDepth, value, why)) {
        return usage_error(cat(what, " is not JSON: ", why),
                           "quote the whole JSON for the shell: '{\"account\":\"folio1...\"}'");
    }
    return value;
}

// One key=value word as the param's declared JSON Schema type wants it.
Expected<json> convert(const std::string& key, const std::string& value, const json& param) {
    const std::string type = param.contains("schema") ? string_at(param["schema"], "type") : std::string();
    if (type == "string") return json(value);
    if (type == "boolean") {
        if (value == "true") return json(true);
        if (value == "false") return json(false);
        return usage_error(cat(key, ": must be true or false"));
    }
    if (type == "integer") {
        json number;
        std::string why;
        if (!rpc::parse_json_bounded(value, 1, number, why) || !number.is_number_integer()) {
            return usage_error(cat(key, ": must be an integer, not '", wallet::printable(value, 40), "'"));
        }
        return number;
    }
    return parse_json_word(key, value);
}

}  // namespace

std::string usage_text() {
    return "usage:\n"
           "  folio-cli [--datadir DIR | --rpc URL --token-file FILE] [--json] METHOD [JSON | key=value "
           "...]\n"
           "  folio-cli [--datadir DIR | --rpc URL ...] help [METHOD]\n"
           "  folio-cli --help | --version\n"
           "\n"
           "Calls any JSON-RPC method of a Folio node and prints the result (tables for chain_status,\n"
           "account_get, account_holdings, asset_list, asset_holders, mempool_list; pretty JSON otherwise).\n"
           "\n"
           "  --datadir DIR      the node's data dir: the URL from DIR/rpc.addr, the admin token from\n"
           "                     DIR/rpc-admin.token\n"
           "  --rpc URL          the node's URL (http://HOST:PORT)\n"
           "  --token-file FILE  read the bearer token from the first line of FILE\n"
           "  --json             print the result as one JSON document, as the node sent it\n"
           "\n"
           "Params: one JSON object or array ('{\"account\":\"folio1...\"}'), or key=value words converted "
           "by\n"
           "the method's param types (amounts and addresses stay strings): account_holdings "
           "account=folio1...\n"
           "`folio-cli help` lists the methods; `folio-cli help METHOD` shows one.\n"
           "\n"
           "Exit codes (as folio-wallet's): 0 success; 1 refused by the node (its reason code is printed);\n"
           "2 usage error (bad option, unknown method, params that are not JSON); 3 the node is unreachable\n"
           "or answered an RPC error (token, timeout); 70 a bug in folio-cli.\n";
}

Expected<CliArgs> parse_cli_args(const std::vector<std::string>& argv) {
    CliArgs a;
    size_t i = 0;
    for (; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.rfind("--", 0) != 0 && word != "-h") break;  // METHOD
        std::string name = word, value;
        bool has_value = false;
        if (const size_t eq = word.find('='); eq != std::string::npos) {
            name = word.substr(0, eq);
            value = word.substr(eq + 1);
            has_value = true;
        }
        auto take_value = [&]() -> Expected<std::string> {
            if (has_value) return value;
            if (i + 1 >= argv.size()) return usage_error(cat(name, " needs a value"), "see folio-cli --help");
            return argv[++i];
        };
        auto once = [&](std::optional<std::string>& slot) -> wallet::Done {
            if (slot) return usage_error(cat(name, " given twice"));
            auto v = take_value();
            if (!v) return v.failure();
            slot = *v;
            return wallet::done();
        };
        if (name == "--help" || name == "-h") {
            a.usage = true;
        } else if (name == "--version") {
            a.version = true;
        } else if (name == "--json") {
            if (has_value) return usage_error("--json takes no value");
            a.json = true;
        } else if (name == "--datadir" || name == "--token-file") {
            auto done = once(name == "--datadir" ? a.datadir : a.token_file);
            if (!done) return done.failure();
            auto checked = wallet::parse_path_option(name, name == "--datadir" ? *a.datadir : *a.token_file);
            if (!checked) return checked.failure();
        } else if (name == "--rpc") {
            auto done = once(a.rpc_url);
            if (!done) return done.failure();
            auto url = wallet::parse_rpc_url("--rpc", *a.rpc_url);
            if (!url) return url.failure();
            a.rpc_url = *url;
        } else {
            return usage_error(cat("unknown option ", wallet::printable(name, 40)), "see folio-cli --help");
        }
    }
    if (a.usage || a.version) return a;
    if (i >= argv.size()) return usage_error("no METHOD given", "folio-cli help lists the methods");
    if (a.datadir && a.rpc_url) {
        return usage_error("give --datadir or --rpc, not both",
                           "--datadir finds the URL and the admin token of a local node by itself");
    }
    if (!a.datadir && !a.rpc_url) {
        return usage_error("give --datadir DIR (a local node) or --rpc URL --token-file FILE",
                           "see folio-cli --help");
    }
    std::string method = argv[i++];
    if (method == "help") {
        a.help = true;
        if (i < argv.size())
            method = argv[i++];
        else
            method.clear();
        if (i < argv.size()) return usage_error("help takes at most one METHOD");
    }
    if ((!a.help || !method.empty()) && !is_method_name(method)) {
        return usage_error(cat("'", wallet::printable(method, 40), "' is not a method name"),
                           "folio-cli help lists the methods");
    }
    a.method = std::move(method);
    a.params.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
    if (a.params.size() > kMaxParamWords) return usage_error(cat("at most ", kMaxParamWords, " params"));
    return a;
}

Expected<json> build_params(const json& spec, const std::vector<std::string>& words) {
    if (words.empty()) return json::object();
    const std::string& first = words.front();
    if (!first.empty() && (first.front() == '{' || first.front() == '[')) {
        if (words.size() != 1) return usage_error("give the params as one JSON word or as key=value words");
        auto value = parse_json_word("the params", first);
        if (!value) return value.failure();
        return value;
    }
    json params = json::object();
    for (const std::string& word : words) {
        const size_t eq = word.find('=');
        if (eq == std::string::npos || eq == 0) {
            return usage_error(
                cat("'", wallet::printable(word, 40), "' is not key=value"),
                cat("params of ", wallet::printable(string_at(spec, "name"), 64), ": ", param_names(spec)));
        }
        const std::string key = word.substr(0, eq);
        const json* param = param_spec(spec, key);
        if (param == nullptr) {
            return usage_error(cat("'", wallet::printable(key, 40), "' is not a param of ",
                                   wallet::printable(string_at(spec, "name"), 64)),
                               cat("its params: ", param_names(spec)));
        }
        if (params.contains(key)) return usage_error(cat(key, " given twice"));
        auto value = convert(key, word.substr(eq + 1), *param);
        if (!value) return value.failure();
        params[key] = std::move(*value);
    }
    return params;
}

}  // namespace folio::cli

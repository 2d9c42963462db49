#include "rpc/cli/app.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>

#include "chain/version.h"
#include "keys/file_io.h"
#include "keys/passwords.h"
#include "rpc/cli/args.h"
#include "rpc/cli/print.h"
#include "rpc/json_limits.h"
#include "wallet/cli.h"
#include "wallet/node_client.h"
#include "wallet/text.h"

namespace folio::cli {
namespace {

using nlohmann::json;
using wallet::cat;
using wallet::ExitCode;
using wallet::Expected;
using wallet::Failure;

constexpr size_t kMaxAddressFileBytes = 256;

struct Endpoint {
    std::string url;
    std::string token;
};

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

// The first line of a token file, checked as folio-wallet checks --token-file.
Expected<std::string> read_token(const std::string& source, const std::string& path,
                                 const std::string& hint) {
    auto text = keys::read_password_file(path);
    if (!text) return wallet::usage_error(cat(source, ": ", text.error().message), hint);
    auto token = wallet::parse_token(source, *text);
    keys::wipe_string(*text);
    return token;
}

Expected<Endpoint> find_endpoint(const CliArgs& a) {
    Endpoint e;
    if (a.datadir) {
        const std::string addr_path = *a.datadir + "/rpc.addr";
        auto addr = keys::read_file_bounded(addr_path, kMaxAddressFileBytes);
        if (!addr) {
            return Failure{
                ExitCode::node,
                "UNAVAILABLE",
                cat("no running node found: cannot read ", addr_path, " (", addr.error().message, ")"),
                cat("is foliod running with --datadir ", *a.datadir, "? it writes rpc.addr once it listens"),
                {}};
        }
        auto url = wallet::parse_rpc_url(addr_path, "http://" + trimmed(*addr));
        if (!url) return url.failure();
        e.url = *url;
        if (!a.token_file) {
            auto token = read_token(*a.datadir + "/rpc-admin.token", *a.datadir + "/rpc-admin.token",
                                    "a node whose config lists its tokens writes no rpc-admin.token: give "
                                    "--token-file");
            if (!token) return token.failure();
            e.token = *token;
        }
    } else {
        e.url = *a.rpc_url;
    }
    if (a.token_file) {
        auto token = read_token("--token-file", *a.token_file, "the file holds the token on its first line");
        if (!token) return token.failure();
        e.token = *token;
    }
    return e;
}

int report(const Failure& f, std::ostream& out, std::ostream& err, bool json_mode) {
    err << "error: " << f.message;
    if (f.reason != "USAGE" && !f.reason.empty()) err << " [" << f.reason << "]";
    err << "\n";
    for (const auto& [k, v] : f.details) err << "  " << k << ": " << v << "\n";
    if (!f.hint.empty()) err << "hint: " << f.hint << "\n";
    if (json_mode) {
        json e = {{"reason", f.reason}, {"message", f.message}, {"exit_code", static_cast<int>(f.exit)}};
        if (!f.hint.empty()) e["hint"] = f.hint;
        for (const auto& [k, v] : f.details) e[k] = v;
        out << rpc::dump_json(json{{"error", e}}) << "\n";
    }
    out.flush();
    return static_cast<int>(f.exit);
}

// Runs the parsed command; the text to print on success.
Expected<std::string> run(const CliArgs& a) {
    auto endpoint = find_endpoint(a);
    if (!endpoint) return endpoint.failure();
    wallet::NodeClient node(endpoint->url, endpoint->token);
    // The method table of the node itself: which methods exist and what type each param has.
    auto document = node.call("rpc_methods", json::object());
    if (!document) return document.failure();
    if (a.help && a.method.empty()) {
        return a.json ? rpc::dump_json(*document) + "\n" : render_method_list(*document);
    }
    const json* spec = find_method(*document, a.method);
    if (spec == nullptr) {
        return wallet::usage_error(cat("the node has no method '", a.method, "'"),
                                   "folio-cli help lists the methods");
    }
    if (a.help) return a.json ? rpc::dump_json(*spec) + "\n" : render_method_help(*spec);
    auto params = build_params(*spec, a.params);
    if (!params) return params.failure();
    auto result = node.call(a.method, *params);
    if (!result) return result.failure();
    return a.json ? rpc::dump_json(*result) + "\n" : render_result(a.method, *result);
}

}  // namespace

int run_cli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    bool json_mode = false;
    for (const auto& word : argv) {
        if (word == "--json") json_mode = true;
        if (word.rfind("--", 0) != 0) break;  // options end at METHOD
    }
    try {
        auto args = parse_cli_args(argv);
        if (!args) return report(args.failure(), out, err, json_mode);
        if (args->version) {
            out << version_line("folio-cli") << "\n";
            return 0;
        }
        if (args->usage) {
            out << usage_text();
            return 0;
        }
        auto printed = run(*args);
        if (!printed) return report(printed.failure(), out, err, args->json);
        out << *printed;
        out.flush();
        return 0;
    } catch (const std::exception& e) {
        // Nothing here is meant to throw; if something does, it is our bug, not the user's.
        return report(Failure{ExitCode::internal, "INTERNAL", cat("internal error: ", e.what()), {}, {}}, out,
                      err, json_mode);
    }
}

}  // namespace folio::cli

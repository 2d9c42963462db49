#include "wallet/app.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>

#include "chain/version.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

int report_failure(const Failure& f, Io& io, bool json_mode) {
    io.err << "error: " << f.message;
    if (f.reason != "USAGE" && !f.reason.empty()) io.err << " [" << f.reason << "]";
    io.err << "\n";
    for (const auto& [k, v] : f.details) io.err << "  " << k << ": " << v << "\n";
    if (!f.hint.empty()) io.err << "hint: " << f.hint << "\n";
    if (json_mode) {
        nlohmann::json e = {
            {"reason", f.reason}, {"message", f.message}, {"exit_code", static_cast<int>(f.exit)}};
        if (!f.hint.empty()) e["hint"] = f.hint;
        for (const auto& [k, v] : f.details) e[k] = v;
        io.out << rpc::dump_json(nlohmann::json{{"error", e}}) << "\n";
    }
    io.out.flush();
    return static_cast<int>(f.exit);
}

bool has_flag(const std::vector<std::string>& argv, std::string_view flag) {
    for (const auto& a : argv) {
        if (a == "--") break;
        if (a == flag) return true;
    }
    return false;
}

bool wants_json(const std::vector<std::string>& argv) {
    return has_flag(argv, "--json");
}

}  // namespace

int run_wallet(const std::vector<std::string>& argv, Io io) {
    if (!io.confirm)
        io.confirm = [&err = io.err](const std::string& q) { return confirm_on_terminal(err, q); };
    // --json is honoured even for a usage error found while parsing, so that a script always gets a document.
    const bool json_guess = wants_json(argv);
    // Before parsing, as `folio-wallet COMMAND --version` would otherwise need the command's arguments.
    if (has_flag(argv, "--version")) {
        io.out << version_line("folio-wallet") << "\n";
        io.out.flush();
        return 0;
    }
    try {
        auto args = parse_args(argv);
        if (!args) return report_failure(args.failure(), io, json_guess);
        if (args->help || args->command.empty()) {
            const CommandSpec* spec = args->command.empty() ? nullptr : find_command(args->command);
            io.out << (spec ? command_help(*spec) : main_help());
            if (!args->help) return static_cast<int>(ExitCode::usage);  // no command at all
            return 0;
        }
        const bool json_mode = args->has("--json");
        auto options = resolve_common_options(*args);
        if (!options) return report_failure(options.failure(), io, json_mode);
        CommandFn fn = find_command_fn(args->command);
        if (!fn)
            return report_failure(
                Failure{ExitCode::internal, "INTERNAL", "command without a handler", {}, {}}, io, json_mode);
        Context ctx(std::move(*args), std::move(*options), io);
        auto report = fn(ctx);
        if (!report) return report_failure(report.failure(), io, json_mode);
        io.out << (json_mode ? report->json + "\n" : report->human);
        io.out.flush();
        return 0;
    } catch (const std::exception& e) {
        // Nothing here is meant to throw; if something does, it is our bug, not the user's.
        return report_failure(
            Failure{ExitCode::internal, "INTERNAL", cat("internal error: ", e.what()), {}, {}}, io,
            json_guess);
    }
}

}  // namespace folio::wallet

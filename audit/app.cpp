#include "audit/app.h"

#include "audit/cli.h"
#include "audit/export.h"
#include "audit/import_cmd.h"
#include "audit/verify.h"
#include "chain/version.h"

namespace folio::audit {

int run_audit(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    auto args = parse_args(argv);
    if (!args) {
        err << "folio-audit: " << args.error().message << "\n";
        return kExitUsage;
    }
    if (args->version) {
        out << version_line("folio-audit") << "\n";
        return kExitVerified;
    }
    const CommandSpec* command = args->command.empty() ? nullptr : find_command(args->command);
    if (args->help || command == nullptr) {
        (args->help ? out : err) << help_text(command);
        return args->help ? kExitVerified : kExitUsage;
    }
    if (command->name == "verify") return run_verify(*args, out, err);
    if (command->name == "register") return run_register(*args, out, err);
    if (command->name == "movements") return run_movements(*args, out, err);
    if (command->name == "statement") return run_statement(*args, out, err);
    if (command->name == "import") return run_import(*args, out, err);
    err << "folio-audit: " << args->command << " is not implemented\n";
    return kExitUsage;
}

}  // namespace folio::audit

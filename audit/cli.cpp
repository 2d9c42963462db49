#include "audit/cli.h"

#include "audit/import_cmd.h"

namespace folio::audit {

const std::vector<CommandSpec>& command_specs() {
    static const std::vector<CommandSpec> kCommands = {
        {.name = "verify",
         .usage = "(--datadir DIR | --rpc URL [--witness URL]... | --backup FILE) [--genesis FILE | "
                  "--chain-id HEX] "
                  "[--to H] [--json]",
         .summary = "Replay the chain from its genesis and check every block, record and index.",
         .details =
             "The anchor is the chain id: with --datadir, DIR/genesis.json and the genesis stored in the "
             "database\n"
             "must agree (and --genesis or --chain-id, if given); with --rpc, --genesis or --chain-id is "
             "required\n"
             "(the node's own chain_info is never trusted). Block 0 must be the genesis header.\n"
             "--datadir reads a stopped node's data directory or a copy (a running node holds its lock: exit "
             "3);\n"
             "every record is read with checksums and decoded, the chain is replayed with the block check "
             "the\n"
             "validators run, and the stored receipts, indexes and state must equal the replay's.\n"
             "--rpc replays from the node's raw blocks (block_range); each --witness node must agree on the "
             "hash\n"
             "of the last block. The RPC token is FOLIO_RPC_TOKEN or --token.\n"
             "--backup checks every chunk of a backup file (damage is named by its offset), requires "
             "--genesis "
             "or\n"
             "--chain-id, loads the records into a private scratch database and verifies them as --datadir.\n"
             "Exit 0 verified, 1 discrepancy or damage, 2 usage, 3 unreadable. Progress goes to stderr.",
         .options =
             {
                 {"--datadir", "DIR", "a stopped node's data directory, or a copy of one"},
                 {"--rpc", "URL", "a node's JSON-RPC URL (http://HOST:PORT)"},
                 {"--witness", "URL", "another node that must agree on the last block's hash", true},
                 {"--backup", "FILE", "a backup written by `foliod backup`"},
                 {"--genesis", "FILE", "the genesis file that pins the chain"},
                 {"--chain-id", "HEX", "the chain id that pins the chain (64 hex digits)"},
                 {"--to", "H", "replay up to block H (default: the last stored block)"},
                 {"--token", "TOKEN", "the RPC token (default: $FOLIO_RPC_TOKEN)"},
                 {"--json", "", "print the outcome as one JSON document"},
             }},
        import_command_spec(),
    };
    return kCommands;
}

const CommandSpec* find_command(std::string_view name) {
    for (const auto& c : command_specs()) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

std::optional<std::string> ParsedArgs::get(std::string_view option) const {
    auto it = options.find(option);
    if (it == options.end() || it->second.empty()) return std::nullopt;
    return it->second.front();
}

std::vector<std::string> ParsedArgs::all(std::string_view option) const {
    auto it = options.find(option);
    return it == options.end() ? std::vector<std::string>{} : it->second;
}

namespace {

Error usage(std::string message) {
    return make_error(Reason::INVALID_ARGUMENT, std::move(message));
}

const OptionSpec* find_option(const CommandSpec& command, std::string_view name) {
    for (const auto& o : command.options) {
        if (o.name == name) return &o;
    }
    return nullptr;
}

}  // namespace

Result<ParsedArgs> parse_args(const std::vector<std::string>& argv) {
    ParsedArgs out;
    const CommandSpec* command = nullptr;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            out.help = true;
            continue;
        }
        if (arg == "--version") {
            out.version = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0) {
            if (command != nullptr) return usage("unexpected argument '" + arg + "'");
            command = find_command(arg);
            if (command == nullptr) return usage("unknown command '" + arg + "' (see folio-audit --help)");
            out.command = arg;
            continue;
        }
        if (command == nullptr) return usage("option " + arg + " before a command (see folio-audit --help)");
        const size_t eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        const OptionSpec* option = find_option(*command, name);
        if (option == nullptr) return usage("unknown option " + name + " for " + out.command);
        std::string value;
        if (option->value_name.empty()) {
            if (eq != std::string::npos) return usage(name + " takes no value");
        } else if (eq != std::string::npos) {
            value = arg.substr(eq + 1);
        } else {
            if (i + 1 >= argv.size())
                return usage(name + " needs a value (" + std::string(option->value_name) + ")");
            value = argv[++i];
        }
        auto& values = out.options[name];
        if (!values.empty() && !option->repeatable) return usage(name + " given twice");
        values.push_back(std::move(value));
    }
    return out;
}

std::string help_text(const CommandSpec* command) {
    std::string s;
    if (command == nullptr) {
        s = "folio-audit: independent checks of a Folio register (docs/audit.md)\n\n"
            "usage: folio-audit COMMAND [options]\n       folio-audit --version\n\ncommands:\n";
        for (const auto& c : command_specs()) {
            s += "  ";
            s += c.name;
            s += std::string(c.name.size() < 10 ? 10 - c.name.size() : 1, ' ');
            s += c.summary;
            s += "\n";
        }
        s += "\nfolio-audit COMMAND --help shows a command's options.\n";
        return s;
    }
    s = "usage: folio-audit " + std::string(command->name) + " " + std::string(command->usage) + "\n\n" +
        std::string(command->summary) + "\n\n" + std::string(command->details) + "\n\noptions:\n";
    for (const auto& o : command->options) {
        std::string left = "  " + std::string(o.name);
        if (!o.value_name.empty()) left += " " + std::string(o.value_name);
        if (left.size() < 22)
            left.resize(22, ' ');
        else
            left += "  ";
        s += left + std::string(o.help) + (o.repeatable ? " (repeatable)" : "") + "\n";
    }
    return s;
}

}  // namespace folio::audit

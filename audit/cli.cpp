#include "audit/cli.h"

#include "audit/import_cmd.h"

namespace folio::audit {

namespace {

// The options of the three exports: the command's own, then the source and output options they share.
std::vector<OptionSpec> export_options(std::vector<OptionSpec> own) {
    own.insert(own.end(),
               {
                   {"--datadir", "DIR", "a stopped node's data directory, or a copy of one"},
                   {"--rpc", "URL", "a node's JSON-RPC URL (http://HOST:PORT)"},
                   {"--token", "TOKEN", "the RPC token (default: $FOLIO_RPC_TOKEN)"},
                   {"--out", "FILE", "the export's file; the manifest goes to FILE.manifest.json"},
                   {"--format", "csv|json", "the file's format (default csv)"},
                   {"--verify", "", "replay the chain to the export's height and export from the replay"},
                   {"--genesis", "FILE", "the genesis file that pins the chain"},
                   {"--chain-id", "HEX", "the chain id that pins the chain (64 hex digits)"},
               });
    return own;
}

}  // namespace

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
        {.name = "register",
         .usage = "--asset S (--datadir DIR | --rpc URL) [--height H] --out FILE [--format csv|json] "
                  "[--identities FILE] [--verify] [--genesis FILE | --chain-id HEX]",
         .summary = "Export the register of an asset's holders at a height, with a manifest.",
         .details =
             "One row per holder with a non-zero amount at block H (default: the last block), in account order:\n"
             "asset,height,address,amount,locked,frozen,available,kyc_level,kyc_category,kyc_expires,kyc_doc_hash\n"
             "(KYC as attested at H). --identities joins the platform's address,holder_ref,name,postal_address\n"
             "file (names are never on chain). The rows must sum to the supply and count the holders the chain\n"
             "records at H, or nothing is written and the exit code is 1. FILE.manifest.json gives the chain id,\n"
             "block, state root, supply, holders, totals and the SHA-256 of FILE. --verify replays the chain to H\n"
             "first (every block checked) and exports from the replayed state.\n"
             "Exit 0 written, 1 discrepancy or damage, 2 usage, 3 unreadable.",
         .options = export_options({{"--asset", "S", "the asset's symbol"},
                                    {"--height", "H", "the register at block H (default: the last block)"},
                                    {"--identities", "FILE", "the platform's identities CSV to join"}})},
        {.name = "movements",
         .usage = "--asset S (--datadir DIR | --rpc URL) [--from H1] [--to H2] [--include-failed] --out FILE "
                  "[--format csv|json] [--verify] [--genesis FILE | --chain-id HEX]",
         .summary = "Export the register of movements of an asset over blocks H1..H2, with a manifest.",
         .details =
             "One row per issuance, transfer, forced transfer and burn (block 0: the genesis allocations):\n"
             "seq,date,height,tx_hash,op_index,type,from,to,amount,from_balance_after,to_balance_after,legal_ref,\n"
             "client_ref,memo,signer. The balances after each row are followed from those at H1 - 1 and must equal\n"
             "the balance history at the end of every block; the change of supply must equal what was issued less\n"
             "what was burned. Failed txs are listed only with --include-failed (then with status,reason columns).\n"
             "Exit 0 written, 1 discrepancy or damage, 2 usage, 3 unreadable.",
         .options = export_options({{"--asset", "S", "the asset's symbol"},
                                    {"--from", "H1", "the first block (default 0, the genesis)"},
                                    {"--to", "H2", "the last block (default: the last block)"},
                                    {"--include-failed", "", "also list the ops of failed txs"}})},
        {.name = "statement",
         .usage = "--account ADDR (--datadir DIR | --rpc URL) [--from H1] [--to H2] --out FILE "
                  "[--format csv|json] [--verify] [--genesis FILE | --chain-id HEX]",
         .summary = "Export an owner's statement of operations with opening and closing balances per asset.",
         .details =
             "Per asset the account held or moved: an opening row (the balance at the end of block H1 - 1), one row\n"
             "per movement of the account with its balance after it, and a closing row (the balance at H2):\n"
             "asset,seq,date,height,tx_hash,op_index,type,from,to,amount,balance_after,legal_ref,client_ref,memo,\n"
             "signer. Opening + credits - debits must equal the closing balance, or nothing is written (exit 1).\n"
             "Exit 0 written, 1 discrepancy or damage, 2 usage, 3 unreadable.",
         .options = export_options({{"--account", "ADDR", "the owner's address (folio1...)"},
                                    {"--from", "H1", "the first block (default 0, the genesis)"},
                                    {"--to", "H2", "the last block (default: the last block)"}})},
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

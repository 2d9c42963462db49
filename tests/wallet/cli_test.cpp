// The command line (wallet/cli.h): what parses, what is refused and how, and the bounds of every value.
#include <gtest/gtest.h>

#include <cctype>

#include "chain/crypto/bech32m.h"
#include "wallet/cli.h"

namespace folio::wallet {
namespace {

Expected<ParsedArgs> parse(std::vector<std::string> argv) {
    return parse_args(argv);
}

void expect_usage(const Expected<ParsedArgs>& r, const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << "parsed, expected a usage error mentioning " << fragment;
    EXPECT_EQ(r.failure().exit, ExitCode::usage);
    EXPECT_NE(r.failure().message.find(fragment), std::string::npos) << r.failure().message;
}

const std::string kAddress = crypto::encode_address(Hash256{1, 2, 3});

TEST(wallet_cli, TransferWithAllOptionsParses) {
    auto r = parse({"--wallet-dir", "/w", "transfer", "--asset", "ACME", "--to", kAddress, "--amount=12.50",
                    "--json", "--memo", "rent", "--yes"});
    ASSERT_TRUE(r.ok()) << r.failure().message;
    EXPECT_EQ(r->command, "transfer");
    EXPECT_EQ(*r->get("--wallet-dir"), "/w");
    EXPECT_EQ(*r->get("--amount"), "12.50");
    EXPECT_TRUE(r->has("--json"));
    EXPECT_TRUE(r->has("--yes"));
    EXPECT_FALSE(r->has("--client-ref"));
}

TEST(wallet_cli, GlobalOptionsMayFollowTheCommand) {
    auto r = parse({"list", "--wallet-dir", "/w", "--json"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r->get("--wallet-dir"), "/w");
}

TEST(wallet_cli, UnknownCommandIsRefusedWithTheList) {
    auto r = parse({"tranfser"});
    expect_usage(r, "unknown command 'tranfser'");
    EXPECT_NE(r.failure().hint.find("transfer"), std::string::npos);
}

TEST(wallet_cli, UnknownOptionIsRefused) {
    expect_usage(parse({"list", "--colour"}), "no option --colour");
}

TEST(wallet_cli, OptionOfAnotherCommandIsRefused) {
    expect_usage(parse({"list", "--asset", "ACME"}), "the list command has no option --asset");
}

TEST(wallet_cli, CommandOptionBeforeTheCommandIsRefused) {
    expect_usage(parse({"--asset", "ACME", "verify-holding"}), "command options go after the command");
}

TEST(wallet_cli, RepeatedOptionIsRefused) {
    expect_usage(parse({"holdings", "--at", "1", "--at", "2"}), "--at is given twice");
}

TEST(wallet_cli, MissingValueIsRefused) {
    expect_usage(parse({"holdings", "--at"}), "--at needs a value HEIGHT");
}

TEST(wallet_cli, ValueGivenToAFlagIsRefused) {
    expect_usage(parse({"list", "--json=yes"}), "--json takes no value");
}

TEST(wallet_cli, MissingRequiredOptionIsRefused) {
    expect_usage(parse({"transfer", "--asset", "ACME", "--to", kAddress}), "transfer needs --amount AMOUNT");
}

TEST(wallet_cli, WrongNumberOfArgumentsIsRefused) {
    expect_usage(parse({"sign"}), "sign takes FILE");
    expect_usage(parse({"sign", "a", "b"}), "sign takes FILE");
    expect_usage(parse({"list", "extra"}), "unexpected argument 'extra'");
}

TEST(wallet_cli, ShortOptionsOtherThanHelpAreRefused) {
    expect_usage(parse({"list", "-j"}), "unknown option -j");
}

TEST(wallet_cli, DoubleDashEndsOptions) {
    auto r = parse({"sign", "--", "--weird-file-name"});
    ASSERT_TRUE(r.ok()) << r.failure().message;
    EXPECT_EQ(r->args.at(0), "--weird-file-name");
}

TEST(wallet_cli, HelpSkipsRequiredOptions) {
    auto r = parse({"transfer", "--help"});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->help);
    EXPECT_EQ(r->command, "transfer");
    auto h = parse({"help", "verify-holding"});
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->help);
    EXPECT_EQ(h->command, "verify-holding");
    expect_usage(parse({"help", "nope"}), "unknown command 'nope'");
}

TEST(wallet_cli, EveryCommandHasHelpNamingItsOptions) {
    for (const auto& spec : command_specs()) {
        const std::string help = command_help(spec);
        EXPECT_NE(help.find(std::string("folio-wallet ") + std::string(spec.name)), std::string::npos);
        for (const auto& o : spec.options) {
            EXPECT_EQ(help.find(o.name) != std::string::npos, !o.hidden) << spec.name << " " << o.name;
        }
    }
    EXPECT_NE(main_help().find("Exit codes"), std::string::npos);
}

TEST(wallet_cli, WholeNumbersAreStrict) {
    EXPECT_EQ(*parse_uint_option("--at", "0", 0, 10), 0u);
    EXPECT_EQ(*parse_uint_option("--at", "10", 0, 10), 10u);
    for (const char* bad : {"", "-1", "+1", "01", "1.0", "1e3", " 1", "0x10", "99999999999999999999999"}) {
        auto r = parse_uint_option("--at", bad, 0, UINT64_MAX);
        EXPECT_FALSE(r.ok()) << bad;
    }
    auto out_of_range = parse_uint_option("--limit", "201", 1, 200);
    ASSERT_FALSE(out_of_range.ok());
    EXPECT_NE(out_of_range.failure().message.find("1 to 200"), std::string::npos);
}

TEST(wallet_cli, SymbolsAreUpperCaseAndBounded) {
    EXPECT_TRUE(parse_symbol("--asset", "ACME").ok());
    EXPECT_TRUE(parse_symbol("--asset", "EUR.C-1").ok());
    auto lower = parse_symbol("--asset", "acme");
    ASSERT_FALSE(lower.ok());
    EXPECT_NE(lower.failure().hint.find("ACME"), std::string::npos);
    EXPECT_FALSE(parse_symbol("--asset", "").ok());
    EXPECT_FALSE(parse_symbol("--asset", "ABCDEFGHIJKLM").ok());
    EXPECT_FALSE(parse_symbol("--asset", "AC ME").ok());
}

TEST(wallet_cli, MistypedAddressIsRefused) {
    EXPECT_TRUE(parse_address("--to", kAddress).ok());
    std::string typo = kAddress;
    typo[10] = typo[10] == 'q' ? 'p' : 'q';
    auto r = parse_address("--to", typo);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.failure().exit, ExitCode::usage);
    EXPECT_FALSE(parse_address("--to", "bc1qxyz").ok());
}

TEST(wallet_cli, AmountSyntaxIsCheckedBeforeTheAssetIsKnown) {
    for (const char* ok : {"1", "12.50", "0.000000000000000001", "18446744073709551615"}) {
        EXPECT_TRUE(parse_amount_text("--amount", ok).ok()) << ok;
    }
    for (const char* bad :
         {"", ".5", "5.", "1,50", "-1", "+1", "1e3", "1.2.3", " 1", "0.0000000000000000001"}) {
        EXPECT_FALSE(parse_amount_text("--amount", bad).ok()) << bad;
    }
}

TEST(wallet_cli, AmountWithMoreDecimalsThanTheAssetIsRefused) {
    EXPECT_EQ(*parse_amount_for("--amount", "12.5", 2, "ACME"), 1250u);
    EXPECT_EQ(*parse_amount_for("--amount", "12.50", 2, "ACME"), 1250u);
    EXPECT_EQ(*parse_amount_for("--amount", "7", 0, "SHARE"), 7u);
    auto r = parse_amount_for("--amount", "12.505", 2, "ACME");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.failure().message.find("ACME has 2 decimals"), std::string::npos) << r.failure().message;
    EXPECT_FALSE(parse_amount_for("--amount", "0.00", 2, "ACME").ok());                   // zero
    EXPECT_FALSE(parse_amount_for("--amount", "184467440737095516.16", 2, "ACME").ok());  // overflow
}

TEST(wallet_cli, RpcUrlMustBePlainHttpWithAValidPort) {
    EXPECT_TRUE(parse_rpc_url("--rpc", "http://127.0.0.1:8545").ok());
    EXPECT_TRUE(parse_rpc_url("--rpc", "http://node.example").ok());
    EXPECT_TRUE(parse_rpc_url("--rpc", "http://[::1]:8545/").ok());
    auto tls = parse_rpc_url("--rpc", "https://node.example");
    ASSERT_FALSE(tls.ok());
    EXPECT_NE(tls.failure().hint.find("tunnel"), std::string::npos);
    for (const char* bad : {"127.0.0.1:8545", "http://", "http://:8545", "http://h:0", "http://h:65536",
                            "http://h:x", "http://h:1 /", "ftp://h"}) {
        EXPECT_FALSE(parse_rpc_url("--rpc", bad).ok()) << bad;
    }
}

TEST(wallet_cli, TokensArePrintableWithoutSpaces) {
    EXPECT_TRUE(parse_token("--token", "abc.DEF-123_").ok());
    EXPECT_FALSE(parse_token("--token", "").ok());
    EXPECT_FALSE(parse_token("--token", "a b").ok());
    EXPECT_FALSE(parse_token("--token", std::string(513, 'a')).ok());
}

TEST(wallet_cli, MemoAndClientRefAreBoundedAsInATx) {
    EXPECT_TRUE(parse_memo("--memo", std::string(256, 'm')).ok());
    EXPECT_FALSE(parse_memo("--memo", std::string(257, 'm')).ok());
    EXPECT_TRUE(parse_memo("--memo", "loyer de mars, réf. 12").ok());
    EXPECT_FALSE(parse_memo("--memo", "\xff\xfe").ok());
    EXPECT_TRUE(parse_client_ref("--client-ref", "order-42").ok());
    EXPECT_FALSE(parse_client_ref("--client-ref", "").ok());
    EXPECT_FALSE(parse_client_ref("--client-ref", std::string(65, 'r')).ok());
    EXPECT_FALSE(parse_client_ref("--client-ref", "a\nb").ok());
}

TEST(wallet_cli, ScryptCostIsAPowerOfTwoWithinTheKeystoreBounds) {
    EXPECT_EQ(*parse_scrypt_n("--scrypt-n", "1024"), 1024u);
    EXPECT_FALSE(parse_scrypt_n("--scrypt-n", "512").ok());
    EXPECT_FALSE(parse_scrypt_n("--scrypt-n", "1500").ok());
    EXPECT_FALSE(parse_scrypt_n("--scrypt-n", "33554432").ok());
}

TEST(wallet_cli, RefusedValuesCarryTheLedgersSpecificCode) {
    std::string typo = kAddress;
    typo[10] = typo[10] == 'q' ? 'p' : 'q';
    EXPECT_EQ(parse_address("--to", typo).failure().reason, "BAD_ADDRESS");
    EXPECT_EQ(parse_symbol("--asset", "acme").failure().reason, "BAD_SYMBOL");
    EXPECT_EQ(parse_amount_text("--amount", "1,5").failure().reason, "BAD_AMOUNT");
    EXPECT_EQ(parse_amount_for("--amount", "1.005", 2, "EURX").failure().reason, "BAD_AMOUNT");
    EXPECT_EQ(parse_memo("--memo", std::string(257, 'm')).failure().reason, "MEMO_TOO_LONG");
    EXPECT_EQ(parse_uint_option("--wait-ms", "ten", 0, 10).failure().reason, "INVALID_ARGUMENT");
    EXPECT_EQ(parse_client_ref("--client-ref", "").failure().reason, "INVALID_ARGUMENT");
    EXPECT_EQ(parse_address("--to", typo).failure().exit, ExitCode::usage);  // still exit 2: nothing changed
}

TEST(wallet_cli, CommandLineMistakesStayUsageErrors) {
    EXPECT_EQ(parse_args({"transfr"}).failure().reason, "USAGE");
    EXPECT_EQ(parse_args({"transfer", "--asset", "ACME"}).failure().reason, "USAGE");
    EXPECT_EQ(parse_args({"list", "--bogus"}).failure().reason, "USAGE");
}

TEST(wallet_cli, KeyNamesFollowTheKeystoreRule) {
    EXPECT_TRUE(parse_key_name("--key", "alice.2").ok());
    EXPECT_FALSE(parse_key_name("--key", ".hidden").ok());
    EXPECT_FALSE(parse_key_name("--key", "a/b").ok());
    EXPECT_FALSE(parse_key_name("--key", std::string(65, 'k')).ok());
}

TEST(wallet_cli, TxStatusTakesOneHashAndOptionalWaitOptions) {
    auto r = parse({"tx-status", std::string(64, 'a'), "--wait", "--wait-ms", "500"});
    ASSERT_TRUE(r.ok()) << r.failure().message;
    EXPECT_EQ(r->args, std::vector<std::string>{std::string(64, 'a')});
    EXPECT_TRUE(r->has("--wait"));
    expect_usage(parse({"tx-status"}), "tx-status takes HASH");
    expect_usage(parse({"tx-status", "--wait=1", std::string(64, 'a')}), "--wait takes no value");
}

TEST(wallet_cli, TxHashIsSixtyFourHexCharacters) {
    const std::string hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    auto h = parse_tx_hash("HASH", hex);
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(to_hex(*h), hex);
    std::string upper = hex;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(to_hex(*parse_tx_hash("HASH", upper)), hex);
    EXPECT_EQ(parse_tx_hash("HASH", hex.substr(1)).failure().reason, "INVALID_ARGUMENT");
    EXPECT_EQ(parse_tx_hash("HASH", hex + "0").failure().reason, "INVALID_ARGUMENT");
    EXPECT_EQ(parse_tx_hash("HASH", std::string(63, 'a') + "g").failure().exit, ExitCode::usage);
}

TEST(wallet_cli, AccountIsAnOptionOfTheReadCommandsOnly) {
    EXPECT_TRUE(parse({"holdings", "--account", kAddress}).ok());
    EXPECT_TRUE(parse({"history", "--account", kAddress, "--limit", "5"}).ok());
    expect_usage(
        parse({"transfer", "--account", kAddress, "--asset", "A", "--to", kAddress, "--amount", "1"}),
        "has no option --account");
}

TEST(wallet_cli, WeakPasswordOverrideBelongsToTheCommandsThatMakeKeys) {
    EXPECT_TRUE(parse({"keygen", "--name", "a", "--allow-weak-password"}).ok());
    EXPECT_TRUE(parse({"rotate-key", "--allow-weak-password"}).ok());
    expect_usage(parse({"list", "--allow-weak-password"}), "has no option --allow-weak-password");
    EXPECT_TRUE(parse({"address", "--pubkey"}).ok());
}

}  // namespace
}  // namespace folio::wallet

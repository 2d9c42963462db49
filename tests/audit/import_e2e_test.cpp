// folio-audit import against a real `foliod --dev`, with samples from scripts/gen_import_sample.py: a clean
// sample imports into an equal report while another client keeps committing; a damaged one is refused with
// the exact list of problems and nothing submitted; an import killed with SIGKILL midway reruns into an equal
// report without issuing twice. folio-audit runs as a process.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/e2e/harness.h"

extern char** environ;

namespace folio::audit::test {
namespace {

using nlohmann::json;

std::string source_path(const std::string& rel) {
    return std::string(FOLIO_SOURCE_DIR) + "/" + rel;
}

void generate(const e2e::FoliodNode& node, const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args{"python3", source_path("scripts/gen_import_sample.py"), "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r =
        e2e::run_process("/usr/bin/env", args, {{"PATH", std::getenv("PATH") ? std::getenv("PATH") : ""}},
                         node.dir(), std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << r.describe();
}

std::vector<std::string> import_args(const e2e::FoliodNode& node, const std::string& dir,
                                     const std::string& out) {
    return {"import",   "--dir", dir,      "--rpc", node.url(), "--key",
            "operator", "--key", "issuer", "--out", out};
}

e2e::ProcessResult run_import(const e2e::FoliodNode& node, std::vector<std::string> args) {
    return e2e::run_process(FOLIO_AUDIT_BIN, args, {{"FOLIO_RPC_TOKEN", node.admin_token()}}, node.dir(),
                            std::chrono::seconds(240));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

json last_json_line(const std::string& text) {
    auto lines = lines_of(text);
    return lines.empty() ? json() : json::parse(lines.back(), nullptr, false);
}

TEST(e2e_import_sample, ImportsIntoAnEqualReportWhileAnotherClientKeepsCommitting) {
    e2e::FoliodNode node;
    node.start();
    const std::string sample = node.dir() + "/sample";
    generate(node, sample, {"--seed", "11", "--holders", "300", "--assets", "12"});

    // Another client: the issuer key also issues an unrelated asset for as long as the import runs.
    node.call("tx_sign_submit", {{"key", "issuer"},
                                 {"ops", json::array({{{"op", "asset_create"},
                                                       {"symbol", "LOAD"},
                                                       {"class", "other"},
                                                       {"decimals", 0},
                                                       {"max_supply", "1000000000"}}})}});
    std::string operator_address;
    const json keys = node.call("node_keys");
    for (const auto& k : keys["keys"]) {
        if (k["name"] == "operator") operator_address = k["address"].get<std::string>();
    }
    std::atomic<bool> stop{false};
    std::atomic<int> other_txs{0};
    std::string last_refusal;  // written by the other client's thread, read after it joined
    std::thread other([&] {
        auto client = node.client();
        while (!stop) {
            json recipient = json::object();
            recipient["account"] = operator_address;
            recipient["amount"] = "1";
            json op = json::object();
            op["op"] = "issue";
            op["asset"] = "LOAD";
            op["to"] = json::array({recipient});
            json params = json::object();
            params["key"] = "issuer";
            params["ops"] = json::array({op});
            auto r = client->call("tx_sign_submit", params);
            if (r) {
                ++other_txs;
            } else if (other_txs == 0) {
                last_refusal = r.error().message;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    // LOAD must be committed before the other client issues it; the first refusals (UNKNOWN_ASSET) do not
    // count.
    auto r = run_import(node, [&] {
        auto a = import_args(node, sample, node.dir() + "/out");
        a.insert(a.end(), {"--in-flight", "8"});
        return a;
    }());
    stop = true;
    other.join();
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const json summary = last_json_line(r.out);
    EXPECT_EQ(summary["report"], "equal");
    EXPECT_EQ(summary["differs"], 0);
    EXPECT_EQ(summary["already_committed"], 0);
    EXPECT_GT(other_txs.load(), 0) << "the other client committed while the import ran: " << last_refusal;

    const json report = json::parse(e2e::read_file(node.dir() + "/out/import-report.json"));
    EXPECT_EQ(report["result"], "equal");
    EXPECT_EQ(report["counts"]["differs"], 0);
    EXPECT_GT(report["counts"]["equal"].get<int>(), 300 * 6)
        << "address, key and KYC of each holder at least";
    std::set<std::string> not_submitted;
    for (const auto& c : report["checks"]) {
        if (c["status"] == "not_submitted") not_submitted.insert(c["kind"].get<std::string>());
    }
    EXPECT_EQ(not_submitted, (std::set<std::string>{"campaign", "schedule"}));
    const auto holders = lines_of(e2e::read_file(node.dir() + "/out/holders.csv"));
    EXPECT_EQ(holders.size(), 301u);
    const auto journal = lines_of(e2e::read_file(node.dir() + "/out/import-journal.jsonl"));
    EXPECT_EQ(journal.size(), summary["txs"].get<size_t>());
    const json first = json::parse(journal.front());
    EXPECT_EQ(first["client_ref"], "imp:sample-11:accounts:2");
    // The ledger's own view of one asset agrees with the manifest.
    const json manifest = json::parse(e2e::read_file(sample + "/manifest.json"));
    const json eq = node.call("asset_get", {{"asset", "EQ-001"}});
    EXPECT_EQ(eq["supply"], manifest["supply"]["EQ-001"]);
}

TEST(e2e_import_sample, SignsWithTheKeysOfAKeystoreDirectoryAndRerunsIdempotently) {
    e2e::FoliodNode node;
    node.start();
    const std::string sample = node.dir() + "/sample";
    generate(node, sample, {"--seed", "12", "--holders", "120", "--assets", "10"});
    // The dev node's own keystore, read as a keystore directory: the txs are encoded and signed by
    // folio-audit.
    const std::vector<std::string> args{"import",
                                        "--dir",
                                        sample,
                                        "--rpc",
                                        node.url(),
                                        "--keystore",
                                        node.datadir() + "/keystore",
                                        "--password-file",
                                        node.datadir() + "/keystore.password",
                                        "--out",
                                        node.dir() + "/out",
                                        "--in-flight",
                                        "4"};
    auto r = run_import(node, args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const json first = last_json_line(r.out);
    EXPECT_EQ(first["report"], "equal");
    EXPECT_EQ(first["already_committed"], 0);
    const uint64_t height = node.call("chain_status")["height"].get<uint64_t>();

    auto again = run_import(node, args);
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    const json second = last_json_line(again.out);
    EXPECT_EQ(second["already_committed"], first["txs"]);
    EXPECT_EQ(second["report"], "equal");
    EXPECT_EQ(node.call("chain_status")["height"].get<uint64_t>(), height) << "the rerun submitted nothing";
}

TEST(e2e_import_sample, TxsRefusedByAFullMempoolAreSentAgain) {
    for (const bool keystore : {false, true}) {
        SCOPED_TRACE(keystore ? "signed with --keystore" : "signed with --key");
        e2e::FoliodNode node;
        node.configure({{"mempool_max_txs", 3}});
        node.start();
        const std::string sample = node.dir() + "/sample";
        generate(node, sample, {"--seed", "14", "--holders", "200", "--assets", "9"});
        std::vector<std::string> args{
            "import",      "--dir", sample, "--rpc", node.url(), "--out", node.dir() + "/out",
            "--in-flight", "12"};
        const std::vector<std::string> keys =
            keystore ? std::vector<std::string>{"--keystore", node.datadir() + "/keystore", "--password-file",
                                                node.datadir() + "/keystore.password"}
                     : std::vector<std::string>{"--key", "operator", "--key", "issuer"};
        args.insert(args.end(), keys.begin(), keys.end());
        auto r = run_import(node, args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_NE(r.err.find("mempool full"), std::string::npos)
            << "12 in flight, room for 3: some were refused";
        EXPECT_EQ(last_json_line(r.out)["report"], "equal");
    }
}

TEST(e2e_import_damaged, NamesEachBadLineAndSubmitsNothing) {
    e2e::FoliodNode node;
    node.start();
    const std::string sample = node.dir() + "/damaged";
    generate(node, sample, {"--seed", "7", "--holders", "200", "--assets", "12", "--damage"});
    const uint64_t height = node.call("chain_status")["height"].get<uint64_t>();

    auto r = run_import(node, import_args(node, sample, node.dir() + "/out"));
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    auto got = lines_of(r.err);
    auto expected = lines_of(e2e::read_file(source_path("tests/data/import/damaged-seed7.txt")));
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), "folio-audit import: " + std::to_string(expected.size()) + " problem(s) in " +
                              sample + "; nothing submitted");
    got.pop_back();
    EXPECT_EQ(got, expected);

    EXPECT_EQ(node.call("chain_status")["height"].get<uint64_t>(), height)
        << "no block: nothing was submitted";
    EXPECT_TRUE(node.call("asset_list")["assets"].empty());
    EXPECT_FALSE(std::ifstream(node.dir() + "/out/import-journal.jsonl").good());

    auto check = e2e::run_process(FOLIO_AUDIT_BIN, {"import", "--dir", sample, "--check"}, {}, node.dir());
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_EQ(check.err, r.err) << "--check finds the same problems without a node";
}

TEST(e2e_import_damaged, TheGeneratorWritesTheSameBytesForASeed) {
    e2e::FoliodNode node;  // for its scratch dir; no process is started
    for (const char* name : {"a", "b"}) {
        generate(node, node.dir() + "/" + name,
                 {"--seed", "5", "--holders", "40", "--assets", "9", "--damage"});
    }
    // The manifest holds the SHA-256 of every file: equal manifests, equal files (checked again by --check).
    EXPECT_EQ(e2e::read_file(node.dir() + "/a/manifest.json"),
              e2e::read_file(node.dir() + "/b/manifest.json"));
    EXPECT_EQ(e2e::read_file(node.dir() + "/a/accounts.csv"), e2e::read_file(node.dir() + "/b/accounts.csv"));
    generate(node, node.dir() + "/c", {"--seed", "6", "--holders", "40", "--assets", "9"});
    EXPECT_NE(e2e::read_file(node.dir() + "/a/accounts.csv"), e2e::read_file(node.dir() + "/c/accounts.csv"));
}

TEST(e2e_import_damaged, AnUnreachableNodeExitsThreeAfterAValidImportChecked) {
    e2e::FoliodNode node;
    generate(node, node.dir() + "/sample", {"--seed", "5", "--holders", "40", "--assets", "9"});
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    auto r = e2e::run_process(FOLIO_AUDIT_BIN,
                              {"import", "--dir", node.dir() + "/sample", "--rpc", "http://127.0.0.1:9",
                               "--key", "operator", "--key", "issuer"},
                              {{"FOLIO_RPC_TOKEN", "x"}}, node.dir());
    EXPECT_EQ(r.exit_code, 3) << r.describe();
    EXPECT_NE(r.err.find("UNAVAILABLE"), std::string::npos) << r.err;
    auto usage =
        e2e::run_process(FOLIO_AUDIT_BIN, {"import", "--dir", node.dir() + "/sample"}, {}, node.dir());
    EXPECT_EQ(usage.exit_code, 2) << "no --rpc, no key and no --check";
}

// Starts folio-audit without waiting for it, its output in files under `dir`.
pid_t spawn_import(const e2e::FoliodNode& node, const std::vector<std::string>& args,
                   const std::string& dir) {
    std::vector<std::string> argv_s{FOLIO_AUDIT_BIN};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s{"FOLIO_RPC_TOKEN=" + node.admin_token()};
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, (dir + "/killed.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, (dir + "/killed.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, FOLIO_AUDIT_BIN, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(e2e_import_resume, AnImportKilledMidwayRerunsWithoutIssuingTwice) {
    e2e::FoliodNode node;
    node.start();
    const std::string sample = node.dir() + "/sample";
    generate(node, sample, {"--seed", "13", "--holders", "300", "--assets", "12"});
    const std::string out = node.dir() + "/out";
    std::filesystem::create_directories(out);
    const std::string journal_path = out + "/import-journal.jsonl";

    auto args = import_args(node, sample, out);
    args.insert(args.end(), {"--in-flight", "1"});
    const pid_t pid = spawn_import(node, args, node.dir());
    ASSERT_GT(pid, 0);
    // Killed once the first issuances committed: accounts and assets are in, holdings only in part.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    std::string journal;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(journal_path);
        std::stringstream ss;
        ss << in.rdbuf();
        journal = ss.str();
        if (count_of(journal, "\"phase\":\"holdings\"") >= 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed";
    const size_t holdings_before = count_of(journal, "\"phase\":\"holdings\"");
    ASSERT_GE(holdings_before, 2u);
    ASSERT_EQ(count_of(journal, "\"phase\":\"frozen\""), 0u) << "killed midway, before the last phase";

    auto r = run_import(node, args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const json summary = last_json_line(r.out);
    EXPECT_EQ(summary["report"], "equal") << "supply equals the holdings: nothing was issued twice";
    EXPECT_GE(summary["already_committed"].get<size_t>(), count_of(journal, "\"tx_hash\""));
    EXPECT_LT(summary["already_committed"].get<size_t>(), summary["txs"].get<size_t>());

    const json manifest = json::parse(e2e::read_file(sample + "/manifest.json"));
    for (const auto& [symbol, supply] : manifest["supply"].items()) {
        if (symbol == "EURL") continue;  // its escrow is not on chain yet (the campaign phase)
        EXPECT_EQ(node.call("asset_get", {{"asset", symbol}})["supply"], supply) << symbol;
    }
    // A third run finds everything committed and changes nothing.
    const uint64_t height = node.call("chain_status")["height"].get<uint64_t>();
    auto again = run_import(node, args);
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(last_json_line(again.out)["already_committed"], last_json_line(again.out)["txs"]);
    EXPECT_EQ(node.call("chain_status")["height"].get<uint64_t>(), height);
}

}  // namespace
}  // namespace folio::audit::test

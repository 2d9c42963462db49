// Every read answers from one committed block: the state it reads, the height and the block hash it names agree,
// even while blocks commit under it. A producer thread commits blocks that change the supply (issues) and move
// units (transfers); the test thread reads at the head as fast as it can and checks each answer against what
// the chain says about the height the answer names.
#include <atomic>
#include <thread>

#include "chain/types.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

constexpr int kBlocks = 120;

json issue_to(const Party& to, const std::string& amount) {
    return {{"op", "issue"}, {"asset", "EURX"}, {"to", json::array({{{"account", to.address}, {"amount", amount}}})}};
}
json transfer(const Party& to, const std::string& amount) {
    return {{"op", "transfer"}, {"asset", "EURX"}, {"to", to.address}, {"amount", amount}};
}

Amount parse_units(const json& amount) {
    Amount units = 0;
    EXPECT_TRUE(parse_amount(amount.get<std::string>(), 2, units)) << amount;
    return units;
}

struct HeadHolding {
    Height height = 0;
    std::string amount;
};

struct HeadStatus {
    Height height = 0;
    std::string hash;
};

TEST(rpc_snapshot, ReadsAtTheHeadAgreeWithTheHeightTheyName) {
    NodeRpc node;
    std::atomic<bool> done{false};
    std::thread producer([&] {
        for (int b = 0; b < kBlocks && !done.load(); ++b) {
            node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({issue_to(node.alice, "1.00")})}});
            EXPECT_TRUE(node.build_sign_submit(node.alice, json::array({transfer(node.bob, "0.25")})).contains("result"));
            node.produce();
        }
        done = true;
    });

    std::vector<HeadHolding> alice_seen;
    std::vector<HeadStatus> status_seen;
    size_t supply_checks = 0;
    bool failed = false;
    while (!done.load() && !failed) {
        failed = true;  // cleared at the end of a round that passed every check
        const json holders = node.ok("asset_holders", {{"asset", "EURX"}, {"limit", 1000}});
        if (!holders.contains("supply")) ADD_FAILURE() << "asset_holders at the head names the supply at its height";
        Amount sum = 0;
        for (const json& h : holders["holders"]) sum += parse_units(h["amount"]);
        if (sum != parse_units(holders.value("supply", json("0")))) {
            ADD_FAILURE() << "holders sum to " << sum << " but the supply is " << holders.value("supply", json(nullptr)) << " at height "
                          << holders["height"];
            break;
        }
        ++supply_checks;

        const json status = node.ok("chain_status", json::object());
        status_seen.push_back({status["height"].get<Height>(), status["latest_block_hash"].get<std::string>()});

        const json holdings = node.ok("account_holdings", {{"account", node.alice.address}});
        if (holdings["holdings"].size() != 1u) {
            ADD_FAILURE() << holdings.dump();
            break;
        }
        alice_seen.push_back({holdings["height"].get<Height>(), holdings["holdings"][0]["amount"].get<std::string>()});
        failed = false;
    }
    done = true;
    producer.join();
    ASSERT_FALSE(failed);
    ASSERT_GT(supply_checks, 10u) << "the reads should overlap many commits";

    // Each answer against the chain at the height it named.
    for (const HeadStatus& s : status_seen) {
        ASSERT_EQ(node.ok("block_get", {{"height", s.height}, {"include_txs", false}})["hash"], s.hash)
            << "chain_status named height " << s.height;
    }
    for (const HeadHolding& a : alice_seen) {
        const json then = node.ok("account_holdings", {{"account", node.alice.address}, {"height", a.height}});
        ASSERT_EQ(then["holdings"][0]["amount"], a.amount) << "account_holdings at the head named height " << a.height;
    }
    // And at the last height: alice got 1.00 and gave 0.25 per block.
    EXPECT_EQ(node.ok("account_holdings", {{"account", node.alice.address}})["holdings"][0]["amount"],
              format_amount(10000 + kBlocks * 75, 2));
}

}  // namespace
}  // namespace folio::node::test

// Scenario: the RPC limits of the config (body size, JSON depth, batch size, connections, read and idle
// timeouts) refuse or cut off the client over them, and the node goes on serving everyone else.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A plain TCP connection, for clients that misbehave on purpose (send half a request, or nothing).
class RawSocket {
  public:
    explicit RawSocket(const std::string& address) {
        const auto colon = address.rfind(':');
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
        ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr);
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
            throw Failure("cannot connect to " + address);
        }
    }
    ~RawSocket() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    void send(const std::string& data) {
        if (::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(data.size())) {
            throw Failure("send failed");
        }
    }
    // Reads until the peer closes (true) or `timeout` passes (false); what was read is appended to `got`.
    bool closed_by_peer_within(std::chrono::milliseconds timeout, std::string* got = nullptr) {
        const auto deadline = Clock::now() + timeout;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            const int n = ::poll(&p, 1, static_cast<int>(left.count()));
            if (n == 0) return false;
            if (n < 0) continue;
            char buf[4096];
            const ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
            if (r <= 0) return true;  // EOF or reset: the server closed it
            if (got) got->append(buf, static_cast<size_t>(r));
        }
    }

  private:
    int fd_ = -1;
};

std::string request_text(const std::string& method, const json& params = json::object(), int id = 1) {
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
}

// POST `body` with the admin token on a fresh connection.
rpc::HttpReply post_raw(const FoliodNode& node, const std::string& body) {
    auto reply = rpc::http_request(
        "POST", node.url() + "/",
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + node.admin_token()}}, body);
    if (!reply) throw Failure("POST: " + reply.error().message);
    return std::move(reply).value();
}

json error_of(const rpc::HttpReply& r) {
    const json doc = json::parse(r.body, nullptr, false);
    if (!doc.is_object() || !doc.contains("error"))
        throw Failure("expected a JSON-RPC error, got: " + r.body);
    return doc["error"];
}

void expect_serving(FoliodNode& node) {
    auto c = node.client();
    auto status = c->call("chain_status", json::object());
    EXPECT_TRUE(status) << "the node stopped serving: " << status.error().message;
}

TEST(e2e_limits, BodyOverMaxBodyBytesIs413AndTheNodeKeepsServing) {
    FoliodNode node;
    node.configure({{"rpc_max_body_bytes", 4096}});
    node.start();

    // Just under the limit: parsed and answered (the padding is an unknown param, -32602).
    const std::string pad_small(3000, 'x');
    const rpc::HttpReply small = post_raw(node, request_text("chain_status", {{"pad", pad_small}}));
    EXPECT_EQ(small.status, 200) << small.body;

    const std::string pad(8000, 'x');
    const rpc::HttpReply big = post_raw(node, request_text("chain_status", {{"pad", pad}}));
    EXPECT_EQ(big.status, 413) << big.body;
    const rpc::HttpReply huge =
        post_raw(node, request_text("chain_status", {{"pad", std::string(2 << 20, 'y')}}));
    EXPECT_EQ(huge.status, 413);
    expect_serving(node);
    node.stop();
}

TEST(e2e_limits, MalformedJsonIsParseError) {
    FoliodNode node;
    node.start();
    for (const std::string body :
         {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", "not json", "{\"a\":1}}", ""}) {
        const rpc::HttpReply r = post_raw(node, body);
        EXPECT_EQ(r.status, 200) << body;
        const json doc = json::parse(r.body, nullptr, false);
        ASSERT_TRUE(doc.is_object() && doc.contains("error")) << "body " << body << " answered " << r.body;
        EXPECT_EQ(doc["error"].at("code"), -32700) << r.body;
        EXPECT_TRUE(doc.at("id").is_null()) << r.body;
    }
    // Invalid UTF-8 inside a string is a parse error too, never a crash when the answer is written.
    const rpc::HttpReply utf8 =
        post_raw(node, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_\xff\xfe\"}");
    EXPECT_EQ(error_of(utf8).at("code"), -32700) << utf8.body;
    expect_serving(node);
    node.stop();
}

TEST(e2e_limits, NestingDeeperThan32IsRefusedBeforeParsing) {
    FoliodNode node;
    node.start();
    // The request object is depth 1; `params` adds one level per array.
    auto nested = [](unsigned depth) {
        std::string params(depth - 1, '[');
        params += std::string(depth - 1, ']');
        std::string s = R"({"jsonrpc":"2.0","id":1,"method":"chain_status","params":)";
        s += params;
        s += '}';
        return s;
    };
    const json at_limit = error_of(post_raw(node, nested(32)));
    EXPECT_NE(at_limit.at("code"), -32700) << "depth 32 is allowed: " << at_limit.dump();

    const json over = error_of(post_raw(node, nested(33)));
    EXPECT_EQ(over.at("code"), -32700) << over.dump();
    EXPECT_EQ(over.at("data").at("reason"), "TOO_LARGE") << over.dump();

    // Far deeper (within the body limit): refused the same way, and the node is still there.
    const json deep = error_of(post_raw(node, nested(200000)));
    EXPECT_EQ(deep.at("code"), -32700) << deep.dump();
    expect_serving(node);
    node.stop();
}

TEST(e2e_limits, BatchOverMaxBatchIsRefusedWhole) {
    FoliodNode node;
    node.configure({{"rpc_max_batch", 5}});
    node.start();
    auto batch_of = [](int n) {
        json b = json::array();
        for (int i = 0; i < n; ++i)
            b.push_back(json::parse(request_text("chain_status", json::object(), i + 1)));
        return b.dump();
    };
    const rpc::HttpReply ok = post_raw(node, batch_of(5));
    const json answers = json::parse(ok.body, nullptr, false);
    ASSERT_TRUE(answers.is_array()) << ok.body;
    EXPECT_EQ(answers.size(), 5u);
    for (const auto& a : answers) EXPECT_TRUE(a.contains("result")) << a.dump();

    const rpc::HttpReply over = post_raw(node, batch_of(6));
    const json refused = json::parse(over.body, nullptr, false);
    ASSERT_TRUE(refused.is_object() && refused.contains("error"))
        << "a batch of 6 was answered: " << over.body;
    EXPECT_EQ(refused["error"].at("code"), -32600) << over.body;
    EXPECT_EQ(refused["error"].at("data").at("reason"), "TOO_LARGE") << over.body;
    expect_serving(node);
    node.stop();
}

TEST(e2e_limits, ConnectionsOverMaxAre503WhileExistingClientsAreServed) {
    constexpr int kMax = 4;
    FoliodNode node;
    node.configure({{"rpc_max_connections", kMax}, {"rpc_idle_timeout_ms", 20000}});
    node.start();  // its readiness probes use short-lived connections: they may take a moment to be released

    // kMax - 1 keep-alive HTTP clients and one WebSocket session (sessions count too) fill every slot.
    std::vector<std::unique_ptr<rpc::Client>> clients;
    for (int i = 0; i < kMax - 1; ++i) {
        clients.push_back(node.client());
        Result<json> r = clients.back()->call("chain_status", json::object());
        for (int attempt = 0; !r && attempt < 50; ++attempt) {
            std::this_thread::sleep_for(50ms);
            r = clients.back()->call("chain_status", json::object());
        }
        ASSERT_TRUE(r) << "client " << i << " of " << kMax << ": " << r.error().message;
    }
    rpc::WsClient ws(node.ws_url(), node.admin_token());
    ASSERT_TRUE(ws.connect());
    ASSERT_TRUE(ws.call("chain_status", json::object()));

    auto extra =
        rpc::http_request("POST", node.url() + "/", {{"Authorization", "Bearer " + node.admin_token()}},
                          request_text("chain_status"));
    ASSERT_TRUE(extra) << extra.error().message;
    EXPECT_EQ(extra->status, 503) << extra->body;
    const json refused = json::parse(extra->body, nullptr, false);
    ASSERT_TRUE(refused.is_object() && refused.contains("error")) << extra->body;
    EXPECT_EQ(refused["error"].at("code"), -32004) << extra->body;
    rpc::WsClient ws_extra(node.ws_url(), node.admin_token());
    EXPECT_FALSE(ws_extra.connect()) << "a WebSocket session beyond rpc_max_connections was accepted";

    // The clients that hold a connection are still answered, on the connection they already had.
    for (size_t i = 0; i < clients.size(); ++i) {
        auto r = clients[i]->call("chain_status", json::object());
        EXPECT_TRUE(r) << "client " << i << ": " << r.error().message;
        EXPECT_EQ(clients[i]->connections_opened(), 1u) << "client " << i << " had to reconnect";
    }
    auto ws_answer = ws.call("chain_status", json::object());
    EXPECT_TRUE(ws_answer) << ws_answer.error().message;
    EXPECT_TRUE(ws.is_open());

    // Once one leaves, a newcomer gets its place.
    clients.pop_back();
    Result<rpc::HttpReply> later = rpc::http_request("GET", node.url() + "/health");
    for (int attempt = 0; attempt < 50 && !(later && later->status == 200); ++attempt) {
        std::this_thread::sleep_for(50ms);
        later = rpc::http_request("GET", node.url() + "/health");
    }
    ASSERT_TRUE(later);
    EXPECT_EQ(later->status, 200);
    clients.clear();
    ws.close();
    node.stop();
}

TEST(e2e_limits, SlowOrSilentClientIsCutOffAfterReadTimeoutWhileOthersAreServed) {
    FoliodNode node;
    node.configure({{"rpc_read_timeout_ms", 800}, {"rpc_idle_timeout_ms", 1500}});
    node.start();

    RawSocket silent(node.address());  // connects and never sends a byte
    RawSocket slow(node.address());    // sends half a header, then stalls
    slow.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n");
    const auto started = Clock::now();
    EXPECT_FALSE(slow.closed_by_peer_within(200ms)) << "cut off long before the read timeout";

    // Meanwhile another client is served at once.
    auto c = node.client();
    auto early = c->call("chain_status", json::object());
    ASSERT_TRUE(early) << early.error().message;

    EXPECT_TRUE(slow.closed_by_peer_within(10s)) << "a stalled request was never cut off";
    EXPECT_TRUE(silent.closed_by_peer_within(10s)) << "a connection that sent nothing was never cut off";
    const auto waited = Clock::now() - started;
    EXPECT_GE(waited, 600ms);

    // A keep-alive connection idle past rpc_idle_timeout_ms is closed too.
    RawSocket idle(node.address());
    idle.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    std::string answer;
    EXPECT_FALSE(idle.closed_by_peer_within(300ms, &answer));
    EXPECT_NE(answer.find("200"), std::string::npos) << answer;
    EXPECT_TRUE(idle.closed_by_peer_within(10s)) << "an idle keep-alive connection was never closed";

    // The node went on serving throughout.
    expect_serving(node);
    auto again = c->call("chain_status", json::object());  // reconnects if its own connection idled out
    EXPECT_TRUE(again) << again.error().message;
    node.stop();
}

}  // namespace
}  // namespace folio::e2e

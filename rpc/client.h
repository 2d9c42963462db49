// Small synchronous JSON-RPC clients for the wallet, benchmarks and end-to-end tests, plus a raw HTTP helper
// for tests that check status codes. Beast stays inside rpc/client.cpp.
//
//   Client node("http://127.0.0.1:8545", token);
//   Result<json> status = node.call("chain_status", json::object());
//   if (!status) std::cerr << reason_name(status.reason()) << ": " << status.error().message;
//
// Errors: a JSON-RPC error becomes an Error with the reason named by its data.reason (or one implied by the
// code when there is none) and its message. Transport failures: UNAVAILABLE (cannot connect, connection
// lost), TIMEOUT (no answer in time), DECODE_ERROR (the answer is not JSON-RPC).
//
// Thread safety: none; use one client per thread. Each client has its own connection and I/O context.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/result.h"

namespace folio::rpc {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
    int status = 0;
    Headers headers;
    std::string body;
    // The first header of that name (case-insensitive), empty if absent.
    std::string header(std::string_view name) const;
};

// One request on a fresh connection, closed afterwards. `url` is "http://host:port/path".
Result<HttpReply> http_request(std::string_view method, std::string_view url, const Headers& headers = {},
                               std::string_view body = {},
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

struct ClientOptions {
    std::chrono::milliseconds timeout{30'000};  // per call: connect, send and receive
};

// JSON-RPC over HTTP POST, on one keep-alive connection that is reopened when the server has closed it.
class Client {
  public:
    // `url`: "http://127.0.0.1:PORT" (path "/" by default). `token`: sent as "Authorization: Bearer <token>";
    // empty for none.
    Client(std::string url, std::string token = {}, ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Result<nlohmann::json> call(std::string_view method, const nlohmann::json& params);

    // One round trip. The outer Error is a transport failure or a refusal of the whole batch; otherwise each
    // call's result or Error, in the order given.
    Result<std::vector<Result<nlohmann::json>>> batch(
        const std::vector<std::pair<std::string, nlohmann::json>>& calls);

    // The raw exchange, for tests: posts `body` as it is.
    Result<HttpReply> post(std::string_view body);

    // TCP connections opened so far (1 while keep-alive holds).
    size_t connections_opened() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// JSON-RPC over WebSocket, for subscriptions. Notifications that arrive while call() waits are kept for
// next_notification().
class WsClient {
  public:
    // `url`: "ws://127.0.0.1:PORT/ws".
    WsClient(std::string url, std::string token = {}, ClientOptions options = {});
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    // Connects and upgrades. NOT_AUTHORIZED (message naming the HTTP status) when the server refuses the
    // token.
    Status connect();
    Result<nlohmann::json> call(std::string_view method, const nlohmann::json& params);
    // Sends raw text (tests). The answer, if any, is read with next_message().
    Status send_text(std::string_view text);
    // The next message that is not a notification, as text; TIMEOUT if none arrives in time.
    Result<std::string> next_message(std::chrono::milliseconds timeout);
    // The params {subscription, result} of the next notification; TIMEOUT if none arrives in time.
    Result<nlohmann::json> next_notification(std::chrono::milliseconds timeout);
    // False once the server closed the session or an operation failed.
    bool is_open() const;
    void close();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace folio::rpc

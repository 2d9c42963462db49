// A real server on 127.0.0.1, a free port, with the toy table, plus raw-socket helpers for the tests that
// must misbehave as a client (stay idle, send half a request).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "rpc/auth.h"
#include "rpc/server.h"
#include "test_table.h"

namespace folio::rpc::test {

struct TestServer {
    explicit TestServer(const std::function<void(ServerConfig&)>& tweak = {});
    ~TestServer();

    std::string url() const { return "http://" + address; }
    std::string ws_url() const { return "ws://" + address + "/ws"; }

    std::shared_ptr<TickHub> hub = std::make_shared<TickHub>();
    std::shared_ptr<MethodTable> table;
    NewToken pub = make_token(Scope::Public, "pub");
    NewToken read = make_token(Scope::Read, "reader");
    NewToken submit = make_token(Scope::Submit, "submitter");
    NewToken admin = make_token(Scope::Admin, "root");
    std::unique_ptr<Server> server;
    std::string address;
    uint16_t port = 0;
};

// A plain TCP connection to 127.0.0.1:port from `source` (another loopback address, e.g. "127.0.0.2", to
// appear as a second client host); -1 on failure.
int raw_connect(uint16_t port, const std::string& source = "127.0.0.1");
bool raw_send(int fd, const std::string& data);
// Reads until the peer closes or `within` passes. Returns true if the peer closed (EOF or reset) in time;
// `received` gets what arrived.
bool raw_wait_closed(int fd, std::chrono::milliseconds within, std::string* received = nullptr);
// Reads until `needle` has arrived or `within` passes; false if it did not arrive. Appends to `received`.
bool raw_read_until(int fd, const std::string& needle, std::chrono::milliseconds within,
                    std::string& received);
void raw_close(int fd);

// Polls `pred` every 10 ms for up to `within`.
bool eventually(const std::function<bool()>& pred,
                std::chrono::milliseconds within = std::chrono::seconds(3));

}  // namespace folio::rpc::test

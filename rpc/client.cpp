// Synchronous clients built from Beast's asynchronous operations on a private io_context: each call starts
// an operation and runs the context until it completes. That is what gives every step a timeout (tcp_stream's
// expiry applies to asynchronous operations only) and lets a WebSocket read stay pending between calls.
#include "rpc/client.h"

#include <deque>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "rpc/json_limits.h"
#include "rpc/outcome.h"

namespace folio::rpc {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint64_t kMaxResponseBytes = uint64_t{1} << 31;

struct Url {
    std::string host;
    std::string port;
    std::string target;
    std::string host_header() const {
        return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
    }
};

Result<Url> parse_url(std::string_view url, std::string_view scheme) {
    std::string prefix = std::string(scheme) + "://";
    if (url.substr(0, prefix.size()) != prefix) {
        return make_error(Reason::INVALID_ARGUMENT,
                          "url must start with " + prefix + ": " + std::string(url));
    }
    std::string_view rest = url.substr(prefix.size());
    size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    Url out;
    out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        if (close == std::string_view::npos)
            return make_error(Reason::INVALID_ARGUMENT, "bad url: " + std::string(url));
        out.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        out.port = authority.size() > 1 && authority.front() == ':' ? std::string(authority.substr(1)) : "80";
    } else {
        size_t colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        out.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
    }
    if (out.host.empty() || out.port.empty())
        return make_error(Reason::INVALID_ARGUMENT, "bad url: " + std::string(url));
    return out;
}

Error transport_error(const beast::error_code& ec, std::string_view what) {
    Reason reason = ec == beast::error::timeout ? Reason::TIMEOUT : Reason::UNAVAILABLE;
    return make_error(reason, std::string(what) + ": " + ec.message());
}

// Runs the io_context until `done`, one handler at a time; stale handlers of earlier operations (a cancelled
// timer) are simply run first.
void run_until(net::io_context& ioc, const bool& done) {
    ioc.restart();
    while (!done) {
        if (ioc.run_one() == 0) ioc.restart();
    }
}

Status connect_stream(net::io_context& ioc, beast::tcp_stream& stream, const Url& url,
                      std::chrono::milliseconds timeout) {
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) return make_error(Reason::UNAVAILABLE, "resolve " + url.host + ": " + ec.message());
    bool done = false;
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
        ec = e;
        done = true;
    });
    run_until(ioc, done);
    if (ec) return transport_error(ec, "connect " + url.host_header());
    stream.socket().set_option(tcp::no_delay(true), ec);
    return Status::success();
}

Reason reason_for_code(int c) {
    switch (c) {
        case code::kParseError:
            return Reason::DECODE_ERROR;
        case code::kInvalidRequest:
        case code::kInvalidParams:
            return Reason::INVALID_ARGUMENT;
        case code::kMethodNotFound:
        case code::kNotFound:
            return Reason::NOT_FOUND;
        case code::kUnauthorized:
            return Reason::NOT_AUTHORIZED;
        case code::kTimeout:
            return Reason::TIMEOUT;
        case code::kUnavailable:
        case code::kWebSocketRequired:
            return Reason::UNAVAILABLE;
        default:
            return Reason::INTERNAL;
    }
}

Error error_from_object(const json& error) {
    Reason reason = Reason::INTERNAL;
    int c = error.contains("code") && error["code"].is_number_integer() ? error["code"].get<int>()
                                                                        : code::kInternal;
    auto data = error.find("data");
    bool named = false;
    if (data != error.end() && data->is_object() && data->contains("reason") &&
        (*data)["reason"].is_string()) {
        named = reason_from_name((*data)["reason"].get<std::string>(), reason);
    }
    if (!named) reason = reason_for_code(c);
    std::string message = error.contains("message") && error["message"].is_string()
                              ? error["message"].get<std::string>()
                              : std::string(code_title(c));
    return make_error(reason, std::move(message));
}

Result<json> result_of(const json& response) {
    if (!response.is_object())
        return make_error(Reason::DECODE_ERROR, "a JSON-RPC response must be an object");
    auto error = response.find("error");
    if (error != response.end() && error->is_object()) return error_from_object(*error);
    auto result = response.find("result");
    if (result == response.end())
        return make_error(Reason::DECODE_ERROR, "response has neither result nor error");
    return *result;
}

// The reply body as JSON; an Error naming the HTTP status when it is not JSON (a proxy's page, say).
Result<json> parse_reply(const HttpReply& reply) {
    json doc;
    std::string why;
    if (!reply.body.empty() && parse_json_bounded(reply.body, 256, doc, why)) return doc;
    Reason reason = reply.status == 401 || reply.status == 403 ? Reason::NOT_AUTHORIZED
                    : reply.status == 413                      ? Reason::TOO_LARGE
                    : reply.status == 503                      ? Reason::UNAVAILABLE
                                                               : Reason::DECODE_ERROR;
    return make_error(reason, "HTTP " + std::to_string(reply.status) + ": " + reply.body.substr(0, 200));
}

// One HTTP/1.1 connection, reopened on demand.
class HttpConnection {
  public:
    HttpConnection(Url url, std::chrono::milliseconds timeout) : url_(std::move(url)), timeout_(timeout) {}

    Result<HttpReply> exchange(std::string_view method, const Headers& headers, std::string_view body,
                               bool keep_alive) {
        for (int attempt = 0;; ++attempt) {
            bool reused = stream_.has_value();
            if (!stream_) {
                stream_.emplace(ioc_);
                buffer_.clear();
                Status connected = connect_stream(ioc_, *stream_, url_, timeout_);
                if (!connected) {
                    stream_.reset();
                    return connected.error();
                }
                ++opened_;
            }
            bool got_some = false;
            beast::error_code ec;
            auto reply = round_trip(method, headers, body, keep_alive, ec, got_some);
            if (reply) {
                if (!keep_alive || !reply->second) stream_.reset();
                return std::move(reply->first);
            }
            stream_.reset();
            // A kept-alive connection the server closed while idle fails before any answer: the request was
            // never read, so sending it again on a new connection is safe.
            if (reused && !got_some && attempt == 0 && ec != beast::error::timeout) continue;
            return transport_error(ec, std::string(method) + " " + url_.host_header() + url_.target);
        }
    }

    size_t opened() const { return opened_; }

  private:
    // The reply and whether the connection stays open; nullopt with ec set on failure.
    std::optional<std::pair<HttpReply, bool>> round_trip(std::string_view method, const Headers& headers,
                                                         std::string_view body, bool keep_alive,
                                                         beast::error_code& ec, bool& got_some) {
        beast::string_view verb(method.data(), method.size());
        http::request<http::string_body> req{http::string_to_verb(verb), url_.target, 11};
        if (req.method() == http::verb::unknown) req.method_string(verb);
        req.set(http::field::host, url_.host_header());
        req.set(http::field::user_agent, "folio-rpc-client");
        for (const auto& [name, value] : headers) req.set(name, value);
        req.keep_alive(keep_alive);
        req.body() = std::string(body);
        if (!body.empty() || method == "POST") req.prepare_payload();

        bool done = false;
        stream_->expires_after(timeout_);
        http::async_write(*stream_, req, [&](beast::error_code e, std::size_t) {
            ec = e;
            done = true;
        });
        run_until(ioc_, done);
        // Even if the server closed early (a refusal such as 413), its answer may be waiting to be read.
        beast::error_code write_ec = ec;

        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxResponseBytes);
        parser.skip(req.method() ==
                    http::verb::head);  // its Content-Length describes a body that is not sent
        done = false;
        http::async_read(*stream_, buffer_, parser, [&](beast::error_code e, std::size_t) {
            ec = e;
            done = true;
        });
        run_until(ioc_, done);
        got_some = parser.got_some();
        if (ec) {
            if (write_ec) ec = write_ec;
            return std::nullopt;
        }
        auto res = parser.release();
        HttpReply reply;
        reply.status = res.result_int();
        for (const auto& field : res)
            reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        reply.body = std::move(res.body());
        return std::pair<HttpReply, bool>(std::move(reply), res.keep_alive() && !write_ec);
    }

    net::io_context ioc_;  // first member: outlives the stream
    Url url_;
    std::chrono::milliseconds timeout_;
    std::optional<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
    size_t opened_ = 0;
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

}  // namespace

std::string HttpReply::header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (iequals(n, name)) return v;
    }
    return {};
}

Result<HttpReply> http_request(std::string_view method, std::string_view url, const Headers& headers,
                               std::string_view body, std::chrono::milliseconds timeout) {
    auto parsed = parse_url(url, "http");
    if (!parsed) return parsed.error();
    HttpConnection connection(std::move(*parsed), timeout);
    return connection.exchange(method, headers, body, false);
}

// ---- Client ----

struct Client::Impl {
    Impl(Url url, std::string token, ClientOptions options) : connection(std::move(url), options.timeout) {
        headers.emplace_back("Content-Type", "application/json");
        if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    }
    HttpConnection connection;
    Headers headers;
    int64_t next_id = 1;
    std::optional<Error> bad_url;
};

Client::Client(std::string url, std::string token, ClientOptions options) {
    auto parsed = parse_url(url, "http");
    impl_ = std::make_unique<Impl>(parsed ? *parsed : Url{}, std::move(token), options);
    if (!parsed) impl_->bad_url = parsed.error();
}

Client::~Client() = default;

Result<HttpReply> Client::post(std::string_view body) {
    if (impl_->bad_url) return *impl_->bad_url;
    return impl_->connection.exchange("POST", impl_->headers, body, true);
}

Result<json> Client::call(std::string_view method, const json& params) {
    json req = {{"jsonrpc", "2.0"}, {"id", impl_->next_id++}, {"method", method}, {"params", params}};
    auto reply = post(dump_json(req));
    if (!reply) return reply.error();
    auto doc = parse_reply(*reply);
    if (!doc) return doc.error();
    return result_of(*doc);
}

Result<std::vector<Result<json>>> Client::batch(const std::vector<std::pair<std::string, json>>& calls) {
    std::vector<Result<json>> out;
    if (calls.empty()) return out;
    json req = json::array();
    int64_t first = impl_->next_id;
    for (const auto& [method, params] : calls) {
        req.push_back({{"jsonrpc", "2.0"}, {"id", impl_->next_id++}, {"method", method}, {"params", params}});
    }
    auto reply = post(dump_json(req));
    if (!reply) return reply.error();
    auto doc = parse_reply(*reply);
    if (!doc) return doc.error();
    if (doc->is_object()) {
        auto whole = result_of(*doc);  // the batch itself was refused
        if (!whole) return whole.error();
        return make_error(Reason::DECODE_ERROR, "a batch answered with a single result");
    }
    if (!doc->is_array()) return make_error(Reason::DECODE_ERROR, "a batch answer must be an array");
    std::vector<const json*> by_index(calls.size(), nullptr);
    for (const auto& response : *doc) {
        if (!response.is_object() || !response.contains("id") || !response["id"].is_number_integer())
            continue;
        int64_t index = response["id"].get<int64_t>() - first;
        if (index >= 0 && static_cast<size_t>(index) < calls.size()) by_index[index] = &response;
    }
    out.reserve(calls.size());
    for (const json* response : by_index) {
        if (response == nullptr) {
            out.emplace_back(make_error(Reason::DECODE_ERROR, "no answer for this call"));
        } else {
            out.push_back(result_of(*response));
        }
    }
    return out;
}

size_t Client::connections_opened() const {
    return impl_->connection.opened();
}

// ---- WsClient ----

struct WsClient::Impl {
    net::io_context ioc;  // first member: outlives the stream and the handlers that refer to this
    std::string url;
    std::string token;
    ClientOptions options;
    std::optional<websocket::stream<beast::tcp_stream>> ws;
    beast::flat_buffer buffer;
    bool reading = false;
    bool broken = true;  // until connected
    beast::error_code read_error;
    std::deque<std::string> messages;
    std::deque<json> notifications;
    int64_t next_id = 1;

    void start_read() {
        reading = true;
        ws->async_read(buffer, [this](beast::error_code ec, std::size_t) {
            reading = false;
            if (ec) {
                broken = true;
                read_error = ec;
                return;
            }
            classify(beast::buffers_to_string(buffer.data()));
            buffer.consume(buffer.size());
            start_read();
        });
    }

    void classify(std::string text) {
        json doc;
        std::string why;
        if (parse_json_bounded(text, 256, doc, why) && doc.is_object() &&
            doc.value("method", "") == "subscription" && doc.contains("params")) {
            notifications.push_back(std::move(doc["params"]));
        } else {
            messages.push_back(std::move(text));
        }
    }

    // Runs I/O until pred() holds; TIMEOUT at the deadline, UNAVAILABLE once the session is closed.
    template <typename Pred>
    Status wait(Pred pred, Clock::time_point deadline) {
        while (!pred()) {
            if (broken && !reading) {
                return make_error(Reason::UNAVAILABLE, "websocket closed: " + read_error.message());
            }
            if (Clock::now() >= deadline) return make_error(Reason::TIMEOUT, "no message in time");
            if (ioc.stopped()) ioc.restart();
            ioc.run_one_until(deadline);
        }
        return Status::success();
    }

    Status write(std::string_view text, Clock::time_point deadline) {
        if (!ws || broken) return make_error(Reason::UNAVAILABLE, "websocket not connected");
        bool done = false;
        beast::error_code ec;
        ws->text(true);
        ws->async_write(net::buffer(text.data(), text.size()), [&](beast::error_code e, std::size_t) {
            ec = e;
            done = true;
        });
        bool timed_out = false;
        while (!done) {
            if (ioc.stopped()) ioc.restart();
            if (ioc.run_one_until(deadline) == 0 && !done && Clock::now() >= deadline && !timed_out) {
                // The handler refers to locals: close the socket so it completes, then wait for it.
                timed_out = true;
                beast::error_code ignored;
                beast::get_lowest_layer(*ws).socket().close(ignored);
                deadline = Clock::now() + std::chrono::seconds(5);
            }
        }
        if (timed_out) ec = beast::error::timeout;
        if (ec) {
            broken = true;
            return transport_error(ec, "websocket write");
        }
        return Status::success();
    }
};

WsClient::WsClient(std::string url, std::string token, ClientOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->url = std::move(url);
    impl_->token = std::move(token);
    impl_->options = options;
}

WsClient::~WsClient() {
    close();
}

Status WsClient::connect() {
    auto& s = *impl_;
    auto url = parse_url(s.url, "ws");
    if (!url) return url.error();
    s.ws.emplace(s.ioc);
    s.buffer.clear();
    Status connected = connect_stream(s.ioc, beast::get_lowest_layer(*s.ws), *url, s.options.timeout);
    if (!connected) return connected;

    std::string token = s.token;
    s.ws->set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
        req.set(http::field::user_agent, "folio-rpc-client");
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    }));
    websocket::response_type res;
    beast::error_code ec;
    bool done = false;
    beast::get_lowest_layer(*s.ws).expires_after(s.options.timeout);
    s.ws->async_handshake(res, url->host_header(), url->target, [&](beast::error_code e) {
        ec = e;
        done = true;
    });
    run_until(s.ioc, done);
    if (ec) {
        int status = res.result_int();
        s.ws.reset();
        if (status == 401 || status == 403) {
            return make_error(Reason::NOT_AUTHORIZED,
                              "websocket upgrade refused: HTTP " + std::to_string(status));
        }
        if (status != 0 && ec == websocket::error::upgrade_declined) {
            return make_error(Reason::UNAVAILABLE,
                              "websocket upgrade refused: HTTP " + std::to_string(status));
        }
        return transport_error(ec, "websocket handshake");
    }
    beast::get_lowest_layer(*s.ws).expires_never();
    s.ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    s.broken = false;
    s.read_error = {};
    s.start_read();
    return Status::success();
}

Status WsClient::send_text(std::string_view text) {
    return impl_->write(text, Clock::now() + impl_->options.timeout);
}

Result<std::string> WsClient::next_message(std::chrono::milliseconds timeout) {
    auto& s = *impl_;
    Status got = s.wait([&] { return !s.messages.empty(); }, Clock::now() + timeout);
    if (!got) return got.error();
    std::string text = std::move(s.messages.front());
    s.messages.pop_front();
    return text;
}

Result<json> WsClient::next_notification(std::chrono::milliseconds timeout) {
    auto& s = *impl_;
    Status got = s.wait([&] { return !s.notifications.empty(); }, Clock::now() + timeout);
    if (!got) return got.error();
    json params = std::move(s.notifications.front());
    s.notifications.pop_front();
    return params;
}

Result<json> WsClient::call(std::string_view method, const json& params) {
    auto& s = *impl_;
    int64_t id = s.next_id++;
    json req = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
    auto deadline = Clock::now() + s.options.timeout;
    Status sent = s.write(dump_json(req), deadline);
    if (!sent) return sent.error();
    std::optional<json> answer;
    auto find_answer = [&] {
        for (auto it = s.messages.begin(); it != s.messages.end(); ++it) {
            json doc;
            std::string why;
            if (!parse_json_bounded(*it, 256, doc, why) || !doc.is_object()) continue;
            auto found = doc.find("id");
            if (found != doc.end() && *found == id) {
                answer = std::move(doc);
                s.messages.erase(it);
                return true;
            }
        }
        return false;
    };
    Status got = s.wait(find_answer, deadline);
    if (!got) return got.error();
    return result_of(*answer);
}

bool WsClient::is_open() const {
    return impl_->ws.has_value() && !impl_->broken;
}

void WsClient::close() {
    auto& s = *impl_;
    if (!s.ws) return;
    if (!s.broken) {
        bool done = false;
        s.ws->async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
        auto deadline = Clock::now() + std::chrono::seconds(2);
        while (!done && Clock::now() < deadline) {
            if (s.ioc.stopped()) s.ioc.restart();
            s.ioc.run_one_until(deadline);
        }
        if (!done) {
            beast::error_code ignored;
            beast::get_lowest_layer(*s.ws).socket().close(ignored);
            while (!done) {
                if (s.ioc.stopped()) s.ioc.restart();
                s.ioc.run_one_for(std::chrono::milliseconds(100));
            }
        }
    }
    // The pending read must complete before the stream goes: its handler refers to this client's state.
    if (s.reading) {
        beast::error_code ignored;
        beast::get_lowest_layer(*s.ws).socket().close(ignored);
        while (s.reading) {
            if (s.ioc.stopped()) s.ioc.restart();
            s.ioc.run_one_for(std::chrono::milliseconds(100));
        }
    }
    s.broken = true;
    s.ws.reset();
    s.messages.clear();
    s.notifications.clear();
}

}  // namespace folio::rpc

// What the p2p tests share: sample messages of every type, fast transport options on loopback, an inbox that
// records a transport's callbacks for the test thread to wait on, and a raw TLS peer that can say anything.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "node/p2p/transport.h"

namespace folio::p2p::test {

ChainId test_chain();
ChainId other_chain();

TxPtr sample_tx(uint64_t nonce);
Block sample_block(Height height, size_t n_txs);
// One message of each type but hello, in MessageType order.
std::vector<Message> sample_messages();
// Byte-for-byte equality of two messages (through their encodings).
bool same_message(const Message& a, const Message& b);

// Listening on 127.0.0.1 (a free port), short timeouts and backoffs so that the suite stays fast.
Options fast_options();

// Records callbacks; every method is thread-safe.
class Inbox {
  public:
    Callbacks callbacks();
    struct Received {
        PeerKey from;
        MessageType type;
        Message message;
    };
    std::vector<Received> messages() const;
    size_t message_count() const;
    size_t ups() const;
    size_t downs() const;
    std::vector<DropReason> down_reasons() const;

  private:
    mutable std::mutex mutex_;
    std::vector<Received> messages_;
    size_t ups_ = 0;
    std::vector<DropReason> downs_;
};

// A transport with its identity and inbox.
struct Node {
    NodeIdentity identity = NodeIdentity::generate();
    Inbox inbox;
    std::unique_ptr<Transport> transport;

    // Creates (not starts) the transport.
    void make(Options options, std::vector<PeerKey> allowed, ChainId chain = test_chain());
    void start_or_die();
    uint16_t port() const { return transport->listen_port(); }
    const PeerKey& key() const { return identity.public_key(); }
    size_t peer_count() const { return transport->peers().size(); }
};

std::string loopback(uint16_t port);
// A port that was free on 127.0.0.1 a moment ago (for tests that must know a port before listening on it).
uint16_t free_port();
// Polls cond every 10 ms for up to timeout_ms.
bool eventually(const std::function<bool()>& cond, int timeout_ms);

// A blocking TLS 1.3 client with an Ed25519 identity that checks nothing about the server: it sends whatever
// a test asks, so that a test can play a misbehaving or refused peer.
class RawPeer {
  public:
    explicit RawPeer(const NodeIdentity& identity);
    ~RawPeer();
    RawPeer(const RawPeer&) = delete;
    RawPeer& operator=(const RawPeer&) = delete;

    // TCP connect and TLS handshake; true when the client side of the handshake completed.
    bool connect(uint16_t port);
    bool send_bytes(ByteView bytes);
    bool send(const Message& message) { return send_bytes(encode_frame(message)); }
    bool send_hello(const ChainId& chain);
    // The next whole frame, or nullopt on end of stream, error or timeout.
    std::optional<Bytes> read_frame(int timeout_ms);
    // True if the server closes the connection within timeout_ms (frames received meanwhile are counted).
    bool closed_by_server(int timeout_ms, size_t* frames_received = nullptr);
    // True if the end of the stream seen by the last read was the server's TLS close_notify.
    bool saw_close_notify() const;
    // True if the server closes the TCP connection within timeout_ms, this peer sending nothing meanwhile.
    bool tcp_closed_by_server(int timeout_ms);

  private:
    bool read_exact(uint8_t* out, size_t n, int timeout_ms);
    struct Tls;
    std::unique_ptr<Tls> tls_;
    int fd_ = -1;
};

}  // namespace folio::p2p::test

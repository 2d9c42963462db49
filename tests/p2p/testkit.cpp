#include "testkit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

#include "chain/crypto/hash.h"

namespace folio::p2p::test {
namespace {

// A raw peer writes to sockets the server may already have closed: a failed write, not a dead test.
const bool g_sigpipe_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}();

Hash256 filled(uint8_t b) {
    Hash256 h;
    h.fill(b);
    return h;
}

crypto::SecretKey key_for(uint64_t i) {
    Bytes seed = {'p', '2', 'p', static_cast<uint8_t>(i)};
    return std::move(*crypto::SecretKey::from_bytes(crypto::sha256(seed)));
}

Signature some_signature(uint8_t b) {
    Signature s;
    s.fill(b);
    return s;
}

}  // namespace

ChainId test_chain() {
    return filled(0xc1);
}
ChainId other_chain() {
    return filled(0xc2);
}

TxPtr sample_tx(uint64_t nonce) {
    const crypto::SecretKey key = key_for(nonce % 7);
    SignedTx stx;
    stx.tx.chain_id = test_chain();
    stx.tx.signer = account_id_of(key.pubkey());
    stx.tx.nonce = nonce;
    stx.tx.valid_until_height = 1000;
    stx.tx.ops.push_back(Op{8, Bytes{1, 2, 3, static_cast<uint8_t>(nonce)}});
    stx.tx.memo = "p2p test";
    sign_tx(stx, key);
    return make_envelope(std::move(stx));
}

Block sample_block(Height height, size_t n_txs) {
    Block block;
    block.header.chain_id = test_chain();
    block.header.height = height;
    block.header.time_ms = 1700000000000 + height;
    block.header.prev_hash = filled(0x11);
    block.header.state_root = filled(0x22);
    block.header.validators_hash = filled(0x33);
    block.header.proposer = key_for(1).pubkey();
    for (size_t i = 0; i < n_txs; ++i) block.txs.push_back(sample_tx(height * 100 + i));
    block.header.txs_root = txs_root(block.txs);
    return block;
}

std::vector<Message> sample_messages() {
    const Block block = sample_block(5, 3);
    const BlockHash hash = block.header.hash();
    consensus::Proposal proposal{5, 1, 0, hash, 2, some_signature(0x44)};
    consensus::Vote vote{5, 1, VoteType::precommit, hash, 3, some_signature(0x55)};
    CommitCertificate commit{5, 1, hash, {{0, some_signature(0x66)}, {2, some_signature(0x77)}}};
    return {
        StatusMessage{5, hash, Bytes{1, 2, 3}},
        TxsMessage{{sample_tx(1), sample_tx(2)}},
        ProposalMessage{proposal, block},
        VoteMessage{vote},
        BlockRequest{3, 10},
        BlockResponse{block, commit},
    };
}

bool same_message(const Message& a, const Message& b) {
    return type_of(a) == type_of(b) && encode_payload(a) == encode_payload(b);
}

Options fast_options() {
    Options o;
    o.bind = "127.0.0.1:0";
    o.handshake_timeout_ms = 2000;
    o.idle_timeout_ms = 3000;
    o.keepalive_interval_ms = 200;
    o.reconnect_min_ms = 50;
    o.reconnect_max_ms = 300;
    o.reconnect_healthy_ms = 500;
    o.misbehaviour_backoff_ms = 60000;
    return o;
}

Callbacks Inbox::callbacks() {
    Callbacks c;
    c.on_message = [this](const PeerKey& from, MessageType type, const Message& message) {
        std::lock_guard lock(mutex_);
        messages_.push_back(Received{from, type, message});
    };
    c.on_peer_up = [this](const PeerInfo&) {
        std::lock_guard lock(mutex_);
        ++ups_;
    };
    c.on_peer_down = [this](const PeerKey&, DropReason reason) {
        std::lock_guard lock(mutex_);
        downs_.push_back(reason);
    };
    return c;
}

std::vector<Inbox::Received> Inbox::messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}
size_t Inbox::message_count() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
}
size_t Inbox::ups() const {
    std::lock_guard lock(mutex_);
    return ups_;
}
size_t Inbox::downs() const {
    std::lock_guard lock(mutex_);
    return downs_.size();
}
std::vector<DropReason> Inbox::down_reasons() const {
    std::lock_guard lock(mutex_);
    return downs_;
}

void Node::make(Options options, std::vector<PeerKey> allowed, ChainId chain) {
    TransportConfig config;
    config.options = std::move(options);
    config.chain_id = chain;
    config.role = NodeRole::validator;
    config.status = StatusMessage{1, Hash256{}, {}};
    std::vector<AllowedPeer> list;
    for (const auto& k : allowed) list.push_back(AllowedPeer{k, "peer-" + peer_key_hex(k).substr(0, 8)});
    transport = std::make_unique<Transport>(std::move(config), identity, std::move(list), inbox.callbacks());
}

void Node::start_or_die() {
    Status s = transport->start();
    if (!s) throw std::runtime_error("p2p test node: " + s.error().message);
}

std::string loopback(uint16_t port) {
    return "127.0.0.1:" + std::to_string(port);
}

uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("free_port: cannot bind");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool eventually(const std::function<bool()>& cond, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return cond();
}

struct RawPeer::Tls {
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    bool ended = false;  // the last read saw the end of the stream or an error (not a timeout)
    bool close_notify = false;
    ~Tls() {
        if (ssl) SSL_free(ssl);
        if (ctx) SSL_CTX_free(ctx);
    }
};

RawPeer::RawPeer(const NodeIdentity& identity) : tls_(std::make_unique<Tls>()) {
    tls_->ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(tls_->ctx, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(tls_->ctx, TLS1_3_VERSION);
    SSL_CTX_set1_sigalgs_list(tls_->ctx, "ed25519");
    SSL_CTX_use_certificate(tls_->ctx, identity.certificate());
    SSL_CTX_use_PrivateKey(tls_->ctx, identity.key());
    SSL_CTX_set_verify(tls_->ctx, SSL_VERIFY_NONE, nullptr);
}

RawPeer::~RawPeer() {
    tls_.reset();
    if (fd_ >= 0) ::close(fd_);
}

bool RawPeer::connect(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return false;
    tls_->ssl = SSL_new(tls_->ctx);
    SSL_set_fd(tls_->ssl, fd_);
    return SSL_connect(tls_->ssl) == 1;
}

bool RawPeer::send_bytes(ByteView bytes) {
    if (!tls_->ssl) return false;
    size_t done = 0;
    while (done < bytes.size()) {
        const int n = SSL_write(tls_->ssl, bytes.data() + done, static_cast<int>(bytes.size() - done));
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

bool RawPeer::send_hello(const ChainId& chain) {
    return send(Message(Hello{chain, kProtocolVersion, NodeRole::validator, 1}));
}

bool RawPeer::read_exact(uint8_t* out, size_t n, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    size_t done = 0;
    while (done < n) {
        if (SSL_pending(tls_->ssl) == 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;  // timeout
        }
        const int got = SSL_read(tls_->ssl, out + done, static_cast<int>(n - done));
        if (got <= 0) {
            const int err = SSL_get_error(tls_->ssl, got);
            if (err == SSL_ERROR_WANT_READ) continue;  // a record that was not application data
            tls_->close_notify = err == SSL_ERROR_ZERO_RETURN;
            tls_->ended = true;
            return false;
        }
        done += static_cast<size_t>(got);
    }
    return true;
}

std::optional<Bytes> RawPeer::read_frame(int timeout_ms) {
    if (!tls_->ssl) return std::nullopt;
    uint8_t header[kFrameHeaderBytes];
    if (!read_exact(header, sizeof(header), timeout_ms)) return std::nullopt;
    const uint32_t length = (uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) |
                            (uint32_t{header[2]} << 8) | uint32_t{header[3]};
    Bytes frame(header, header + sizeof(header));
    frame.resize(kFrameHeaderBytes + length - 1);
    if (length > 1 && !read_exact(frame.data() + kFrameHeaderBytes, length - 1, timeout_ms))
        return std::nullopt;
    return frame;
}

bool RawPeer::closed_by_server(int timeout_ms, size_t* frames_received) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    size_t frames = 0;
    while (!tls_->ended) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (read_frame(static_cast<int>(left.count()))) ++frames;
    }
    if (frames_received) *frames_received = frames;
    return tls_->ended || !tls_->ssl;
}

bool RawPeer::saw_close_notify() const {
    return tls_->close_notify;
}

bool RawPeer::tcp_closed_by_server(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        uint8_t sink[4096];
        const ssize_t got = ::recv(fd_, sink, sizeof(sink), 0);
        if (got <= 0) return true;  // end of stream or reset: the server closed its socket
    }
}

}  // namespace folio::p2p::test

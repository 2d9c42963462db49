// What the privval tests share: a temporary directory, a chain id, a key, and signed messages.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "node/consensus/messages.h"
#include "node/privval/file_signer.h"
#include "node/privval/safety_state_file.h"

namespace folio::privval::test {

class ScratchDir {
  public:
    ScratchDir() {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("folio-privval-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

inline std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_all(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
}

inline ChainId chain_a() {
    ChainId id{};
    id.fill(0xAA);
    return id;
}

inline crypto::SecretKey key_of(uint8_t n) {
    std::array<uint8_t, 32> bytes{};
    bytes.fill(n);
    return *crypto::SecretKey::from_bytes(bytes);
}

inline BlockHash block_of(uint8_t n) {
    BlockHash h{};
    h.fill(n);
    return h;
}

// A state whose last signed message is `vote`, signed by `key` for chain_a().
inline consensus::SafetyState state_after(consensus::Vote vote, const crypto::SecretKey& key) {
    vote.signature = crypto::sign(key, vote.sign_hash(chain_a()));
    consensus::SafetyState s;
    s.height = vote.height;
    s.round = vote.round;
    s.step = vote.type == VoteType::prevote ? consensus::Step::prevote : consensus::Step::precommit;
    s.last_signed = vote;
    return s;
}

}  // namespace folio::privval::test

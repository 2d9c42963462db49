#include "testkit.h"

#include <deque>
#include <mutex>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"

namespace folio::consensus::test {

const crypto::SecretKey& test_key(uint32_t i) {
    // Built once per index and kept: the simulation asks for the same few keys thousands of times.
    static std::mutex mu;
    static std::deque<std::pair<uint32_t, crypto::SecretKey>> keys;
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& [index, key] : keys) {
        if (index == i) return key;
    }
    Writer w;
    w.str("folio consensus test validator");
    w.u32(i);
    for (uint32_t attempt = 0;; ++attempt) {
        Writer seed;
        seed.raw(w.data());
        seed.u32(attempt);
        if (auto key = crypto::SecretKey::from_bytes(crypto::sha256(seed.data()))) {
            keys.emplace_back(i, std::move(*key));
            return keys.back().second;
        }
    }
}

Signature sign_as(uint32_t key_index, const Hash256& sign_hash) {
    auto sig = crypto::sign_with_aux(test_key(key_index), sign_hash, Hash256{});
    assert(sig);
    return *sig;
}

KeySigner::KeySigner(uint32_t key_index) : key_index_(key_index), pubkey_(test_key(key_index).pubkey()) {}

Result<Signature> KeySigner::sign(const SignPosition&, const Hash256& sign_hash) {
    ++signatures_;
    return sign_as(key_index_, sign_hash);
}

bool CachingVerifier::verify(const Signature& signature, const Hash256& message, const PubKey& key) {
    Writer w(128);
    w.fixed_bytes(signature);
    w.fixed_bytes(message);
    w.fixed_bytes(key);
    const Hash256 id = crypto::sha256(w.data());
    auto it = cache_.find(id);
    if (it != cache_.end()) return it->second;
    ++verified_;
    const bool ok = crypto::verify(signature, message, key);
    cache_.emplace(id, ok);
    return ok;
}

std::shared_ptr<const ValidatorSet> make_validator_set(const std::vector<uint64_t>& powers) {
    // Public keys cost a scalar multiplication each: keep them.
    static std::mutex mu;
    static std::vector<PubKey> pubkeys;
    auto set = std::make_shared<ValidatorSet>();
    std::lock_guard<std::mutex> lock(mu);
    for (uint32_t i = 0; i < powers.size(); ++i) {
        while (pubkeys.size() <= i)
            pubkeys.push_back(test_key(static_cast<uint32_t>(pubkeys.size())).pubkey());
        Hash256 p2p{};
        p2p[0] = static_cast<uint8_t>(i + 1);
        std::string name = "v";  // appended, not operator+: GCC 12 -Wrestrict false positive
        name += std::to_string(i);
        set->validators.push_back(Validator{name, pubkeys[i], p2p, powers[i]});
    }
    return set;
}

ChainId test_chain_id() {
    static const ChainId id = crypto::sha256(as_bytes("folio consensus test chain"));
    return id;
}

}  // namespace folio::consensus::test

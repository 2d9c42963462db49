#include "node/dev_chain.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <memory>

#include "chain/genesis.h"
#include "keys/file_io.h"
#include "keys/keystore.h"
#include "keys/passwords.h"
#include "node/block_producer.h"
#include "node/config.h"
#include "node/log.h"

namespace folio::node {
namespace {

// Dev keys are real keys in a real keystore, with a lighter scrypt cost so that a dev node starts in a second.
constexpr uint64_t kDevScryptN = 1u << 14;

Result<Hash256> make_p2p_key(const std::string& pem_path) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
    if (!key) return make_error(Reason::INTERNAL, "cannot generate the Ed25519 P2P key");
    Hash256 pub{};
    size_t len = pub.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != pub.size()) {
        return make_error(Reason::INTERNAL, "cannot read the Ed25519 public key");
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return make_error(Reason::INTERNAL, "cannot encode the P2P key");
    }
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    if (Status s = keys::write_file_atomic(pem_path, std::string(data, static_cast<size_t>(n)), 0600); !s) return s.error();
    return pub;
}

}  // namespace

Status init_dev_datadir(const std::string& datadir, const std::string& rpc_bind) {
    namespace fs = std::filesystem;
    const fs::path dir(datadir);
    if (fs::exists(dir / "genesis.json")) return Status();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Reason::IO_ERROR, "cannot create " + datadir + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);

    // A random keystore password, kept beside the keystore: fine for a dev node, which says so in its log. An
    // earlier start interrupted before genesis.json was written left its password: keep it, its keys need it.
    std::string password;
    const std::string password_file = (dir / "keystore.password").string();
    if (fs::exists(password_file)) {
        auto existing = keys::read_password_file(password_file);
        if (!existing) return existing.error();
        password = *existing;
    } else {
        std::array<uint8_t, 24> pw_bytes;
        crypto::random_bytes(pw_bytes.data(), pw_bytes.size());
        password = to_hex(pw_bytes);
        if (Status s = keys::write_file_atomic(password_file, password + "\n", 0600); !s) return s;
    }

    auto keystore = keys::Keystore::open((dir / "keystore").string(), true);
    if (!keystore) return keystore.error();
    keys::ScryptParams params;
    params.n = kDevScryptN;
    std::map<std::string, PubKey> pubkeys;
    for (const char* name : {"validator", "operator", "registrar", "issuer"}) {
        auto existing = keystore->info(name);
        if (existing) {
            pubkeys[name] = existing->pubkey;
            continue;
        }
        auto info = keystore->generate(name, password, params);
        if (!info) return info.error();
        pubkeys[name] = info->pubkey;
    }
    keys::wipe_string(password);
    auto p2p = make_p2p_key((dir / "p2p_key.pem").string());
    if (!p2p) return p2p.error();

    Genesis g;
    g.chain_name = "folio-dev";
    g.genesis_time_ms = now_ms();
    g.validators.validators.push_back(Validator{"validator-0", pubkeys["validator"], *p2p, 1});
    g.accounts.push_back(GenesisAccount{"operator", pubkeys["operator"], role_bit(Role::operator_), std::nullopt});
    g.accounts.push_back(GenesisAccount{"registrar", pubkeys["registrar"], role_bit(Role::registrar), std::nullopt});
    g.accounts.push_back(GenesisAccount{"issuer", pubkeys["issuer"], role_bit(Role::issuer), std::nullopt});
    g.params = default_params();

    NodeConfig config;
    config.datadir = datadir;
    config.rpc_bind = rpc_bind.empty() ? "127.0.0.1:8545" : rpc_bind;
    config.keystore_password_file = "keystore.password";
    if (Status s = save_config(config, (dir / "config.json").string()); !s) return s;
    // genesis.json last: its presence is what marks the data directory as initialized.
    if (Status s = keys::write_file_atomic((dir / "genesis.json").string(), g.to_json() + "\n", 0644); !s) return s;
    log_info("dev", "created a one-validator dev chain in " + datadir + " (keys: validator, operator, registrar, issuer)");
    return Status();
}

}  // namespace folio::node

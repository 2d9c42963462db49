// Encrypted keystore: a directory (mode 0700) holding one JSON file NAME.key (mode 0600) per secret key, the
// key encrypted with AES-256-GCM under a key that scrypt derives from a password. Used by folio-wallet and by
// foliod for its operator / registrar / issuer / validator keys. File format and crypto choices:
// docs/keystore.md. Where the password comes from: keys/passwords.h.
//
// Contract of every call: success, or an Error whose reason says what to do about it and whose message names
// the key, the file and, for a bad file, the field:
//   INVALID_ARGUMENT  a bad name, password or ScryptParams from the caller, or a key that already exists;
//   NOT_FOUND         no such key (or keystore directory, for open without create);
//   NOT_AUTHORIZED    wrong password (the file is intact);
//   CORRUPTION        the file is damaged, tampered with, or out of bounds (a hostile file is refused
//                     before any costly work: scrypt never runs with parameters outside the bounds below);
//   BAD_VERSION       a file format this code does not know;
//   IO_ERROR          the file system failed.
// A failed call changes nothing on disk, but for an IO_ERROR that says the key file "was written but may not
// survive a crash" (its directory could not be synced): that key is in place. Nothing here throws.
//
// Thread safety: a Keystore holds only its directory path; all calls may run concurrently, from threads or
// processes. Writes never replace a file (keys/file_io.h, IfExists::refuse), so of two writers racing on one
// name exactly one wins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chain/crypto/schnorr.h"
#include "chain/result.h"

namespace folio::keys {

// scrypt cost parameters, stored in each file and always read back from it. The defaults (N = 2^17, r = 8,
// p = 1: 128 MiB, ~0.4 s here) are for real keys; tests and --dev may lower N down to kMinScryptN.
struct ScryptParams {
    uint64_t n = uint64_t{1} << 17;
    uint32_t r = 8;
    uint32_t p = 1;
};

// Bounds on what is written and on what is read: N a power of two in [2^10, 2^24], r in [1, 32], p in [1,
// 16], and 128 * N * r * p (memory, and a proxy for time) at most 1 GiB, so that a hostile file cannot make
// scrypt allocate gigabytes or run for minutes.
inline constexpr uint64_t kMinScryptN = uint64_t{1} << 10;
inline constexpr uint64_t kMaxScryptN = uint64_t{1} << 24;
inline constexpr uint32_t kMaxScryptR = 32;
inline constexpr uint32_t kMaxScryptP = 16;
inline constexpr uint64_t kMaxScryptMemoryBytes = uint64_t{1} << 30;
Status validate_scrypt_params(const ScryptParams& params);

// Key names: 1-64 characters of [A-Za-z0-9._-], not starting with '.' (names beginning with a dot are
// reserved for temporary files, so that a crash mid-write never leaves something that looks like a key).
inline constexpr size_t kMaxKeyNameLength = 64;
Status validate_key_name(std::string_view name);

// The public part of a key file; reading it never needs the password.
struct KeyInfo {
    std::string name;
    crypto::PubKey pubkey{};
    uint64_t created_ms = 0;  // Unix time in milliseconds
    ScryptParams kdf;
};

class Keystore {
  public:
    // Opens the keystore in dir. When dir is missing: NOT_FOUND, or with create_if_missing it is created (its
    // missing parents too) with mode 0700. An existing directory is used as it is.
    static Result<Keystore> open(const std::string& dir, bool create_if_missing);

    // Creates a fresh key from the OS random source and stores it encrypted under password (non-empty).
    // Refuses (INVALID_ARGUMENT) if NAME.key exists: a key is never overwritten.
    Result<KeyInfo> generate(std::string_view name, std::string_view password,
                             const ScryptParams& params = {});
    // Stores a given secret key, with the same rules as generate.
    Result<KeyInfo> import(std::string_view name, const crypto::SecretKey& key, std::string_view password,
                           const ScryptParams& params = {});

    // Every key in the directory, sorted by name, each file checked as info() does. Files that are not keys
    // (other names, temporaries) are ignored; a damaged key file fails the whole call, naming the file,
    // rather than being skipped.
    Result<std::vector<KeyInfo>> list() const;
    // The public part of one key, after checking the file's bounds and checksum.
    Result<KeyInfo> info(std::string_view name) const;
    // Decrypts one key. NOT_AUTHORIZED for a wrong password, CORRUPTION for a damaged or tampered file.
    Result<crypto::SecretKey> unlock(std::string_view name, std::string_view password) const;

    // Where the file of a key lives (the name is not validated here).
    std::string key_path(std::string_view name) const;
    const std::string& dir() const { return dir_; }

  private:
    explicit Keystore(std::string dir) : dir_(std::move(dir)) {}
    Result<KeyInfo> store(std::string_view name, const crypto::SecretKey& key, std::string_view password,
                          const ScryptParams& params);
    std::string dir_;
};

}  // namespace folio::keys

// Key file NAME.key, JSON written only here; on read every field is bounded and checked, unknown fields are
// ignored. HEX[n] is exactly n bytes as lowercase hex.
//   {"format":"folio-keystore", "version":1, "name":NAME, "pubkey":HEX[32], "created_ms":UINT,
//    "kdf":{"name":"scrypt", "n":UINT, "r":UINT, "p":UINT, "salt":HEX[32]},
//    "cipher":{"name":"aes-256-gcm", "iv":HEX[12], "ciphertext":HEX[32], "tag":HEX[16]},
//    "password_check":HEX[32], "checksum":HEX[32]}
//
// Derived values, in chain/encoding.h primitives; H(tag, m) is the tagged SHA-256 of chain/crypto/hash.h:
//   enc_key[32] || check_key[32] := scrypt(password, salt, n, r, p, 64 bytes)
//   aad            := str("folio/keystore") u8(version) str(name) fixed[32](pubkey) u64(created_ms)
//                     str("scrypt") u64(n) u32(r) u32(p) bytes(salt) str("aes-256-gcm")
//   ciphertext,tag := AES-256-GCM(enc_key, iv, plaintext = secret key[32], aad)
//   password_check := H("folio/keystore_password", check_key)
//   checksum       := H("folio/keystore_checksum", aad || fixed[12](iv) || bytes(ciphertext)
//                                                   || fixed[16](tag) || fixed[32](password_check))
//
// Three checks, so that each failure gets its own answer: the unkeyed checksum finds a damaged or hand-edited
// file before scrypt runs (a flipped salt or N would otherwise pass for a wrong password); password_check
// tells a wrong password from tampering; the GCM tag over aad is the cryptographic guarantee that nothing was
// changed, checksum recomputed or not. password_check tells an attacker nothing the GCM tag would not: both
// need a full scrypt.
#include "keys/keystore.h"

#include <dirent.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <system_error>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "keys/file_io.h"

namespace folio::keys {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "folio-keystore";
constexpr uint8_t kVersion = 1;
constexpr std::string_view kKdfName = "scrypt";
constexpr std::string_view kCipherName = "aes-256-gcm";
constexpr size_t kMaxFileBytes = 64 * 1024;
constexpr int kMaxJsonDepth = 4;  // the format nests two levels; anything deeper is hostile

struct KeyFile {
    std::string name;
    crypto::PubKey pubkey{};
    uint64_t created_ms = 0;
    ScryptParams kdf;
    std::array<uint8_t, 32> salt{};
    std::array<uint8_t, 12> iv{};
    std::array<uint8_t, 32> ciphertext{};
    std::array<uint8_t, 16> tag{};
    Hash256 password_check{};
    Hash256 checksum{};
};

// Password-derived bytes: wiped however the scope is left.
struct DerivedKeys {
    std::array<uint8_t, 64> bytes{};
    ~DerivedKeys() { crypto::wipe(bytes.data(), bytes.size()); }
    const uint8_t* enc_key() const { return bytes.data(); }
    ByteView check_key() const { return ByteView(bytes).subspan(32); }
};

Error io_error(std::string_view what, const std::string& path, int err) {
    return make_error(Reason::IO_ERROR,
                      std::string(what) + " " + path + ": " + std::generic_category().message(err));
}

std::string key_file_name(std::string_view name) {
    return std::string(name) + ".key";
}

// Which bound a parameter set breaks, as (field, why), or an empty field if none.
std::pair<std::string, std::string> scrypt_problem(const ScryptParams& p) {
    if (p.n < kMinScryptN || p.n > kMaxScryptN || (p.n & (p.n - 1)) != 0)
        return {"n", "must be a power of two in [2^10, 2^24], got " + std::to_string(p.n)};
    if (p.r < 1 || p.r > kMaxScryptR) return {"r", "must be in [1, 32], got " + std::to_string(p.r)};
    if (p.p < 1 || p.p > kMaxScryptP) return {"p", "must be in [1, 16], got " + std::to_string(p.p)};
    if (128 * p.n * p.r * p.p > kMaxScryptMemoryBytes)  // no overflow: at most 2^7 * 2^24 * 2^5 * 2^4
        return {"n", "with r and p needs 128*N*r*p = " + std::to_string(128 * p.n * p.r * p.p) +
                         " bytes of memory, over the 1 GiB bound"};
    return {};
}

Bytes encode_aad(const KeyFile& f) {
    Writer w(160);
    w.str("folio/keystore");
    w.u8(kVersion);
    w.str(f.name);
    w.fixed_bytes(f.pubkey);
    w.u64(f.created_ms);
    w.str(kKdfName);
    w.u64(f.kdf.n);
    w.u32(f.kdf.r);
    w.u32(f.kdf.p);
    w.bytes(f.salt);
    w.str(kCipherName);
    return w.take();
}

Hash256 compute_checksum(const KeyFile& f) {
    static const crypto::TaggedHasher hasher("folio/keystore_checksum");
    Writer w(256);
    w.raw(encode_aad(f));
    w.fixed_bytes(f.iv);
    w.bytes(f.ciphertext);
    w.fixed_bytes(f.tag);
    w.fixed_bytes(f.password_check);
    return hasher(w.data());
}

Hash256 compute_password_check(const DerivedKeys& keys) {
    static const crypto::TaggedHasher hasher("folio/keystore_password");
    return hasher(keys.check_key());
}

bool derive_keys(std::string_view password, const KeyFile& f, DerivedKeys& out) {
    // OpenSSL's default maxmem (32 MiB) refuses N >= 2^15 with r = 8 (STACK.md): pass what these parameters
    // need, which validation has already bounded.
    const uint64_t maxmem = 128 * uint64_t{f.kdf.r} * (f.kdf.n + 2 + f.kdf.p) + (1u << 20);
    return EVP_PBE_scrypt(password.data(), password.size(), f.salt.data(), f.salt.size(), f.kdf.n, f.kdf.r,
                          f.kdf.p, maxmem, out.bytes.data(), out.bytes.size()) == 1;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// Encrypts (seal) or decrypts and authenticates (!seal) the 32 bytes of in32 into out32; false on any
// failure, a tag that does not match among them (out32 then holds unauthenticated bytes the caller must
// wipe).
bool aes_gcm(bool seal, const KeyFile& f, const uint8_t* key, const uint8_t* in32, uint8_t* out32,
             std::array<uint8_t, 16>& tag) {
    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) return false;
    const Bytes aad = encode_aad(f);
    int len = 0;
    const int enc = seal ? 1 : 0;
    if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, enc) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(f.iv.size()), nullptr) != 1 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key, f.iv.data(), enc) != 1 ||
        EVP_CipherUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1 ||
        EVP_CipherUpdate(ctx.get(), out32, &len, in32, 32) != 1 || len != 32)
        return false;
    if (!seal && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1) return false;
    uint8_t final_block[16];
    if (EVP_CipherFinal_ex(ctx.get(), final_block, &len) != 1 || len != 0) return false;
    return !seal || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1;
}

std::string to_json(const KeyFile& f) {
    // Ordered as the format lists them: people read these files.
    const nlohmann::ordered_json doc = {
        {"format", kFormat},
        {"version", kVersion},
        {"name", f.name},
        {"pubkey", to_hex(f.pubkey)},
        {"created_ms", f.created_ms},
        {"kdf",
         {{"name", kKdfName}, {"n", f.kdf.n}, {"r", f.kdf.r}, {"p", f.kdf.p}, {"salt", to_hex(f.salt)}}},
        {"cipher",
         {{"name", kCipherName},
          {"iv", to_hex(f.iv)},
          {"ciphertext", to_hex(f.ciphertext)},
          {"tag", to_hex(f.tag)}}},
        {"password_check", to_hex(f.password_check)},
        {"checksum", to_hex(f.checksum)},
    };
    return doc.dump(2) + "\n";
}

// Reads fields of one JSON object; the first failure is kept as "field 'kdf.n' <why>".
class Fields {
  public:
    Fields(const json& obj, std::string prefix, std::string& error)
        : obj_(obj), prefix_(std::move(prefix)), error_(error) {}

    const json* get(const char* key) {
        if (!error_.empty()) return nullptr;
        auto it = obj_.find(key);
        if (it == obj_.end()) {
            fail(key, "is missing");
            return nullptr;
        }
        return &*it;
    }
    bool fail(const char* key, std::string_view why) {
        if (error_.empty()) error_ = "field '" + prefix_ + key + "' " + std::string(why);
        return false;
    }
    bool text(const char* key, size_t max_len, std::string& out) {
        const json* v = get(key);
        if (!v) return false;
        if (!v->is_string()) return fail(key, "must be a string");
        if (v->get_ref<const std::string&>().size() > max_len) return fail(key, "is too long");
        out = v->get<std::string>();
        return true;
    }
    bool expect(const char* key, std::string_view expected) {
        std::string got;
        if (!text(key, 64, got)) return false;
        return got == expected || fail(key, "must be \"" + std::string(expected) + "\"");
    }
    bool uint(const char* key, uint64_t max, uint64_t& out) {
        const json* v = get(key);
        if (!v) return false;
        if (!v->is_number_unsigned()) return fail(key, "must be a non-negative integer");
        out = v->get<uint64_t>();
        return out <= max || fail(key, "is out of bounds");
    }
    template <size_t N>
    bool hex(const char* key, std::array<uint8_t, N>& out) {
        std::string s;
        if (!text(key, 2 * N + 1, s)) return false;
        const bool lower_hex = std::all_of(
            s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
        if (!lower_hex || !from_hex_fixed(s, out))
            return fail(key, "must be " + std::to_string(2 * N) + " lowercase hex digits");
        return true;
    }
    Fields object(const char* key) {
        static const json kEmpty = json::object();
        const json* v = get(key);
        if (v && !v->is_object()) fail(key, "must be an object");
        return Fields(v && v->is_object() ? *v : kEmpty, prefix_ + key + ".", error_);
    }

  private:
    const json& obj_;
    std::string prefix_;
    std::string& error_;
};

Result<KeyFile> parse_key_file(const std::string& text, const std::string& path) {
    auto corrupt = [&](std::string why) { return make_error(Reason::CORRUPTION, path + ": " + why); };
    bool too_deep = false;
    json doc = json::parse(
        text,
        [&](int depth, json::parse_event_t, json&) {
            return depth <= kMaxJsonDepth || (too_deep = true, false);
        },
        /*allow_exceptions=*/false);
    if (too_deep) return corrupt("JSON nested too deeply");
    if (doc.is_discarded() || !doc.is_object()) return corrupt("not a JSON object");

    std::string error;
    Fields top(doc, "", error);
    uint64_t version = 0;
    if (!top.expect("format", kFormat) || !top.uint("version", UINT64_MAX, version)) return corrupt(error);
    if (version != kVersion)
        return make_error(Reason::BAD_VERSION, path + ": keystore format version " + std::to_string(version) +
                                                   " is not supported (this build reads version 1)");
    KeyFile f;
    uint64_t r = 0, p = 0;
    Fields kdf = top.object("kdf");
    Fields cipher = top.object("cipher");
    const bool ok = top.text("name", kMaxKeyNameLength, f.name) && top.hex("pubkey", f.pubkey) &&
                    top.uint("created_ms", UINT64_MAX, f.created_ms) && kdf.expect("name", kKdfName) &&
                    kdf.uint("n", kMaxScryptN, f.kdf.n) && kdf.uint("r", kMaxScryptR, r) &&
                    kdf.uint("p", kMaxScryptP, p) && kdf.hex("salt", f.salt) &&
                    cipher.expect("name", kCipherName) && cipher.hex("iv", f.iv) &&
                    cipher.hex("ciphertext", f.ciphertext) && cipher.hex("tag", f.tag) &&
                    top.hex("password_check", f.password_check) && top.hex("checksum", f.checksum);
    if (!ok) return corrupt(error);
    f.kdf.r = static_cast<uint32_t>(r);
    f.kdf.p = static_cast<uint32_t>(p);
    if (Status s = validate_key_name(f.name); !s) return corrupt("field 'name': " + s.error().message);
    if (!crypto::is_valid_pubkey(f.pubkey)) return corrupt("field 'pubkey' is not a point on secp256k1");
    if (auto [field, why] = scrypt_problem(f.kdf); !field.empty())
        return corrupt("field 'kdf." + field + "' " + why);
    if (CRYPTO_memcmp(compute_checksum(f).data(), f.checksum.data(), f.checksum.size()) != 0)
        return corrupt("checksum mismatch: the file is damaged or was tampered with");
    return f;
}

KeyInfo info_of(const KeyFile& f) {
    return KeyInfo{f.name, f.pubkey, f.created_ms, f.kdf};
}

}  // namespace

Status validate_scrypt_params(const ScryptParams& params) {
    if (auto [field, why] = scrypt_problem(params); !field.empty())
        return make_error(Reason::INVALID_ARGUMENT, "scrypt " + field + " " + why);
    return Status::success();
}

Status validate_key_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxKeyNameLength)
        return make_error(Reason::INVALID_ARGUMENT, "key name must be 1 to 64 characters long");
    const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    });
    if (!allowed || name.front() == '.')
        return make_error(
            Reason::INVALID_ARGUMENT,
            "key name '" + std::string(name) + "' must use only A-Z a-z 0-9 . _ - and not start with '.'");
    return Status::success();
}

Result<Keystore> Keystore::open(const std::string& dir_arg, bool create_if_missing) {
    std::string dir = dir_arg;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();  // so that "a/b/" creates b itself with 0700
    if (dir.empty()) return make_error(Reason::INVALID_ARGUMENT, "keystore directory is empty");
    struct stat st;
    if (::stat(dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return make_error(Reason::INVALID_ARGUMENT, dir + " is not a directory");
        return Keystore(dir);
    }
    if (errno != ENOENT) return io_error("cannot access", dir, errno);
    if (!create_if_missing)
        return make_error(Reason::NOT_FOUND, "keystore directory " + dir + " does not exist");

    const std::filesystem::path parent = std::filesystem::path(dir).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return make_error(Reason::IO_ERROR, "cannot create " + parent.string() + ": " + ec.message());
    if (::mkdir(dir.c_str(), 0700) != 0) {
        if (errno != EEXIST) return io_error("cannot create", dir, errno);
        return open(dir, false);  // another process created it meanwhile
    }
    if (::chmod(dir.c_str(), 0700) != 0) return io_error("cannot chmod", dir, errno);  // despite the umask
    if (Status s = sync_directory(parent.empty() ? "." : parent.string()); !s) return s.error();
    return Keystore(dir);
}

std::string Keystore::key_path(std::string_view name) const {
    return dir_ + "/" + key_file_name(name);
}

Result<KeyInfo> Keystore::generate(std::string_view name, std::string_view password,
                                   const ScryptParams& params) {
    return store(name, crypto::SecretKey::generate(), password, params);
}

Result<KeyInfo> Keystore::import(std::string_view name, const crypto::SecretKey& key,
                                 std::string_view password, const ScryptParams& params) {
    if (!crypto::SecretKey::from_bytes(key.bytes()))
        return make_error(Reason::INVALID_ARGUMENT, "the key to import is not a valid secp256k1 secret key");
    return store(name, key, password, params);
}

Result<KeyInfo> Keystore::store(std::string_view name, const crypto::SecretKey& key,
                                std::string_view password, const ScryptParams& params) {
    if (Status s = validate_key_name(name); !s) return s.error();
    if (Status s = validate_scrypt_params(params); !s) return s.error();
    if (password.empty()) return make_error(Reason::INVALID_ARGUMENT, "the password must not be empty");
    const std::string path = key_path(name);
    struct stat st;
    // Checked again atomically when the file is moved into place; this only spares a useless scrypt.
    if (::lstat(path.c_str(), &st) == 0)
        return make_error(Reason::INVALID_ARGUMENT, path + " already exists; a key is never overwritten");

    KeyFile f;
    f.name = std::string(name);
    f.pubkey = key.pubkey();
    f.created_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
    f.kdf = params;
    crypto::random_bytes(f.salt.data(), f.salt.size());
    crypto::random_bytes(f.iv.data(), f.iv.size());
    DerivedKeys keys;
    if (!derive_keys(password, f, keys)) return make_error(Reason::INTERNAL, "scrypt failed");
    if (!aes_gcm(true, f, keys.enc_key(), key.bytes().data(), f.ciphertext.data(), f.tag))
        return make_error(Reason::INTERNAL, "AES-256-GCM encryption failed");
    f.password_check = compute_password_check(keys);
    f.checksum = compute_checksum(f);
    // A key file is never replaced: of two writers racing on one name, exactly one wins.
    if (Status s = write_file_atomic(path, to_json(f), 0600, IfExists::refuse); !s) {
        if (s.reason() == Reason::INVALID_ARGUMENT)
            return make_error(Reason::INVALID_ARGUMENT, path + " already exists; a key is never overwritten");
        return s.error();
    }
    return info_of(f);
}

namespace {
Result<KeyFile> load(const Keystore& ks, std::string_view name) {
    if (Status s = validate_key_name(name); !s) return s.error();
    const std::string path = ks.key_path(name);
    auto text = read_file_bounded(path, kMaxFileBytes);
    if (!text) {
        if (text.reason() == Reason::NOT_FOUND)
            return make_error(Reason::NOT_FOUND, "no key named '" + std::string(name) + "' in " + ks.dir());
        if (text.reason() == Reason::TOO_LARGE) return make_error(Reason::CORRUPTION, text.error().message);
        return text.error();
    }
    auto f = parse_key_file(*text, path);
    if (f && f->name != name)
        return make_error(Reason::CORRUPTION,
                          path + ": holds the key named '" + f->name + "'; a key file must not be renamed");
    return f;
}
}  // namespace

Result<KeyInfo> Keystore::info(std::string_view name) const {
    auto f = load(*this, name);
    if (!f) return f.error();
    return info_of(*f);
}

Result<std::vector<KeyInfo>> Keystore::list() const {
    DIR* d = ::opendir(dir_.c_str());
    if (!d) return io_error("cannot list", dir_, errno);
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
        std::string_view file = e->d_name;
        if (file.size() <= 4 || !file.ends_with(".key")) continue;
        file.remove_suffix(4);
        if (validate_key_name(file).ok()) names.emplace_back(file);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    std::vector<KeyInfo> out;
    for (const auto& name : names) {
        auto i = info(name);
        if (!i) return i.error();
        out.push_back(std::move(*i));
    }
    return out;
}

Result<crypto::SecretKey> Keystore::unlock(std::string_view name, std::string_view password) const {
    auto f = load(*this, name);
    if (!f) return f.error();
    const std::string path = key_path(name);
    DerivedKeys keys;
    if (!derive_keys(password, *f, keys)) return make_error(Reason::INTERNAL, "scrypt failed");
    const Hash256 check = compute_password_check(keys);
    if (CRYPTO_memcmp(check.data(), f->password_check.data(), check.size()) != 0)
        return make_error(Reason::NOT_AUTHORIZED, "wrong password for key '" + std::string(name) + "'");
    std::array<uint8_t, 32> plain{};
    const bool opened = aes_gcm(false, *f, keys.enc_key(), f->ciphertext.data(), plain.data(), f->tag);
    auto key = opened ? crypto::SecretKey::from_bytes(plain) : std::nullopt;
    crypto::wipe(plain.data(), plain.size());
    if (!opened)
        return make_error(Reason::CORRUPTION, path +
                                                  ": authentication failed although the password is right: "
                                                  "the file was tampered with");
    if (!key || key->pubkey() != f->pubkey)
        return make_error(Reason::CORRUPTION, path + ": the decrypted key does not match the file's pubkey");
    return std::move(*key);
}

}  // namespace folio::keys

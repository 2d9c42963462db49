// Keystore key files (keys/keystore.h, docs/keystore.md) as a hostile party could leave them in a keystore
// directory. The parser is reached through the public calls (info, list, unlock) on a file written into a
// temporary keystore: a file is accepted whole or refused with a reason, never crashes the caller, and never
// makes scrypt run outside its bounds. unlock runs only when the file's scrypt cost is small (seed files use
// N = 2^10), so that the fuzzer spends its time in the parser.
//
// The keystore is called through its public header only: when it moves to another library, change the include
// and the target's DEPS in tests/fuzz/CMakeLists.txt, nothing else.
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz.h"
#include "keys/keystore.h"

namespace {

// The name the seed files carry: a key file must hold the key named as its file.
constexpr std::string_view kKeyName = "fuzz";
// The password the seed files were written with (tests/fuzz/make_corpus.cpp).
constexpr std::string_view kPassword = "fuzz-password";
constexpr uint64_t kMaxUnlockMemoryBytes = uint64_t{8} << 20;

// A keystore directory of this process, removed at exit.
struct TempKeystore {
    std::string dir;
    TempKeystore() {
        std::string templ = (std::filesystem::temp_directory_path() / "folio-fuzz-keystore.XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) {
            std::perror("mkdtemp");
            std::abort();
        }
        dir = templ;
    }
    ~TempKeystore() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static TempKeystore temp;
    static const folio::keys::Keystore keystore = [] {
        auto ks = folio::keys::Keystore::open(temp.dir, false);
        if (!ks) std::abort();
        return std::move(*ks);
    }();
    const std::string path = keystore.key_path(kKeyName);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        if (!out) std::abort();
    }

    auto info = keystore.info(kKeyName);
    auto listed = keystore.list();
    FUZZ_CHECK(listed.ok() == info.ok());
    if (!info) {
        FUZZ_CHECK(!info.error().message.empty());
        FUZZ_CHECK(info.reason() == folio::Reason::CORRUPTION || info.reason() == folio::Reason::BAD_VERSION);
        return 0;
    }
    FUZZ_CHECK(info->name == kKeyName);
    FUZZ_CHECK(folio::keys::validate_scrypt_params(info->kdf).ok());
    FUZZ_CHECK(listed->size() == 1 && listed->front().pubkey == info->pubkey);

    const folio::keys::ScryptParams& kdf = info->kdf;
    if (128 * kdf.n * kdf.r * kdf.p <= kMaxUnlockMemoryBytes) {
        auto key = keystore.unlock(kKeyName, kPassword);
        if (key) FUZZ_CHECK(key->pubkey() == info->pubkey);
        auto wrong = keystore.unlock(kKeyName, "not the password");
        FUZZ_CHECK(!wrong.ok());
    }
    return 0;
}

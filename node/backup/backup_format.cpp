#include "node/backup/backup_format.h"

#include <openssl/evp.h>

#include <cassert>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"

namespace folio::backup {

Bytes BackupHeader::encode() const {
    Writer w(kHeaderBytes);
    w.raw(as_bytes(std::string_view(kMagic, sizeof kMagic)));
    w.u8(kVersion);
    w.fixed_bytes(chain_id);
    w.u64(height);
    w.fixed_bytes(block_hash);
    w.fixed_bytes(state_root);
    const Hash256 digest = crypto::sha256(w.data());
    w.fixed_bytes(digest);
    assert(w.size() == kHeaderBytes);
    return w.take();
}

Hash256 chained_digest(const Hash256& previous, ByteView data) {
    // Without concatenating: a chunk is up to kMaxChunkPayloadBytes.
    Hash256 out{};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned int len = 0;
    const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, previous.data(), previous.size()) == 1 &&
                    EVP_DigestUpdate(ctx, data.data(), data.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, out.data(), &len) == 1;
    EVP_MD_CTX_free(ctx);
    assert(ok && len == out.size() && "SHA-256 cannot fail on a working OpenSSL");
    (void)ok;
    return out;
}

}  // namespace folio::backup

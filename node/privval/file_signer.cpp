#include "node/privval/file_signer.h"

namespace folio::privval {

FileSigner::FileSigner(crypto::SecretKey key, std::optional<consensus::SignedRecord> last_signed)
    : key_(std::move(key)), pubkey_(key_.pubkey()), guard_(std::move(last_signed)) {}

Result<Signature> FileSigner::sign(const consensus::SignPosition& position, const Hash256& sign_hash) {
    switch (guard_.check(position, sign_hash)) {
        case consensus::SignGuard::Verdict::return_stored:
            return guard_.stored_signature();
        case consensus::SignGuard::Verdict::refuse:
            ++refused_;
            return guard_.refusal(position, sign_hash);
        case consensus::SignGuard::Verdict::sign:
            break;
    }
    const Signature signature = crypto::sign(key_, sign_hash);
    guard_.record(consensus::SignedRecord{position, sign_hash, signature});
    ++signed_;
    return signature;
}

}  // namespace folio::privval

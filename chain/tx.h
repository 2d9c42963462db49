// Transactions: what a signer asks the register to do, and the signatures that authorize it.
//
//   tx        := u8 version=1, fixed[32] chain_id, fixed[32] signer, u64 nonce, u64 valid_until_height,
//                varint n_ops (1..64), n_ops * op, bytes memo (<= 256, UTF-8), u8 has_client_ref (0|1),
//                [bytes client_ref (1..64)]
//   op        := u16 tag, bytes payload (<= 64 KiB)
//   signed_tx := tx, varint n_sigs (1..16), n_sigs * (fixed[32] pubkey, fixed[64] signature)
//
//   tx_hash = sighash = H("folio/tx", tx)        (signatures are outside it: adding one never changes it)
//   signed_tx_hash    = H("folio/signed_tx", signed_tx)   (the signature-check cache key)
//
// A whole signed tx is at most kMaxTxBytes. docs/encoding.md gives a worked example in hex.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/ops.h"
#include "chain/result.h"
#include "chain/types.h"

namespace folio {

inline constexpr uint8_t kTxVersion = 1;
inline constexpr size_t kMaxOpsPerTx = 64;
inline constexpr size_t kMaxOpPayload = 64 * 1024;
inline constexpr size_t kMaxMemoBytes = 256;
inline constexpr size_t kMaxClientRefBytes = 64;
inline constexpr size_t kMaxSignatures = 16;
inline constexpr size_t kMaxTxBytes = 128 * 1024;

struct Tx {
    ChainId chain_id{};
    AccountId signer{};
    uint64_t nonce = 0;
    Height valid_until_height = 0;
    std::vector<Op> ops;
    std::string memo;
    std::optional<std::string> client_ref;

    Bytes encode() const;
    TxHash hash() const;  // the sighash
    bool operator==(const Tx&) const = default;
};

struct TxSignature {
    PubKey pubkey{};
    Signature signature{};
    bool operator==(const TxSignature&) const = default;
};

struct SignedTx {
    Tx tx;
    std::vector<TxSignature> signatures;

    Bytes encode() const;
    bool operator==(const SignedTx&) const = default;
};

// A decoded signed tx with its hashes computed once; shared between mempool, block and executor.
struct TxEnvelope {
    SignedTx signed_tx;
    Bytes bytes;              // the exact signed encoding (what txs_root commits to)
    TxHash tx_hash{};         // sighash
    Hash256 signed_hash{};    // cache key of the signature check
};
using TxPtr = std::shared_ptr<const TxEnvelope>;

// Stateless decoding and bounds: version, sizes, counts, UTF-8 memo, canonical encoding. Op payloads are not
// decoded here (the executor and the registry own them) but their tags and sizes are bounded.
Result<Tx> decode_tx(ByteView data);
Result<TxPtr> decode_signed_tx(ByteView data);
TxPtr make_envelope(SignedTx signed_tx);

// True if every signature verifies against tx_hash (the pure, parallelizable half of the check).
bool verify_signatures(const TxEnvelope& tx);

// Adds a signature by `key` over the tx hash.
void sign_tx(SignedTx& stx, const crypto::SecretKey& key);

bool is_valid_utf8(std::string_view s);

}  // namespace folio

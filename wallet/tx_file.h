// Txs as files and as text for people. The wallet signs only a tx it encoded itself, or one it decoded from
// its bytes and showed op by op (never a bare hash handed over by a node): describe_tx is what it shows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chain/op_json.h"
#include "chain/tx.h"

namespace folio::wallet {

// A tx file holds hex (whitespace around it ignored), or a JSON object with a "tx" hex string, as tx_build
// returns it. DECODE_ERROR when it is neither.
inline constexpr size_t kMaxTxFileBytes = 1u << 20;
Result<Bytes> parse_tx_text(std::string_view text);

// A decoded tx, with its signatures when it carries some.
struct LoadedTx {
    Tx tx;
    std::vector<TxSignature> signatures;  // empty: the file held an unsigned tx
};
// The bytes as an unsigned tx, else as a signed one; the error is the unsigned decoder's when neither.
Result<LoadedTx> decode_any_tx(ByteView bytes);

// Every field and every op in words, one per line. Amounts use `decimals`; an asset it does not know is shown
// in base units, and the text says so.
std::string describe_tx(const Tx& tx, const DecimalsLookup& decimals, const InstrumentRegistry& registry,
                        std::string_view chain_name);

}  // namespace folio::wallet

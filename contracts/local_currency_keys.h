// The state keys of the local currency instrument (prefix 0x45, contracts/local_currency.h): a kind byte, the
// asset id big-endian, then the account or reference the record is about.
#pragma once

#include <array>

#include "chain/types.h"
#include "contracts/local_currency.h"

namespace folio::contracts::currency_key {

inline Bytes of(char kind, AssetId asset, const std::array<uint8_t, 32>* tail = nullptr) {
    Bytes k(6 + (tail ? tail->size() : 0));
    k[0] = kCurrencyPrefix;
    k[1] = static_cast<uint8_t>(kind);
    for (int i = 0; i < 4; ++i) k[2 + i] = static_cast<uint8_t>(asset >> (24 - 8 * i));
    if (tail) std::copy(tail->begin(), tail->end(), k.begin() + 6);
    return k;
}

inline Bytes terms(AssetId asset) { return of('t', asset); }
inline Bytes merchant(AssetId asset, const AccountId& account) { return of('m', asset, &account); }
inline Bytes deposit(AssetId asset, const Hash256& ref) { return of('d', asset, &ref); }
inline Bytes reserve(AssetId asset) { return of('r', asset); }
inline Bytes charge(AssetId asset, const AccountId& account) { return of('c', asset, &account); }

}  // namespace folio::contracts::currency_key

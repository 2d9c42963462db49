// The asset an op or a query names by symbol, for every instrument.
#pragma once

#include <string_view>

#include "chain/result.h"
#include "chain/state.h"

namespace folio::contracts {

// UNKNOWN_ASSET "no asset S" when no asset has this symbol.
Status find_asset(const StateView& state, std::string_view symbol, Asset& out);

}  // namespace folio::contracts

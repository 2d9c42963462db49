#include "contracts/asset_lookup.h"

namespace folio::contracts {

Status find_asset(const StateView& state, std::string_view symbol, Asset& out) {
    AssetId id = 0;
    if (!read_asset_id(state, symbol, id) || !read_asset(state, id, out))
        return make_error(Reason::UNKNOWN_ASSET, "no asset " + std::string(symbol));
    return Status();
}

}  // namespace folio::contracts

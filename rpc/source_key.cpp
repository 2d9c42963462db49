#include "rpc/internal/source_key.h"

#include <algorithm>

namespace folio::rpc::detail {

SourceKey source_key(const boost::asio::ip::address& address) {
    namespace ip = boost::asio::ip;
    if (address.is_v4()) return ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes();
    SourceKey key = address.to_v6().to_bytes();
    if (!address.to_v6().is_v4_mapped()) std::fill(key.begin() + 8, key.end(), 0);
    return key;
}

}  // namespace folio::rpc::detail

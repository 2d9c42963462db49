// Where max_connections_per_ip counts a connection: its source host. An IPv4 address, also when it arrives
// v4-mapped (::ffff:a.b.c.d) on a dual-stack socket; for IPv6, the /64 the address is in, since one host is
// usually given a whole /64 and can pick any address inside it.
#pragma once

#include <array>

#include <boost/asio/ip/address.hpp>

namespace folio::rpc::detail {

using SourceKey = std::array<unsigned char, 16>;  // an IPv6 address: v4-mapped, or a /64 with zeroes after it

SourceKey source_key(const boost::asio::ip::address& address);

}  // namespace folio::rpc::detail

// Which connections max_connections_per_ip counts together: one IPv4 address, or one IPv6 /64.
#include <gtest/gtest.h>

#include "rpc/internal/source_key.h"

namespace folio::rpc::detail {
namespace {

SourceKey key_of(const char* text) {
    return source_key(boost::asio::ip::make_address(text));
}

TEST(rpc_source_key, EachIpv4AddressIsASourceOfItsOwn) {
    EXPECT_EQ(key_of("127.0.0.1"), key_of("127.0.0.1"));
    EXPECT_NE(key_of("127.0.0.1"), key_of("127.0.0.2"));
    EXPECT_NE(key_of("10.0.0.1"), key_of("10.0.1.1"));
}

TEST(rpc_source_key, V4MappedAddressIsTheSameSourceAsItsIpv4Address) {
    EXPECT_EQ(key_of("::ffff:192.0.2.7"), key_of("192.0.2.7"));
    EXPECT_NE(key_of("::ffff:192.0.2.7"), key_of("::ffff:192.0.2.8"));
}

TEST(rpc_source_key, Ipv6AddressesOfOneSlash64AreOneSource) {
    EXPECT_EQ(key_of("2001:db8:1:2::1"), key_of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    EXPECT_NE(key_of("2001:db8:1:2::1"), key_of("2001:db8:1:3::1"));
    EXPECT_NE(key_of("::1"), key_of("127.0.0.1"));
}

}  // namespace
}  // namespace folio::rpc::detail

// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"ac6734ed7811ab42f74247b2a3274c590569d2b04f19e764d512b87b4488b96b"})",
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","op":"account_register","pubkey":"ac6734ed7811ab42f74247b2a3274c590569d2b04f19e764d512b87b4488b96b"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1mcgwnjzh6mung9dcr9r3afjzmgphjtyfg08a5u93nhz2lvaq9r7syl4ar5","amount":"1000"},{"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","amount":"500"},{"account":"folio1ptv5hw3e8x2t45ep7dduke8z3mkyvcya7sk8kh0fsvw8z4gez8dqht6p92","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1mcgwnjzh6mung9dcr9r3afjzmgphjtyfg08a5u93nhz2lvaq9r7syl4ar5","amount":"1000"},{"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","amount":"500"},{"account":"folio1ptv5hw3e8x2t45ep7dduke8z3mkyvcya7sk8kh0fsvw8z4gez8dqht6p92","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6"})",
     R"({"amount":"50","asset":"ACME","from":"folio1xs9jfettp9uqdjdd3ddrxenyq6ajl27a3ea3l35cd7u2fwke2d9qyr7t36","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio1qtng88hs368gvgw690x0psaj9ylqnnty9zmsltaagunmvy8mn4gsxuy4y6","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"b7cb7cf848f77f5bb7136f26bad1716135dbbe4bb0682bc99e9c1d48b6de64d4","op":"key_rotate"})",
     R"({"new_pubkey":"b7cb7cf848f77f5bb7136f26bad1716135dbbe4bb0682bc99e9c1d48b6de64d4","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"dd27ec85e055367963c5e00002252852ea085a9709952c0ce60bc8fcc263de04","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"dd27ec85e055367963c5e00002252852ea085a9709952c0ce60bc8fcc263de04","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"fc99b8280cbb781535d879cd711a6e32c8ba00b196b8af54df985fdc64b74dc4","weight":1},{"pubkey":"011ac1fd11f0e9e61c5592476fcdbb88b456a429f31c599092583bfbccaaae4c","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"fc99b8280cbb781535d879cd711a6e32c8ba00b196b8af54df985fdc64b74dc4","weight":1},{"pubkey":"011ac1fd11f0e9e61c5592476fcdbb88b456a429f31c599092583bfbccaaae4c","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

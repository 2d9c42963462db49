// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"ff83dda37b0b7a7088962aa37323c440f77cec9d0f922e1275eeece22b5d738f"})",
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","op":"account_register","pubkey":"ff83dda37b0b7a7088962aa37323c440f77cec9d0f922e1275eeece22b5d738f"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1qpvs3ptr8crkqw0pyvn4jppuet53mp5333406ekswdsa5j7q4u2qfd8yuk","amount":"1000"},{"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","amount":"500"},{"account":"folio1ept3fhj32damc9w3fv5c9grxnaqxkl4ld3k5vdnq64nrgyhptggq9f3z58","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1qpvs3ptr8crkqw0pyvn4jppuet53mp5333406ekswdsa5j7q4u2qfd8yuk","amount":"1000"},{"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","amount":"500"},{"account":"folio1ept3fhj32damc9w3fv5c9grxnaqxkl4ld3k5vdnq64nrgyhptggq9f3z58","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f"})",
     R"({"amount":"50","asset":"ACME","from":"folio1z44ech6l9akxwgwa3cysn3wknkv0fk2wnlkc86rd7kxj6fs46dmqj6w8e3","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio10srhm6zyc3h5ydrlmyppz9an4njdu4un6nfumygj42lafsmeynrqsus90f","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"3f9323cf8802e5eaf375be61c9c55e50b7df1905d5512d174405f10f61d993a2","op":"key_rotate"})",
     R"({"new_pubkey":"3f9323cf8802e5eaf375be61c9c55e50b7df1905d5512d174405f10f61d993a2","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"88a031e1a9c8f6fd99c8e268bb5efb1c8689539165c170c8124a05cc03216018","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"88a031e1a9c8f6fd99c8e268bb5efb1c8689539165c170c8124a05cc03216018","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"2c902ca7a0be2df5bb7b665c4019697080a0df40a1d85913ae60a2c92fd4bd6b","weight":1},{"pubkey":"1e11a62c388df890ea7e6cf59f64b111a88c7ddb3523cc7f652eadd282d8f98f","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"2c902ca7a0be2df5bb7b665c4019697080a0df40a1d85913ae60a2c92fd4bd6b","weight":1},{"pubkey":"1e11a62c388df890ea7e6cf59f64b111a88c7ddb3523cc7f652eadd282d8f98f","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

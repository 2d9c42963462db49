// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"e213e9626198f4380b208f2a8246d9af128eff6b4af73e51a6eaea2cc62b643a"})",
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","op":"account_register","pubkey":"e213e9626198f4380b208f2a8246d9af128eff6b4af73e51a6eaea2cc62b643a"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1l3r5zmqpgxpfdjxnamarkawr5k5zle5kc0h7xmm3ks6upqexj42sr8um7l","amount":"1000"},{"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","amount":"500"},{"account":"folio1lcrqp36vfharpckdhkmu9f2xyf3m62erds6wyuyk7juaz66ddk6qpsne9t","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1l3r5zmqpgxpfdjxnamarkawr5k5zle5kc0h7xmm3ks6upqexj42sr8um7l","amount":"1000"},{"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","amount":"500"},{"account":"folio1lcrqp36vfharpckdhkmu9f2xyf3m62erds6wyuyk7juaz66ddk6qpsne9t","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn"})",
     R"({"amount":"50","asset":"ACME","from":"folio1zseh6wqc37mckeyygg524hdz3crpetmn2er2nveauvqnu5em4sksyqvsuh","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio1wmuznc3y7anz5tnzp6n0wyh8yujjc0p3d2d3grffulaxqjavlkuqas8stn","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"938ba518e40e72287d571b6bf6332be5390acfcdd75b58de14ab12fefc362a46","op":"key_rotate"})",
     R"({"new_pubkey":"938ba518e40e72287d571b6bf6332be5390acfcdd75b58de14ab12fefc362a46","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"1516ae1246b59addb4f2adbac7dc15622437e1b945ecd32549aff77f72b7e112","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"1516ae1246b59addb4f2adbac7dc15622437e1b945ecd32549aff77f72b7e112","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"20b5ae0fa31247572d62072b9c01166baa668ef7833ad567ce9526ee7c278f39","weight":1},{"pubkey":"b978825cfc309810dbb5d11b78ebab84fedf7dba28fd2a11f0705c907d28ecb0","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"20b5ae0fa31247572d62072b9c01166baa668ef7833ad567ce9526ee7c278f39","weight":1},{"pubkey":"b978825cfc309810dbb5d11b78ebab84fedf7dba28fd2a11f0705c907d28ecb0","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

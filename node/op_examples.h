// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"1e6c090f801861bb7762e6a36ea34a0e910580478d61e038ed0abd1be3fdfd0d"})",
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","op":"account_register","pubkey":"1e6c090f801861bb7762e6a36ea34a0e910580478d61e038ed0abd1be3fdfd0d"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1xnrfs8kgkl4upn0g858fd0ms8nn9y4hwg9kx0hctumuyt46wutmqk5xcqr","amount":"1000"},{"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","amount":"500"},{"account":"folio1saa6h4ue677n0jzyecufzuta04zx6x7hq8jdsed8u5jsk5nnrgaqgtm0xl","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1xnrfs8kgkl4upn0g858fd0ms8nn9y4hwg9kx0hctumuyt46wutmqk5xcqr","amount":"1000"},{"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","amount":"500"},{"account":"folio1saa6h4ue677n0jzyecufzuta04zx6x7hq8jdsed8u5jsk5nnrgaqgtm0xl","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex"})",
     R"({"amount":"50","asset":"ACME","from":"folio1fngettrk53d32zvseg5gqx326gf3wplqedxsvm4v2nqc7knqsyasurskz6","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio1la4tly3ll6d4nymqqck2alx7sw0lkznetymwlhmvsfpnz58jxsasekkcex","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"65b13af0b687d0f44f8b2c94fa92696f82cded656eb6976d6d883f5888d5ed22","op":"key_rotate"})",
     R"({"new_pubkey":"65b13af0b687d0f44f8b2c94fa92696f82cded656eb6976d6d883f5888d5ed22","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"d63dc4a29f91941c3ec4f804d484c94db144616914c7c4289a55df0800abaa89","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"d63dc4a29f91941c3ec4f804d484c94db144616914c7c4289a55df0800abaa89","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"ad19f2edf32651ffe19c681d23e924dcb85bd2d111fdc5d36978a3e8eb712020","weight":1},{"pubkey":"2e974f9f113e848d2dac8cbf89cf805efe8d6043413bedaa3f1176a19d6e8320","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"ad19f2edf32651ffe19c681d23e924dcb85bd2d111fdc5d36978a3e8eb712020","weight":1},{"pubkey":"2e974f9f113e848d2dac8cbf89cf805efe8d6043413bedaa3f1176a19d6e8320","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

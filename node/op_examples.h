// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"9ef7d36fff73f23a02cd2557eafde204fc6b22a7592cd823513cbaa3b6d1f2e2"})",
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","op":"account_register","pubkey":"9ef7d36fff73f23a02cd2557eafde204fc6b22a7592cd823513cbaa3b6d1f2e2"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1v0sz0pnw62d0m2f3r7vxrufdfhx462m2wa6cgq86n8ja32lfpl0qmqzzh6","amount":"1000"},{"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","amount":"500"},{"account":"folio16waf74gzm6ehstpjmrr6q28q3lxpvgmpkpm7vyjyrlqupkj3r43qvpkaqv","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1v0sz0pnw62d0m2f3r7vxrufdfhx462m2wa6cgq86n8ja32lfpl0qmqzzh6","amount":"1000"},{"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","amount":"500"},{"account":"folio16waf74gzm6ehstpjmrr6q28q3lxpvgmpkpm7vyjyrlqupkj3r43qvpkaqv","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq"})",
     R"({"amount":"50","asset":"ACME","from":"folio1ltsue8mz93y2vu382u8qx2gxyq27lqf0lty0xggemhvgfjjzuc8qz7fd9k","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio1g7cte7q09aecnztjaut5vwr3n87gcfgu3ywpv9rksnqkp7m8n8gs3pyezq","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"800ea39b2e757ca1d4ee55cccdb8dafc20bc8c55a720e06f0bfe8348d3f90a85","op":"key_rotate"})",
     R"({"new_pubkey":"800ea39b2e757ca1d4ee55cccdb8dafc20bc8c55a720e06f0bfe8348d3f90a85","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"7b048f06cc73e078d5e2816955c4686212bb9128c7021bf63b67dc2639de3c9b","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"7b048f06cc73e078d5e2816955c4686212bb9128c7021bf63b67dc2639de3c9b","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"f32fc25c1162d9c49ddc6942b212f169b6e35a43a4f8ff814acce51f8e2adc56","weight":1},{"pubkey":"11cae7098d105396037f4deaab4b3281fdc70d82aad1c448bd887c0a95383cf3","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"f32fc25c1162d9c49ddc6942b212f169b6e35a43a4f8ff814acce51f8e2adc56","weight":1},{"pubkey":"11cae7098d105396037f4deaab4b3281fdc70d82aad1c448bd887c0a95383cf3","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

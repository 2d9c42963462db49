// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"1b88ac45c2b7500301d2de0094969793c520b3df985a29f92078af8ad7bb5c3a"})",
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","op":"account_register","pubkey":"1b88ac45c2b7500301d2de0094969793c520b3df985a29f92078af8ad7bb5c3a"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio14mcqd4m7rn52c98g7aw939flh97nw5ak2tsn0mvj59s8vzf94wyqy3pz5x","amount":"1000"},{"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","amount":"500"},{"account":"folio1xa6n34kmuyn3lafz2l6kgldthuv9exv9kw8hgzyylrenk7u9w79q5mjwh0","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio14mcqd4m7rn52c98g7aw939flh97nw5ak2tsn0mvj59s8vzf94wyqy3pz5x","amount":"1000"},{"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","amount":"500"},{"account":"folio1xa6n34kmuyn3lafz2l6kgldthuv9exv9kw8hgzyylrenk7u9w79q5mjwh0","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh"})",
     R"({"amount":"50","asset":"ACME","from":"folio109m05yk8wkzgg3uzwzf0gqhn3f5a6zlsf54djvhck2xjsfdcj6nqlq9wak","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio1te7uqk77xkdpfuaflxf0yg0phtc8mxd607f928p9wysag957w02qmtrcmh","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"86531cd368c2e0f0613327004eab6712508ffa5274e2e1dd1e188910e3175c22","op":"key_rotate"})",
     R"({"new_pubkey":"86531cd368c2e0f0613327004eab6712508ffa5274e2e1dd1e188910e3175c22","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
};

}  // namespace folio::node::op_examples

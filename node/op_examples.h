// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"07bf4fed7a166191fd9b89d7fdcab41583ae8e785a38492bcb2e7d4acac684bd"})",
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","op":"account_register","pubkey":"07bf4fed7a166191fd9b89d7fdcab41583ae8e785a38492bcb2e7d4acac684bd"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1r2se0wd6pxrqj488874xsmwlhsqzmkra5x08cl5zmgfmte5y72vqp3qzmr","amount":"1000"},{"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","amount":"500"},{"account":"folio1tj8ya7japnmxu0e6qyxq38s099j2ymmquqhglf04jjz2xrz8r97sg0fy8f","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio1r2se0wd6pxrqj488874xsmwlhsqzmkra5x08cl5zmgfmte5y72vqp3qzmr","amount":"1000"},{"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","amount":"500"},{"account":"folio1tj8ya7japnmxu0e6qyxq38s099j2ymmquqhglf04jjz2xrz8r97sg0fy8f","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg"})",
     R"({"amount":"50","asset":"ACME","from":"folio1jwqe0p8eq3fngs47emv5ggs0mnxmps6uaxqzyqw5lclmf55vdyuqcmatpu","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio19yck4wd8lqpd82n9d5nrvcym5a447uu2tk84hupg9d2tzpeen7qqj9v0fg","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"b1967a782db7dd2fe59c644c454271b434d3c31b645d2941c32d2415b82f2dd3","op":"key_rotate"})",
     R"({"new_pubkey":"b1967a782db7dd2fe59c644c454271b434d3c31b645d2941c32d2415b82f2dd3","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"9a69b72c3e00e3fc3944bc3f56ecf66a607f1c6537697f6d506449d06694f4d2","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"9a69b72c3e00e3fc3944bc3f56ecf66a607f1c6537697f6d506449d06694f4d2","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"4fff28a8b28c6086213419e719ec02505c09bfaddd313c35ab579ed9cd197f70","weight":1},{"pubkey":"4efd1f425d1f9e86db0882b3ee8d4e9226bf1ebed2a09e4642ec85cc97c42f28","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"4fff28a8b28c6086213419e719ec02505c09bfaddd313c35ab579ed9cd197f70","weight":1},{"pubkey":"4efd1f425d1f9e86db0882b3ee8d4e9226bf1ebed2a09e4642ec85cc97c42f28","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

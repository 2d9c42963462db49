// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"91042ba9b7c5ee3fee20420d5f40e9d13d4129f5ee88514460be77fd30b05921"})",
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","op":"account_register","pubkey":"91042ba9b7c5ee3fee20420d5f40e9d13d4129f5ee88514460be77fd30b05921"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio14yc3ywue0g0q7erw0arft3kwu9t77av89vc6gmreu2vzp9al4msqtefe6a","amount":"1000"},{"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","amount":"500"},{"account":"folio1n3wu9u2y5cescfkyg6n8lmcw2dxaelq2hvqmcaumyp8phfju2qksvadgcf","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio14yc3ywue0g0q7erw0arft3kwu9t77av89vc6gmreu2vzp9al4msqtefe6a","amount":"1000"},{"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","amount":"500"},{"account":"folio1n3wu9u2y5cescfkyg6n8lmcw2dxaelq2hvqmcaumyp8phfju2qksvadgcf","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4"})",
     R"({"amount":"50","asset":"ACME","from":"folio1lztla670qxsjzd7hzf4g5ztt6d0zfdk6flvwuce8zl4mev78vscq5gqkmy","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio1jgrevsel87xk5rneql3ucchu4pkvcnqhn20dqnxlwquw5fm3cghs7zkfk4","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"831cb242236e2a79f39e673afbf91734e0fdd2f5ff39b9068f7c82577db12f5e","op":"key_rotate"})",
     R"({"new_pubkey":"831cb242236e2a79f39e673afbf91734e0fdd2f5ff39b9068f7c82577db12f5e","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
    {"validator_set_update", "registrar", 15,
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"e5d4337d5cd6f48468220c26d4f002b36139f09622639511123abd83ef5161a5","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})",
     R"({"op":"validator_set_update","validators":[{"consensus_pubkey":"e5d4337d5cd6f48468220c26d4f002b36139f09622639511123abd83ef5161a5","name":"validator-0","p2p_pubkey":"2222222222222222222222222222222222222222222222222222222222222222","power":2}]})"},
    {"key_set_update", "bob", 16,
     R"({"keys":[{"pubkey":"0a804827dca89be34abedeb02cc516dea9958743141c10cfa06eaeef0a68d052","weight":1},{"pubkey":"106fbe89dd127da734c4533e195ea7bcf434c7f4fe477c2415d0c9003da4b84e","weight":1}],"op":"key_set_update","threshold":1})",
     R"({"keys":[{"pubkey":"0a804827dca89be34abedeb02cc516dea9958743141c10cfa06eaeef0a68d052","weight":1},{"pubkey":"106fbe89dd127da734c4533e195ea7bcf434c7f4fe477c2415d0c9003da4b84e","weight":1}],"op":"key_set_update","threshold":1})"},
};

}  // namespace folio::node::op_examples

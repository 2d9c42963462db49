// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which regenerates
// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.
#pragma once

#include "node/op_reference.h"

namespace folio::node::op_examples {

inline constexpr OpExample kOpExamples[] = {
    {"account_register", "operator", 1,
     R"({"op":"account_register","pubkey":"ac75fee3e8b68de8505ef9340f3139ab37ed39f6b33576b135bd1c4265c80982"})",
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","op":"account_register","pubkey":"ac75fee3e8b68de8505ef9340f3139ab37ed39f6b33576b135bd1c4265c80982"})"},
    {"kyc_attest", "registrar", 2,
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})",
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","category":"retail","doc_hash":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","expires_ms":4102444800000,"level":1,"op":"kyc_attest"})"},
    {"asset_create", "issuer", 4,
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})",
     R"({"class":"equity","decimals":0,"max_supply":"1000000","metadata_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","op":"asset_create","policy":{"kyc_min_level":1,"max_holders":500,"transferable":true},"symbol":"ACME"})"},
    {"issue", "issuer", 5,
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio16vyevgxgjsxhaes6luylxq3r3hmg7jehk6a95uwj0nr7q5rp3r3s77tzzu","amount":"1000"},{"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","amount":"500"},{"account":"folio15lx9e2kts9d3p79vpufvx2zxhfhy2d8kpq5s32u733z7zqr4e2nsjqpwgv","amount":"100"}]})",
     R"({"asset":"ACME","op":"issue","to":[{"account":"folio16vyevgxgjsxhaes6luylxq3r3hmg7jehk6a95uwj0nr7q5rp3r3s77tzzu","amount":"1000"},{"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","amount":"500"},{"account":"folio15lx9e2kts9d3p79vpufvx2zxhfhy2d8kpq5s32u733z7zqr4e2nsjqpwgv","amount":"100"}]})"},
    {"transfer", "alice", 6,
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm"})",
     R"({"amount":"10","asset":"ACME","op":"transfer","to":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm"})"},
    {"burn", "issuer", 7,
     R"({"amount":"40","asset":"ACME","op":"burn"})",
     R"({"amount":"40","asset":"ACME","op":"burn"})"},
    {"freeze", "issuer", 8,
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","amount":"100","asset":"ACME","op":"freeze"})",
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","amount":"100","asset":"ACME","op":"freeze"})"},
    {"unfreeze", "issuer", 9,
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","amount":"100","asset":"ACME","op":"unfreeze"})",
     R"({"account":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","amount":"100","asset":"ACME","op":"unfreeze"})"},
    {"forced_transfer", "registrar", 10,
     R"({"amount":"50","asset":"ACME","from":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm"})",
     R"({"amount":"50","asset":"ACME","from":"folio1dskuc0xwnerffrt9vfyh9p9ucduk6t6zrcxkmaapqq5q8v8jg3ksf8unp9","legal_ref":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","op":"forced_transfer","to":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm"})"},
    {"role_grant", "registrar", 11,
     R"({"account":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm","asset":"ACME","op":"role_grant","role":"issuer"})",
     R"({"account":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm","asset":"ACME","op":"role_grant","role":"issuer"})"},
    {"role_revoke", "registrar", 12,
     R"({"account":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm","asset":"ACME","op":"role_revoke","role":"issuer"})",
     R"({"account":"folio132mzlpl559chm5pjcpcfxr4nfuqjf8p0y2k5x2z0k3yu9jvdwx5sqz6xsm","asset":"ACME","op":"role_revoke","role":"issuer"})"},
    {"key_rotate", "carol", 13,
     R"({"new_pubkey":"71c35deeff1649e55fe9b6a3f41fd6a26c96838f56dbe0f5dabcdeeacbe61b9e","op":"key_rotate"})",
     R"({"new_pubkey":"71c35deeff1649e55fe9b6a3f41fd6a26c96838f56dbe0f5dabcdeeacbe61b9e","op":"key_rotate"})"},
    {"param_update", "registrar", 14,
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})",
     R"({"name":"tx_max_wait_blocks","op":"param_update","value":20000})"},
};

}  // namespace folio::node::op_examples

#include "tests/audit/import_test_register.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/crypto/hash.h"
#include "chain/crypto/schnorr.h"

namespace folio::audit::test {

TestRegister::TestRegister() {
    const std::string kyc = ",1,retail,2045-01-01,";
    lines["accounts.csv"] = {
        "holder_id,pubkey,kyc_level,kyc_category,kyc_expires,kyc_doc_hash",
        "A1," + pubkey_hex(1) + kyc + std::string(64, 'a'),
        "A2," + pubkey_hex(2) + kyc + std::string(64, 'b'),
        "A3," + pubkey_hex(3) + ",2,professional,2044-06-30T12:00:00Z," + std::string(64, 'c'),
        "A4," + pubkey_hex(4) + ",,,,"};
    lines["assets.csv"] = {
        "symbol,class,decimals,max_supply,kyc_min_level,max_holders,transferable,metadata_hash",
        "EURL,currency,2,1000000.00,,,true,", "ACME,equity,0,10000,,100,true," + std::string(64, 'd'),
        "BOND,minibond,0,500,2,,false,", "MISC,other,0,100,,,,"};
    lines["holdings.csv"] = {"symbol,holder_id,amount,frozen",
                             "EURL,A1,100.50,0.00",
                             "EURL,A2,50.00,10.00",
                             "EURL,A3,10.00,0.00",
                             "ACME,A1,60,0",
                             "ACME,A2,40,40",
                             "BOND,A3,20,0",
                             "MISC,A4,5,0"};
    lines["movements.csv"] = {"seq,date,symbol,type,from_holder,to_holder,amount,campaign,reference",
                              "1,2020-01-02,EURL,issue,,A1,200.50,,r1",
                              "2,2020-01-02,EURL,issue,,A2,50.00,,r2",
                              "3,2020-01-03,EURL,issue,,A3,10.00,,r3",
                              "4,2020-02-01,EURL,redemption,A1,,50.00,,r4",
                              "5,2021-03-04,ACME,issue,,A1,100,,\"board, 2021\"",
                              "6,2022-05-06,ACME,transfer,A1,A2,40,,r6",
                              "7,2022-05-07,BOND,issue,,A3,20,,r7",
                              "8,2023-01-01,MISC,issue,,A4,5,,r8",
                              "9,2026-11-20,EURL,subscription,A1,,50.00,C1,r9"};
    lines["schedules.csv"] = {"symbol,instalment,due_date,currency,principal,interest,status,paid_date",
                              "BOND,1,2025-06-30,EURL,1000.00,60.00,paid,2025-06-30",
                              "BOND,2,2026-06-30,EURL,1000.00,30.00,paid,2026-07-01",
                              "BOND,3,2027-06-30,EURL,1000.00,0.00,due,"};
    lines["campaigns.csv"] = {
        "campaign_id,symbol,currency,price,target,min_ticket,opens,closes,collected,units_sold",
        "C1,ACME,EURL,25.00,100,25.00,2026-11-01,2026-12-31,50.00,2"};
    lines["subscriptions.csv"] = {"campaign_id,holder_id,units,amount,date", "C1,A1,2,50.00,2026-11-20"};
    declared_supply = {{"EURL", "210.50"}, {"ACME", "100"}, {"BOND", "20"}, {"MISC", "5"}};
}

void TestRegister::write(const std::string& dir) const {
    nlohmann::json files = nlohmann::json::object();
    for (const auto& [name, rows] : lines) {
        std::string text;
        for (const auto& l : rows) text += l + "\r\n";
        files[name] = {{"sha256", to_hex(crypto::sha256(as_bytes(text)))}, {"rows", rows.size() - 1}};
        if (auto extra = appended_after_hash.find(name); extra != appended_after_hash.end())
            text += extra->second;
        std::ofstream(dir + "/" + name, std::ios::binary) << text;
    }
    nlohmann::json manifest = {{"format", "folio-import"}, {"version", 1},
                               {"import_id", import_id},   {"cutover", "2026-11-30T00:00:00Z"},
                               {"files", files},           {"supply", declared_supply}};
    std::ofstream(dir + "/manifest.json", std::ios::binary) << manifest.dump(2);
}

std::string TestRegister::pubkey_hex(unsigned n) {
    std::array<uint8_t, 32> secret{};
    for (int i = 0; i < 4; ++i) secret[31 - i] = static_cast<uint8_t>(n >> (8 * i));
    return to_hex(crypto::SecretKey::from_bytes(secret)->pubkey());
}

std::string TestRegister::off_curve_hex() {
    PubKey x{};
    x[31] = 5;
    while (crypto::is_valid_pubkey(x)) ++x[31];
    return to_hex(x);
}

}  // namespace folio::audit::test

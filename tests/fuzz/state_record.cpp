// State records (chain/state.h): the first byte picks the record (0 account, 1 asset, 2 balance, 3 policy),
// the rest is its encoding. A decoded record re-encodes to the same bytes, and decoding its encoding gives it
// back.
#include "chain/state.h"
#include "fuzz.h"

namespace {

template <typename Record>
void round_trip(folio::ByteView in) {
    Record record;
    if (!Record::decode(in, record)) return;
    FUZZ_CHECK(record.encode() == folio::Bytes(in.begin(), in.end()));
    Record again;
    FUZZ_CHECK(Record::decode(record.encode(), again) && again == record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const folio::ByteView in = folio::fuzz::input(data + 1, size - 1);
    switch (data[0] % 4) {
        case 0: {
            round_trip<folio::Account>(in);
            folio::Account a;
            if (folio::Account::decode(in, a)) {
                FUZZ_CHECK(a.keys.size() <= folio::kMaxAccountKeys);
                FUZZ_CHECK(!a.kyc || a.kyc->category.size() <= folio::kMaxCategoryLength);
            }
            break;
        }
        case 1: {
            round_trip<folio::Asset>(in);
            folio::Asset a;
            if (folio::Asset::decode(in, a)) {
                FUZZ_CHECK(folio::is_valid_symbol(a.symbol) || a.symbol.size() <= folio::kMaxSymbolLength);
                FUZZ_CHECK(static_cast<uint8_t>(a.asset_class) < folio::kAssetClassCount);
            }
            break;
        }
        case 2:
            round_trip<folio::Balance>(in);
            break;
        case 3: {
            folio::Policy p;
            std::string why;
            if (folio::Policy::decode(in, p, why)) {
                FUZZ_CHECK(p.encode() == folio::Bytes(in.begin(), in.end()));
            } else {
                FUZZ_CHECK(!why.empty());
            }
            break;
        }
    }
    return 0;
}

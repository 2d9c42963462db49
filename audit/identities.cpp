#include "audit/identities.h"

#include "audit/csv.h"
#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "keys/file_io.h"

namespace folio::audit {

namespace {
constexpr size_t kMaxIdentitiesBytes = 64u << 20;
}

Result<Identities> read_identities(const std::string& path) {
    auto text = keys::read_file_bounded(path, kMaxIdentitiesBytes);
    if (!text) return make_error(text.reason(), "--identities: " + text.error().message);
    auto records = parse_csv(*text, path);
    if (!records) return records.error();
    auto bad = [&](size_t line, size_t column, const std::string& why) {
        return make_error(Reason::INVALID_ARGUMENT,
                          path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + why);
    };
    const std::vector<std::string> header = {"address", "holder_ref", "name", "postal_address"};
    if (records->empty() || (*records)[0].fields != header)
        return bad(1, 1, "the header must be address,holder_ref,name,postal_address");
    Identities out;
    out.sha256 = crypto::sha256(ByteView(reinterpret_cast<const uint8_t*>(text->data()), text->size()));
    for (size_t i = 1; i < records->size(); ++i) {
        const CsvRecord& r = (*records)[i];
        if (r.fields.size() != 4)
            return bad(r.line, 1, std::to_string(r.fields.size()) + " fields, not 4");
        auto id = crypto::decode_address(r.fields[0]);
        if (!id) return bad(r.line, 1, "not a Folio address: " + r.fields[0]);
        if (!out.by_account.emplace(*id, Identity{r.fields[1], r.fields[2], r.fields[3]}).second)
            return bad(r.line, 1, "address given twice: " + r.fields[0]);
    }
    return out;
}

}  // namespace folio::audit

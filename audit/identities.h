// The platform's identities file (--identities FILE), joined to the register at export time: names and
// postal addresses are never on chain, only in this file the platform keeps.
//
//   address,holder_ref,name,postal_address        (header row required, then one row per address)
//
// In the CSV dialect of audit/csv.h. Each problem is FILE:LINE:COLUMN: reason (INVALID_ARGUMENT): a header
// other than the one above, a row without exactly four fields, an address that is not a Folio address, an
// address given twice. At most 64 MiB.
#pragma once

#include <map>
#include <string>

#include "chain/result.h"
#include "chain/types.h"

namespace folio::audit {

struct Identity {
    std::string holder_ref, name, postal_address;
};

struct Identities {
    std::map<AccountId, Identity> by_account;
    Hash256 sha256{};  // of the file's bytes, for the manifest
};

Result<Identities> read_identities(const std::string& path);

}  // namespace folio::audit

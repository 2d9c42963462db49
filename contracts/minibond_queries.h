// The read query of the minibond instrument: asset_schedule, a minibond's terms and amortization table with
// each instalment's status, over a committed view.
#pragma once

#include "chain/registry.h"

namespace folio::contracts {

InstrumentQuery make_asset_schedule_query();

}  // namespace folio::contracts

// The read query of the equity instrument: pending_list, the pending transfer requests of approval assets,
// over a committed view.
#pragma once

#include "chain/registry.h"

namespace folio::contracts {

InstrumentQuery make_pending_list_query();
InstrumentQuery make_policy_get_query();

}  // namespace folio::contracts

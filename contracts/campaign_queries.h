// The read queries of the campaign instrument (campaign_get, campaign_list), over a committed view.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "chain/registry.h"
#include "contracts/campaign_state.h"

namespace folio::contracts {

// What campaign_get answers for one campaign (and campaign_list for each).
Result<nlohmann::json> campaign_json(const InstrumentId& id, const Campaign& campaign,
                                     const DecimalsLookup& decimals);

std::vector<InstrumentQuery> make_campaign_queries();

}  // namespace folio::contracts

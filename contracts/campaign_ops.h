// The execution of the campaign ops (contracts/campaign.h) over an OpContext: each checks its rules against
// the state, then moves funds and writes the campaign's records; a refusal returns before any write that
// would outlive the op (the executor rolls back the op's writes on error anyway). The instrument class in
// contracts/campaign.cpp decodes the payloads and dispatches here.
#pragma once

#include "contracts/campaign.h"

namespace folio::contracts {

Status apply_campaign_create(const CampaignCreateOp& op, OpContext& ctx);
// Eligibility for the securities (KYC, freezes, max supply, holder limit) is checked here, so that
// settlement cannot fail on them.
Status apply_campaign_subscribe(const CampaignSubscribeOp& op, OpContext& ctx);
Status apply_campaign_withdraw(const CampaignWithdrawOp& op, OpContext& ctx);
// Fixes the outcome (success iff raised >= target) and settles a first page.
Status apply_campaign_close(const CampaignPageOp& op, OpContext& ctx);
Status apply_campaign_settle(const CampaignPageOp& op, OpContext& ctx);

}  // namespace folio::contracts

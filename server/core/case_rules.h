#ifndef BAOXUE_SERVER_CORE_CASE_RULES_H_
#define BAOXUE_SERVER_CORE_CASE_RULES_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "baoxue/v1/config.pb.h"
#include "server/store/case_store.h"

namespace baoxue::core {

// Fills unset fields of the case policy with their defaults (config.proto)
// and validates it: INVALID_ARGUMENT naming the field, e.g.
// "cases.levels[1].role: unknown role PRINCIPLE".
absl::Status ApplyCaseDefaults(baoxue::v1::CasePolicyConfig& config);

// The store's rules from a policy that went through ApplyCaseDefaults:
// CaseChain(config).StoreRules().
store::CaseRules CaseRulesFromConfig(
    const baoxue::v1::CasePolicyConfig& config);

// The default deadlines of chain level `level` (1..6; see config.proto).
absl::Duration DefaultAckWithin(int level);
absl::Duration DefaultResolveWithin(int level);

// The outbox channels (name and area) of the push configuration.
std::vector<store::OutboxChannel> OutboxChannelsFromConfig(
    const baoxue::v1::NotifyConfig& config);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_RULES_H_

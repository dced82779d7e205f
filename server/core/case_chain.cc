#include "server/core/case_chain.h"

#include <utility>

#include "absl/algorithm/container.h"
#include "absl/types/span.h"
#include "server/core/case_rules.h"

namespace baoxue::core {
namespace {

using domain::CaseKind;
using domain::CaseMessageKind;
using domain::CaseOutcome;
using domain::ChainRole;
using store::CaseRecipient;

// Every outcome a dropout-risk case may close with (DOMAIN.md).
constexpr CaseOutcome kDropoutRiskOutcomes[] = {
    CaseOutcome::kReturned, CaseOutcome::kTransferred,
    CaseOutcome::kHomeDelivery, CaseOutcome::kNotAtRisk,
    CaseOutcome::kMovedOut};

// Every outcome a verification task (核查任务) may close with: the reasons
// counties report (DOMAIN.md, 四查三比对), or confirmed out of school.
constexpr CaseOutcome kVerificationOutcomes[] = {
    CaseOutcome::kDeceased,
    CaseOutcome::kEmptyRegistration,
    CaseOutcome::kDualRegistration,
    CaseOutcome::kWrongIdentity,
    CaseOutcome::kNoSuchPerson,
    CaseOutcome::kInSchoolWithXueji,
    CaseOutcome::kInProvinceWithoutXueji,
    CaseOutcome::kOutsideProvince,
    CaseOutcome::kOverAge,
    CaseOutcome::kAbroad,
    CaseOutcome::kHomeDelivery,
    CaseOutcome::kMovedUnreachable,
    CaseOutcome::kConfirmedOut};

// One row per case kind: where it opens, how it may close, and which
// outcome opens a case of another kind for the student (persuasion to
// return, 劝返, after a confirmed suspect). A new kind is one row here and
// one entry in domain::CaseKind.
struct KindRow {
  CaseKind kind;
  ChainRole opens_at;
  absl::Span<const CaseOutcome> outcomes;
  std::optional<CaseOutcome> follow_up_outcome;
  CaseKind follow_up_kind;
};
constexpr KindRow kKinds[] = {
    {CaseKind::kDropoutRisk, ChainRole::kTeacher, kDropoutRiskOutcomes,
     std::nullopt, CaseKind::kDropoutRisk},
    {CaseKind::kVerification, ChainRole::kVillageHead, kVerificationOutcomes,
     CaseOutcome::kConfirmedOut, CaseKind::kDropoutRisk},
};

// Where a verification task opens, by the comparison that found its
// suspect (issue 12): household-registration suspects with the village
// head, 名在人不在 with the head teacher. Dropouts × poverty opens none.
struct ComparisonRow {
  domain::CheckComparison comparison;
  std::optional<ChainRole> opens_at;
};
constexpr ComparisonRow kComparisons[] = {
    {domain::CheckComparison::kRegistrationVsRoll, ChainRole::kVillageHead},
    {domain::CheckComparison::kRollVsAttendance, ChainRole::kTeacher},
    {domain::CheckComparison::kDropoutsVsPoverty, std::nullopt},
};
static_assert(sizeof(kComparisons) / sizeof(kComparisons[0]) ==
                  domain::kCheckComparisons,
              "every domain::CheckComparison needs a row in kComparisons");
static_assert(sizeof(kKinds) / sizeof(kKinds[0]) == domain::kCaseKinds,
              "every domain::CaseKind needs a row in kKinds");

const KindRow& RowOf(CaseKind kind) {
  for (const KindRow& row : kKinds) {
    if (row.kind == kind) return row;
  }
  return kKinds[0];  // unreachable: the static_assert keeps kKinds complete
}

// The tiers whose scores open a case whatever the previous score.
constexpr domain::RiskTier kOpeningTiers[] = {domain::RiskTier::kHigh};

}  // namespace

absl::StatusOr<CaseChain> CaseChain::Create(
    baoxue::v1::CasePolicyConfig policy) {
  const absl::Status status = ApplyCaseDefaults(policy);
  if (!status.ok()) return status;
  return CaseChain(policy);
}

CaseChain::CaseChain(const baoxue::v1::CasePolicyConfig& policy)
    : rise_threshold_(policy.rise_threshold()),
      reminder_interval_(absl::Hours(policy.reminder_interval_hours())) {
  for (int level = 1; level <= domain::kChainLevels; ++level) {
    ack_within_[level - 1] = DefaultAckWithin(level);
    resolve_within_[level - 1] = DefaultResolveWithin(level);
  }
  for (const baoxue::v1::LevelDeadlines& level : policy.levels()) {
    const std::optional<ChainRole> role =
        domain::Parse<ChainRole>(level.role());
    if (!role.has_value()) continue;  // ApplyCaseDefaults refuses it
    ack_within_[domain::LevelOf(*role) - 1] = absl::Hours(level.ack_hours());
    resolve_within_[domain::LevelOf(*role) - 1] =
        absl::Hours(level.resolve_hours());
  }
}

std::optional<domain::OpenReason> CaseChain::OpenReasonFor(
    domain::RiskTier tier, double probability,
    std::optional<double> previous_probability) const {
  if (absl::c_linear_search(kOpeningTiers, tier)) {
    return domain::OpenReason::kHighTier;
  }
  if (previous_probability.has_value() &&
      probability - *previous_probability >= rise_threshold_) {
    return domain::OpenReason::kRiskRise;
  }
  return std::nullopt;
}

CaseOpeningAction CaseChain::OpeningAction(bool flagged, bool has_open_case,
                                           bool has_closed_case) const {
  if (has_open_case) return CaseOpeningAction::kAttach;
  if (!flagged) return CaseOpeningAction::kNone;
  return has_closed_case ? CaseOpeningAction::kReopen
                         : CaseOpeningAction::kOpen;
}

int CaseChain::OpeningLevel(CaseKind kind) const {
  return domain::LevelOf(RowOf(kind).opens_at);
}

ChainRole CaseChain::OpeningRole(CaseKind kind) const {
  return RowOf(kind).opens_at;
}

std::optional<int> CaseChain::NextLevel(int level) const {
  if (level >= LastLevel()) return std::nullopt;
  return level + 1;
}

CaseDeadlines CaseChain::DeadlinesAt(int level, absl::Time start) const {
  return {start + ack_within_[level - 1], start + resolve_within_[level - 1]};
}

std::optional<OverdueReason> CaseChain::Overdue(const CaseDeadlines& deadlines,
                                                bool acknowledged,
                                                absl::Time now) {
  if (!acknowledged && deadlines.acknowledge <= now) {
    return OverdueReason::kNotAcknowledged;
  }
  if (deadlines.resolve <= now) return OverdueReason::kNotResolved;
  return std::nullopt;
}

bool CaseChain::AllowsOutcome(CaseKind kind, CaseOutcome outcome) const {
  return absl::c_linear_search(RowOf(kind).outcomes, outcome);
}

std::optional<CaseKind> CaseChain::FollowUpKind(CaseKind kind,
                                                CaseOutcome outcome) const {
  const KindRow& row = RowOf(kind);
  if (row.follow_up_outcome != outcome) return std::nullopt;
  return row.follow_up_kind;
}

std::optional<int> CaseChain::TaskOpeningLevel(
    domain::CheckComparison comparison) const {
  for (const ComparisonRow& row : kComparisons) {
    if (row.comparison == comparison && row.opens_at.has_value()) {
      return domain::LevelOf(*row.opens_at);
    }
  }
  return std::nullopt;
}

std::vector<CaseRecipient> CaseChain::Recipients(CaseKind kind, CaseStep step,
                                                 int level) const {
  const int opening = OpeningLevel(kind);
  // Everyone who held the case up to `last`, lowest level first.
  const auto held = [opening](int last, CaseMessageKind message) {
    std::vector<CaseRecipient> recipients;
    for (int held_level = opening; held_level <= last; ++held_level) {
      recipients.push_back({held_level, message});
    }
    return recipients;
  };
  switch (step) {
    case CaseStep::kOpened:
      // A verification task opens where its comparison says (level given).
      return {{level > 0 ? level : opening, CaseMessageKind::kAssigned}};
    case CaseStep::kReopened:
      return {{opening, CaseMessageKind::kReopened}};
    case CaseStep::kEscalated: {
      const std::optional<int> next = NextLevel(level);
      if (!next.has_value()) return {};
      // The earlier levels stay informed; the new level is told last, after
      // it took the case.
      std::vector<CaseRecipient> recipients =
          held(level, CaseMessageKind::kInformed);
      recipients.push_back({*next, CaseMessageKind::kEscalated});
      return recipients;
    }
    case CaseStep::kReminded:
      return {{level, CaseMessageKind::kOverdueReminder}};
    case CaseStep::kResolved:
      return held(level, CaseMessageKind::kResolved);
  }
  return {};
}

store::CaseRules CaseChain::StoreRules() const {
  store::CaseRules rules;
  rules.run_case_kind = RunCaseKind();
  rules.opening_tiers.assign(std::begin(kOpeningTiers),
                             std::end(kOpeningTiers));
  rules.tier_reason = domain::OpenReason::kHighTier;
  rules.rise_threshold = rise_threshold_;
  rules.rise_reason = domain::OpenReason::kRiskRise;
  rules.reopen_closed_case =
      OpeningAction(true, false, true) == CaseOpeningAction::kReopen;
  rules.last_level = LastLevel();
  rules.reminder_interval = reminder_interval_;
  rules.ack_within = ack_within_;
  rules.resolve_within = resolve_within_;
  for (int level = 1; level <= domain::kChainLevels; ++level) {
    rules.next_level[level - 1] = NextLevel(level).value_or(0);
  }
  for (const ComparisonRow& row : kComparisons) {
    rules.task_opening_level[static_cast<int>(row.comparison)] =
        TaskOpeningLevel(row.comparison).value_or(0);
  }
  for (const KindRow& row : kKinds) {
    store::CaseKindRules& kind = rules.kinds[static_cast<int>(row.kind)];
    kind.opening_level = OpeningLevel(row.kind);
    kind.allowed_outcomes.assign(row.outcomes.begin(), row.outcomes.end());
    kind.follow_up_outcome = row.follow_up_outcome;
    kind.follow_up_kind = row.follow_up_kind;
    kind.on_opened = Recipients(row.kind, CaseStep::kOpened);
    kind.on_reopened = Recipients(row.kind, CaseStep::kReopened);
    for (int level = 1; level <= domain::kChainLevels; ++level) {
      kind.on_escalated_from[level - 1] =
          Recipients(row.kind, CaseStep::kEscalated, level);
      kind.on_reminded_at[level - 1] =
          Recipients(row.kind, CaseStep::kReminded, level);
      kind.on_resolved_at[level - 1] =
          Recipients(row.kind, CaseStep::kResolved, level);
    }
  }
  return rules;
}

}  // namespace baoxue::core

#include "server/store/case_types.h"

#include <utility>

namespace baoxue::store {
namespace {

constexpr std::pair<CaseEventKind, absl::string_view> kEventKindNames[] = {
    {CaseEventKind::kCall, "call"},
    {CaseEventKind::kHomeVisit, "home_visit"},
    {CaseEventKind::kAidReferral, "aid_referral"},
    {CaseEventKind::kCommitmentSigned, "commitment_signed"},
    {CaseEventKind::kReturnNotice, "return_notice"},
    {CaseEventKind::kNote, "note"},
    {CaseEventKind::kEscalated, "escalated"},
    {CaseEventKind::kAcknowledged, "acknowledged"},
    {CaseEventKind::kResolved, "resolved"},
    {CaseEventKind::kReopened, "reopened"},
    {CaseEventKind::kOpened, "opened"},
    {CaseEventKind::kReminded, "reminded"},
    {CaseEventKind::kScoreAttached, "score_attached"},
};

constexpr std::pair<CaseOutcome, absl::string_view> kOutcomeNames[] = {
    {CaseOutcome::kReturned, "returned"},
    {CaseOutcome::kTransferred, "transferred"},
    {CaseOutcome::kHomeDelivery, "home_delivery"},
    {CaseOutcome::kNotAtRisk, "not_at_risk"},
    {CaseOutcome::kMovedOut, "moved_out"},
};

template <typename Enum, size_t N>
absl::string_view NameOf(const std::pair<Enum, absl::string_view> (&table)[N],
                         Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "";
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(
    const std::pair<Enum, absl::string_view> (&table)[N],
    absl::string_view name) {
  for (const auto& [entry, entry_name] : table) {
    if (entry_name == name) return entry;
  }
  return std::nullopt;
}

}  // namespace

absl::string_view CaseEventKindName(CaseEventKind kind) {
  return NameOf(kEventKindNames, kind);
}

std::optional<CaseEventKind> CaseEventKindFromName(absl::string_view name) {
  return ValueOf(kEventKindNames, name);
}

bool IsActionKind(CaseEventKind kind) {
  switch (kind) {
    case CaseEventKind::kCall:
    case CaseEventKind::kHomeVisit:
    case CaseEventKind::kAidReferral:
    case CaseEventKind::kCommitmentSigned:
    case CaseEventKind::kReturnNotice:
    case CaseEventKind::kNote:
      return true;
    default:
      return false;
  }
}

absl::string_view CaseOutcomeName(CaseOutcome outcome) {
  return NameOf(kOutcomeNames, outcome);
}

std::optional<CaseOutcome> CaseOutcomeFromName(absl::string_view name) {
  return ValueOf(kOutcomeNames, name);
}

}  // namespace baoxue::store

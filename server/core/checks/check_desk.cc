#include "server/core/checks/check_desk.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/area_access.h"

namespace baoxue::core::checks {
namespace {

// A check may look at most this far back or ahead of today.
constexpr int kMaxDaysFromToday = 3660;

}  // namespace

store::CheckRequest CheckDesk::RequestFor(const std::string& prefix,
                                          absl::CivilDay as_of,
                                          const std::string& actor) const {
  store::CheckRequest request;
  request.area_prefix = prefix;
  request.as_of = as_of;
  const BirthWindow window = rules_.SchoolAgeWindow(as_of);
  request.born_after = window.born_after;
  request.born_on_or_before = window.born_on_or_before;
  request.absence_days = rules_.absence_days();
  request.now = clock_->Now();
  request.actor = actor;
  for (const auto& term : domain::Vocabulary<domain::CheckComparison>::kTerms) {
    const std::optional<int> level = chain_.TaskOpeningLevel(term.value);
    if (!level.has_value()) continue;
    store::TaskOpening& opening = request.tasks[static_cast<int>(term.value)];
    opening.level = *level;
    opening.role = *domain::RoleAtLevel(*level);
    const CaseDeadlines deadlines =
        chain_.DeadlinesAt(*level, absl::UnixEpoch());
    opening.ack_within = deadlines.acknowledge - absl::UnixEpoch();
    opening.resolve_within = deadlines.resolve - absl::UnixEpoch();
    opening.on_opened = chain_.Recipients(domain::CaseKind::kVerification,
                                          CaseStep::kOpened, *level);
  }
  return request;
}

absl::StatusOr<CheckOutcome> CheckDesk::Run(
    const Caller& caller, absl::string_view area_code,
    std::optional<absl::CivilDay> as_of) const {
  BAOXUE_RETURN_IF_ERROR(RequireRole(
      caller, {store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
      "run the check"));
  const absl::CivilDay today = LocalDay(clock_->Now());
  const absl::CivilDay day = as_of.value_or(today);
  if (day - today > kMaxDaysFromToday || today - day > kMaxDaysFromToday) {
    return absl::InvalidArgumentError("as_of_date: within ten years of today");
  }
  CheckOutcome outcome;
  BAOXUE_ASSIGN_OR_RETURN(outcome.area,
                          ResolveArea(caller, area_code, *directory_));
  const std::string prefix(store::DivisionPrefix(outcome.area));
  const store::CheckRequest request =
      RequestFor(prefix, day, caller.Describe());
  outcome.as_of = day;
  outcome.school_age = {request.born_after, request.born_on_or_before};
  outcome.absence_days = request.absence_days;
  BAOXUE_ASSIGN_OR_RETURN(outcome.run, checks_->RunCheck(request));
  LogInfo(absl::StrCat(caller.Describe(), " ran the check of area ",
                       outcome.area.division_code));
  BAOXUE_ASSIGN_OR_RETURN(outcome.report, checks_->Report(prefix));
  return outcome;
}

absl::StatusOr<std::pair<store::Area, store::CheckReport>> CheckDesk::Report(
    const Caller& caller, absl::string_view area_code) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller,
                  {store::CallerRole::kOfficial, store::CallerRole::kDataStaff,
                   store::CallerRole::kAdmin},
                  "read the check's report"));
  BAOXUE_ASSIGN_OR_RETURN(store::Area area,
                          ResolveArea(caller, area_code, *directory_));
  BAOXUE_ASSIGN_OR_RETURN(
      store::CheckReport report,
      checks_->Report(std::string(store::DivisionPrefix(area))));
  return std::pair{std::move(area), std::move(report)};
}

}  // namespace baoxue::core::checks

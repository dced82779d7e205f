#include "server/core/risk_list.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "domain/division_code.h"
#include "server/core/area_access.h"
#include "server/core/name_mask.h"
#include "server/core/reason_text.h"

namespace baoxue::core {
namespace {

constexpr int kMaxLimit = 2000;
constexpr double kSameBelow = 0.01;

absl::Status CheckQuery(const RiskListQuery& query) {
  for (const std::string& tier : query.tiers) {
    if (tier != "high" && tier != "medium" && tier != "low") {
      return absl::InvalidArgumentError("tier: must be high, medium or low");
    }
  }
  if (query.sort != "probability" && query.sort != "trend" &&
      query.sort != "grade" && query.sort != "school" &&
      query.sort != "village") {
    return absl::InvalidArgumentError(
        "sort: must be probability, trend, grade, school or village");
  }
  if (query.limit < 1 || query.limit > kMaxLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: between 1 and ", kMaxLimit));
  }
  if (!query.village_code.empty()) {
    const absl::StatusOr<domain::DivisionCode> village =
        domain::DivisionCode::ParseFull(query.village_code);
    if (!village.ok() || village->level() != domain::AreaLevel::kVillage) {
      return absl::InvalidArgumentError("village: a 12-digit village code");
    }
  }
  return absl::OkStatus();
}

// An absence rate this high over the 30-day window is every school day.
constexpr double kAbsentEveryDay = 0.999;

ListedStudent ToListed(store::RiskListRow row, double mean_probability,
                       const FeatureWording* wording,
                       const std::string& model_version) {
  ListedStudent out;
  out.student_id = row.student_id;
  out.masked_name = MaskName(row.name);
  out.grade = row.grade;
  out.school_id = row.school_id;
  out.school = std::move(row.school);
  out.school_code = std::move(row.school_code);
  out.township = std::move(row.township);
  out.village_code = std::move(row.village_code);
  out.village = std::move(row.village);
  out.probability = row.probability;
  if (mean_probability > 0) {
    out.times_average = row.probability / mean_probability;
  }
  out.tier = row.tier;
  out.previous_probability = row.previous_probability;
  if (row.previous_probability.has_value()) {
    out.change = row.probability - *row.previous_probability;
    out.trend = std::abs(*out.change) < kSameBelow ? domain::RiskTrend::kSame
                : *out.change > 0                  ? domain::RiskTrend::kUp
                                                   : domain::RiskTrend::kDown;
  } else {
    out.trend = domain::RiskTrend::kNew;
  }
  for (const store::ListedReason& reason : row.reasons) {
    Reason r;
    r.feature = reason.feature;
    r.value = reason.value;
    r.contribution = reason.contribution;
    r.text =
        wording != nullptr
            ? wording->Describe(model_version, reason.feature, reason.value)
            : DescribeReason(reason.feature, reason.value);
    out.reasons.push_back(std::move(r));
  }
  out.case_id = row.case_id;
  out.case_status = row.case_status;
  out.case_level = row.case_level;
  out.case_overdue = row.case_overdue;
  out.out_of_school = row.on_roll_not_in_school;
  for (const store::ListedReason& reason : row.reasons) {
    if (reason.feature == "absence_rate_30d" &&
        reason.value >= kAbsentEveryDay) {
      out.out_of_school = true;
    }
  }
  return out;
}

// Strict weak order of the query's sort; ties: higher probability, then id.
bool Before(const RiskListQuery& query, bool ascending, const ListedStudent& a,
            const ListedStudent& b) {
  auto tie = [&] {
    if (a.probability != b.probability) return a.probability > b.probability;
    return a.student_id < b.student_id;
  };
  auto ordered = [&](const auto& x, const auto& y) {
    if (x == y) return tie();
    return ascending ? x < y : y < x;
  };
  if (query.sort == "trend") {
    // Students without an earlier score sort after those with one.
    if (a.change.has_value() != b.change.has_value()) {
      return a.change.has_value();
    }
    return ordered(a.change.value_or(0), b.change.value_or(0));
  }
  if (query.sort == "grade") return ordered(a.grade, b.grade);
  if (query.sort == "school") return ordered(a.school, b.school);
  if (query.sort == "village") return ordered(a.village, b.village);
  return ordered(a.probability, b.probability);
}

}  // namespace

absl::StatusOr<RiskListView> RiskListDesk::List(
    const Caller& caller, const RiskListQuery& query) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller,
                  {store::CallerRole::kOfficial, store::CallerRole::kAdmin,
                   store::CallerRole::kSystem},
                  "read risk lists"));
  BAOXUE_RETURN_IF_ERROR(CheckQuery(query));
  RiskListView view;
  BAOXUE_ASSIGN_OR_RETURN(view.area,
                          ResolveArea(caller, query.area_code, *directory_));
  std::optional<int64_t> school_id = query.school_id;
  if (school_id.has_value()) {
    if (!caller.CanSeeSchool(*school_id)) {
      return NotInCallersArea("school", *school_id);
    }
    absl::StatusOr<std::string> school_area =
        lists_->SchoolAreaCode(*school_id);
    if (!school_area.ok()) {
      return HideMissing(school_area.status(), "school", *school_id);
    }
    if (!caller.CanSeeVillage(*school_area)) {
      return NotInCallersArea("school", *school_id);
    }
  }
  if (!query.village_code.empty() &&
      !store::AreaContainsVillage(view.area, query.village_code)) {
    return absl::PermissionDeniedError(
        absl::StrCat("village ", query.village_code, " is outside the area"));
  }
  // A school-bound caller always gets its own school only.
  const std::optional<int64_t> scope_school =
      caller.school_id.has_value() ? caller.school_id : std::nullopt;

  store::RiskListFilter filter;
  filter.area_prefix = std::string(store::DivisionPrefix(view.area));
  filter.school_id = scope_school;
  filter.tiers = query.tiers;
  if (filter.tiers.empty()) filter.tiers = {"high", "medium"};

  // The run and its rows from one database (replica or primary), so a run
  // found is never read where it is not yet.
  std::vector<store::RiskListRow> rows;
  BAOXUE_RETURN_IF_ERROR(replica_.Read(
      caller, lists_, [&](store::RiskListStore& lists) -> absl::Status {
        BAOXUE_ASSIGN_OR_RETURN(
            view.run, lists.LatestRun(filter.area_prefix,
                                      scope_school ? scope_school : school_id));
        if (!view.run.has_value()) return absl::OkStatus();
        BAOXUE_ASSIGN_OR_RETURN(
            rows, lists.RunScores(*view.run, filter, clock_->Now()));
        return absl::OkStatus();
      }));
  if (!view.run.has_value()) {
    view.hint = absl::StrCat(
        "no risk run yet for this area; start one with: baoxue run --area ",
        view.area.division_code);
    return view;
  }
  BAOXUE_ASSIGN_OR_RETURN(view.run_mean_probability,
                          MeanProbability(view.run->run_id));
  LogInfo(absl::StrCat(caller.Describe(), " read risk list of area ",
                       view.area.division_code, " from run ",
                       view.run->run_id));

  std::map<int64_t, std::string> schools;
  std::map<std::string, std::string> villages;
  for (store::RiskListRow& row : rows) {
    schools.emplace(row.school_id, row.school);
    villages.emplace(row.village_code, row.village);
    if (school_id.has_value() && row.school_id != *school_id) continue;
    if (!query.village_code.empty() && row.village_code != query.village_code) {
      continue;
    }
    if (row.previous_as_of.has_value() &&
        (!view.previous_as_of.has_value() ||
         *row.previous_as_of > *view.previous_as_of)) {
      view.previous_as_of = row.previous_as_of;
    }
    view.students.push_back(ToListed(std::move(row), view.run_mean_probability,
                                     wording_, view.run->model_version));
  }
  view.schools.assign(schools.begin(), schools.end());
  view.villages.assign(villages.begin(), villages.end());
  view.total = static_cast<int64_t>(view.students.size());

  const bool ascending = query.ascending.value_or(query.sort != "probability" &&
                                                  query.sort != "trend");
  auto before = [&](const ListedStudent& a, const ListedStudent& b) {
    return Before(query, ascending, a, b);
  };
  const size_t keep =
      std::min(view.students.size(), static_cast<size_t>(query.limit));
  std::partial_sort(view.students.begin(), view.students.begin() + keep,
                    view.students.end(), before);
  view.students.resize(keep);
  return view;
}

absl::StatusOr<double> RiskListDesk::MeanProbability(int64_t run_id) const {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = run_means_.find(run_id); it != run_means_.end()) {
      return it->second;
    }
  }
  BAOXUE_ASSIGN_OR_RETURN(const double mean, lists_->MeanProbability(run_id));
  absl::MutexLock lock(&mu_);
  run_means_[run_id] = mean;
  return mean;
}

}  // namespace baoxue::core

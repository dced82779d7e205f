#ifndef BAOXUE_SERVER_CORE_RISK_LIST_H_
#define BAOXUE_SERVER_CORE_RISK_LIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "domain/vocabulary.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/core/feature_wording.h"
#include "server/core/read_router.h"
#include "server/core/risk_score.h"
#include "server/store/directory_store.h"
#include "server/store/risk_list_store.h"

namespace baoxue::core {

struct RiskListQuery {
  std::string area_code;  // empty: the caller's area
  std::optional<int64_t> school_id;
  std::string village_code;        // empty: every village
  std::vector<std::string> tiers;  // empty: high and medium
  std::string sort =
      "probability";              // probability, trend, grade, school, village
  std::optional<bool> ascending;  // default: descending for probability and
                                  // trend, ascending otherwise
  int limit = 500;                // 1..2000
};

// One student of an official's list. Masked name only.
struct ListedStudent {
  int64_t student_id = 0;
  std::string masked_name;
  int grade = 0;
  int64_t school_id = 0;
  std::string school;
  std::string school_code;  // 学校标识码
  std::string township;     // the village's township, by name
  std::string village_code;
  std::string village;
  double probability = 0;
  // probability ÷ the run's mean probability (e.g. 3.2 = 3.2× the county
  // average); 0 when the run's mean is 0.
  double times_average = 0;
  domain::RiskTier tier = domain::RiskTier::kLow;
  std::optional<double> previous_probability;
  std::optional<double> change;  // probability - previous_probability
  domain::RiskTrend trend = domain::RiskTrend::kNew;
  std::vector<Reason> reasons;
  std::optional<int64_t> case_id;
  domain::CaseStatus case_status = domain::CaseStatus::kOpen;
  int case_level = 0;
  bool case_overdue = false;
  // Already out of school, not at risk: absent every school day of the
  // features' 30-day window, or 名在人不在 found by the check (an open
  // verification task or a confirmed-out case). Shown apart for 劝返.
  bool out_of_school = false;
};

struct RiskListView {
  store::Area area;
  std::optional<store::StoredRun> run;  // nullopt: no run covers the area
  double run_mean_probability = 0;      // over every score of `run`
  std::optional<absl::CivilDay> previous_as_of;  // latest earlier score date
  std::string hint;                              // set when there is no run
  int64_t total = 0;  // students matching the filters, before the limit
  std::vector<ListedStudent> students;
  // Schools and villages among the run's students in scope with the
  // requested tiers (ignoring the school and village filters).
  std::vector<std::pair<int64_t, std::string>> schools;
  std::vector<std::pair<std::string, std::string>> villages;
};

// An official's risk list, read from the latest succeeded risk run covering
// the area (never rescored per view). Enforces the caller's area and, for a
// school-bound caller, school. Reads are logged with the caller (no names).
// Thread-safe; owns nothing.
// Errors: PERMISSION_DENIED outside the caller's area/school or role;
// NOT_FOUND for an unknown area or school; INVALID_ARGUMENT naming the field
// (tier, sort, limit, village); UNAVAILABLE.
class RiskListDesk {
 public:
  // `wording` (may be null: catalogue words only) explains the reasons in
  // the words of the feature set of the run's model.
  // With `replica` the run and its scores may be read from the read
  // replica (ReadRouter).
  RiskListDesk(store::RiskListStore* lists, store::DirectoryStore* directory,
               const Clock* clock, const FeatureWording* wording = nullptr,
               ReplicaReads<store::RiskListStore> replica = {})
      : lists_(lists),
        directory_(directory),
        clock_(clock),
        wording_(wording),
        replica_(replica) {}

  absl::StatusOr<RiskListView> List(const Caller& caller,
                                    const RiskListQuery& query) const;

 private:
  // The run's mean probability, read once per run: a succeeded run's scores
  // never change, and every official's list would otherwise average them.
  absl::StatusOr<double> MeanProbability(int64_t run_id) const;

  store::RiskListStore* lists_;
  store::DirectoryStore* directory_;
  const Clock* clock_;
  const FeatureWording* wording_;
  const ReplicaReads<store::RiskListStore> replica_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<int64_t, double> run_means_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RISK_LIST_H_

#ifndef BAOXUE_SERVER_CORE_CHECKS_CHECK_DESK_H_
#define BAOXUE_SERVER_CORE_CHECKS_CHECK_DESK_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/core/caller.h"
#include "server/core/case_chain.h"
#include "server/core/checks/check_rules.h"
#include "server/core/clock.h"
#include "server/store/area.h"
#include "server/store/check_store.h"
#include "server/store/directory_store.h"

namespace baoxue::core::checks {

// What a check answers: the area, the rules applied, what each comparison
// found and the report table after the run.
struct CheckOutcome {
  store::Area area;
  absl::CivilDay as_of;
  BirthWindow school_age;
  int absence_days = 0;
  store::CheckRun run;
  store::CheckReport report;
};

// The 四查三比对 check as callers see it: checks role and area, turns the
// county's rules (CheckRules) and the chain's opening levels and deadlines
// (CaseChain) into a store::CheckRequest, and reads the report.
// Roles: data staff and admins run the check; officials may read the
// report too. Each inside their own area (ResolveArea).
// Thread-safe; owns nothing (the stores and clock outlive it).
// Errors: PERMISSION_DENIED (role or area), INVALID_ARGUMENT (as_of),
// and the store's.
class CheckDesk {
 public:
  CheckDesk(store::CheckStore* checks, store::DirectoryStore* directory,
            CheckRules rules, CaseChain chain, const Clock* clock)
      : checks_(checks),
        directory_(directory),
        rules_(rules),
        chain_(std::move(chain)),
        clock_(clock) {}

  // Runs the check over `area_code` (empty: the caller's area) on `as_of`
  // (default: today in the county), then reads its report.
  absl::StatusOr<CheckOutcome> Run(const Caller& caller,
                                   absl::string_view area_code,
                                   std::optional<absl::CivilDay> as_of) const;

  // The report table of `area_code` (empty: the caller's area).
  absl::StatusOr<std::pair<store::Area, store::CheckReport>> Report(
      const Caller& caller, absl::string_view area_code) const;

  // The store's request for a check of `prefix` on `as_of`: exposed for
  // tests of the rules it carries.
  store::CheckRequest RequestFor(const std::string& prefix,
                                 absl::CivilDay as_of,
                                 const std::string& actor) const;

 private:
  store::CheckStore* checks_;
  store::DirectoryStore* directory_;
  const CheckRules rules_;
  const CaseChain chain_;
  const Clock* clock_;
};

}  // namespace baoxue::core::checks

#endif  // BAOXUE_SERVER_CORE_CHECKS_CHECK_DESK_H_

#include "server/store/pg_case_aging.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

absl::StatusOr<int64_t> PgCaseAging::MoveOpenCasesIntoPast(
    const std::string& area_prefix, absl::Duration by) {
  if (by <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("hours: must be positive");
  }
  if (area_prefix.empty() || area_prefix.size() > 12 ||
      !std::all_of(area_prefix.begin(), area_prefix.end(),
                   [](char c) { return absl::ascii_isdigit(c); })) {
    return absl::InvalidArgumentError("area: a division-code prefix");
  }
  const double seconds = absl::ToDoubleSeconds(by);
  return InTransaction(
      *pool_, "move cases into the past",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        tx.exec(
            "CREATE TEMP TABLE aged_cases (case_id bigint PRIMARY KEY) "
            "ON COMMIT DROP");
        const int64_t moved = static_cast<int64_t>(
            tx.exec_params("INSERT INTO aged_cases SELECT case_id "
                           "FROM baoxue.cases WHERE status = 'open' "
                           "AND starts_with(village_code, $1)",
                           area_prefix)
                .affected_rows());
        const std::string shift = "make_interval(secs => $1)";
        tx.exec_params(
            absl::StrCat("UPDATE baoxue.cases SET opened_at = opened_at - ",
                         shift,
                         " WHERE case_id IN (SELECT case_id FROM "
                         "aged_cases)"),
            seconds);
        tx.exec_params(
            absl::StrCat("UPDATE baoxue.case_assignments SET "
                         "assigned_at = assigned_at - ",
                         shift, ", ack_deadline = ack_deadline - ", shift,
                         ", resolve_deadline = resolve_deadline - ", shift,
                         ", acknowledged_at = acknowledged_at - ", shift,
                         ", ended_at = ended_at - ", shift,
                         ", last_reminded_at = last_reminded_at - ", shift,
                         " WHERE case_id IN (SELECT case_id FROM aged_cases)"),
            seconds);
        tx.exec_params(
            absl::StrCat("UPDATE baoxue.case_scores SET attached_at = "
                         "attached_at - ",
                         shift,
                         " WHERE case_id IN (SELECT case_id FROM aged_cases)"),
            seconds);
        // The one sanctioned rewrite of the append-only events (see the
        // header): the trigger is off only inside this transaction.
        tx.exec(
            "ALTER TABLE baoxue.case_events "
            "DISABLE TRIGGER case_events_append_only");
        tx.exec_params(
            absl::StrCat("UPDATE baoxue.case_events SET at = at - ", shift,
                         " WHERE case_id IN (SELECT case_id FROM aged_cases)"),
            seconds);
        tx.exec(
            "ALTER TABLE baoxue.case_events "
            "ENABLE TRIGGER case_events_append_only");
        return moved;
      });
}

}  // namespace baoxue::store

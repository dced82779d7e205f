#include "server/store/pg_track_record_store.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/time/civil_time.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// $4: the default horizon, $5: today, $6: true for the due runs.
constexpr char kListRuns[] =
    "SELECT r.run_id, coalesce(a.division_code, sa.division_code), "
    "coalesce(r.scope_school_id, 0), r.as_of::text, m.version, "
    "coalesce(m.horizon_days, 0), r.students_scored "
    "FROM baoxue.risk_runs r "
    "JOIN baoxue.models m ON m.model_id = r.model_id "
    "LEFT JOIN baoxue.areas a ON a.area_id = r.scope_area_id "
    "LEFT JOIN baoxue.schools s ON s.school_id = r.scope_school_id "
    "LEFT JOIN baoxue.areas sa ON sa.area_id = s.area_id "
    "WHERE r.status = 'succeeded' "
    "AND left(coalesce(a.division_code, sa.division_code), $1) = $2 "
    "AND (r.as_of + coalesce(m.horizon_days, $4::int) <= $5::date) = $6 "
    "ORDER BY r.as_of DESC, r.run_id DESC LIMIT $3";

// The run's scores with, per student, a dropout in the window ($2, $3] and
// a case of the run closed 'returned'. The two sets are read once each and
// hash-joined, never probed per student.
constexpr char kLabelled[] =
    "WITH dropped AS (SELECT DISTINCT e.student_id "
    "  FROM baoxue.enrolment_events e WHERE e.kind = 'dropout' "
    "  AND e.event_date > $2::date AND e.event_date <= $3::date), "
    "returned AS (SELECT DISTINCT c.student_id FROM baoxue.cases c "
    "  WHERE c.kind = 'dropout_risk' AND c.outcome = 'returned' "
    "  AND (c.opened_by_run_id = $1 OR EXISTS (SELECT 1 "
    "    FROM baoxue.case_scores cs WHERE cs.case_id = c.case_id "
    "    AND cs.run_id = $1))) "
    "SELECT r.student_id, r.probability, r.tier::text, "
    "d.student_id IS NOT NULL AS dropped, "
    "b.student_id IS NOT NULL AS back "
    "FROM baoxue.risk_scores r "
    "LEFT JOIN dropped d ON d.student_id = r.student_id "
    "LEFT JOIN returned b ON b.student_id = r.student_id "
    "WHERE r.run_id = $1";

// Grouped by the township of the student's household (as the labels of
// baoxue.training_examples) and tier: first per villager group (a hash
// aggregate over integers), then the few groups per township.
const std::string& CellsQuery() {
  static const std::string* const kQuery = new std::string(
      std::string("WITH x AS (") + kLabelled +
      "), by_group AS (SELECT h.group_area_id, x.tier, count(*) AS n, "
      "count(*) FILTER (WHERE x.dropped) AS dropped, "
      "count(*) FILTER (WHERE x.back) AS back "
      "FROM x JOIN baoxue.students s ON s.student_id = x.student_id "
      "JOIN baoxue.households h ON h.household_id = s.household_id "
      "GROUP BY 1, 2) "
      "SELECT left(g.division_code, 9) || '000', coalesce(t.name, ''), "
      "b.tier, sum(b.n)::bigint, sum(b.dropped)::bigint, sum(b.back)::bigint "
      "FROM by_group b JOIN baoxue.areas g ON g.area_id = b.group_area_id "
      "LEFT JOIN baoxue.areas t ON t.level = 'township' "
      "AND t.division_code = left(g.division_code, 9) || '000' "
      "GROUP BY 1, 2, 3 ORDER BY 1, 3");
  return *kQuery;
}

// Days from opening to closing; the median by percentile_cont.
constexpr char kMeasures[] =
    "WITH c AS (SELECT c.case_id, c.status, c.outcome::text AS outcome, "
    "  extract(epoch FROM c.closed_at - c.opened_at) / 86400.0 AS days "
    "  FROM baoxue.cases c WHERE c.kind = 'dropout_risk' "
    "  AND (c.opened_by_run_id = $1 OR EXISTS (SELECT 1 "
    "    FROM baoxue.case_scores cs WHERE cs.case_id = c.case_id "
    "    AND cs.run_id = $1))) "
    "SELECT CASE WHEN c.status <> 'closed' THEN 'open' "
    "  WHEN c.outcome = ANY($2::text[]) THEN c.outcome ELSE 'other' END, "
    "count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days) "
    "FROM c GROUP BY 1";

absl::CivilDay ParseDay(const std::string& text) {
  absl::CivilDay day;
  (void)absl::ParseCivilTime(text, &day);
  return day;
}

domain::RiskTier ParseTier(const std::string& code) {
  return domain::Parse<domain::RiskTier>(code).value_or(domain::RiskTier::kLow);
}

// {a,b,c} for a text[] parameter; the codes come from domain::Code.
std::string TextArray(const std::vector<std::string>& codes) {
  std::string out = "{";
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) out += ",";
    out += "\"" + codes[i] + "\"";
  }
  return out + "}";
}

void EnterRead(pqxx::work& tx) { tx.exec("SET TRANSACTION READ ONLY"); }

}  // namespace

absl::StatusOr<std::vector<TrackedRun>> PgTrackRecordStore::ListSucceededRuns(
    const Area& within, absl::CivilDay today, int default_horizon_days,
    int limit) {
  const std::string prefix(DivisionPrefix(within));
  const std::string day = absl::FormatCivilTime(today);
  return InTransaction(
      *pool_, "list runs for the track record",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<TrackedRun>> {
        EnterRead(tx);
        std::vector<TrackedRun> runs;
        for (const bool due : {false, true}) {
          const pqxx::result result =
              tx.exec_params(kListRuns, static_cast<int>(prefix.size()), prefix,
                             limit, default_horizon_days, day, due);
          for (const pqxx::row& row : result) {
            TrackedRun run;
            run.run_id = row[0].as<int64_t>();
            run.scope_code = row[1].as<std::string>();
            run.school_id = row[2].as<int64_t>();
            run.as_of = ParseDay(row[3].as<std::string>());
            run.model_version = row[4].as<std::string>();
            run.horizon_days = row[5].as<int>();
            run.students_scored = row[6].as<int64_t>();
            runs.push_back(std::move(run));
          }
        }
        return runs;
      });
}

absl::StatusOr<std::vector<RealisedCell>> PgTrackRecordStore::RealisedCells(
    int64_t run_id, const OutcomeWindow& window) {
  return InTransaction(
      *pool_, "read a run's realised outcomes",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<RealisedCell>> {
        EnterRead(tx);
        const pqxx::result result = tx.exec_params(
            CellsQuery(), run_id, absl::FormatCivilTime(window.after),
            absl::FormatCivilTime(window.through));
        std::vector<RealisedCell> cells;
        for (const pqxx::row& row : result) {
          RealisedCell cell;
          cell.township_code = row[0].as<std::string>();
          cell.township_name = row[1].as<std::string>();
          cell.tier = ParseTier(row[2].as<std::string>());
          cell.students = row[3].as<int64_t>();
          cell.dropped_out = row[4].as<int64_t>();
          cell.brought_back = row[5].as<int64_t>();
          cells.push_back(std::move(cell));
        }
        return cells;
      });
}

absl::StatusOr<std::vector<MeasureCell>> PgTrackRecordStore::MeasureCells(
    int64_t run_id, const std::vector<std::string>& named_outcomes) {
  return InTransaction(
      *pool_, "read a run's case outcomes",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<MeasureCell>> {
        EnterRead(tx);
        const pqxx::result result =
            tx.exec_params(kMeasures, run_id, TextArray(named_outcomes));
        std::vector<MeasureCell> cells;
        for (const pqxx::row& row : result) {
          MeasureCell cell;
          cell.measure = row[0].as<std::string>();
          cell.cases = row[1].as<int64_t>();
          if (!row[2].is_null())
            cell.median_days_to_close = row[2].as<double>();
          cells.push_back(std::move(cell));
        }
        return cells;
      });
}

absl::StatusOr<RunLabels> PgTrackRecordStore::ReadRunLabels(
    int64_t run_id, const OutcomeWindow& window) {
  static const std::string* const kQuery =
      new std::string(std::string(kLabelled) + " ORDER BY r.student_id");
  return InTransaction(
      *pool_, "read a run's realised labels",
      [&](pqxx::work& tx) -> absl::StatusOr<RunLabels> {
        EnterRead(tx);
        const pqxx::result result =
            tx.exec_params(*kQuery, run_id, absl::FormatCivilTime(window.after),
                           absl::FormatCivilTime(window.through));
        RunLabels labels;
        labels.student_ids.reserve(result.size());
        for (const pqxx::row& row : result) {
          labels.student_ids.push_back(row[0].as<int64_t>());
          labels.probabilities.push_back(row[1].as<double>());
          labels.tiers.push_back(ParseTier(row[2].as<std::string>()));
          labels.dropped_out.push_back(row[3].as<bool>());
        }
        return labels;
      });
}

}  // namespace baoxue::store

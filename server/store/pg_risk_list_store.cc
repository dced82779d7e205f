#include "server/store/pg_risk_list_store.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "domain/vocabulary.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::TimeOf;
using case_sql::TimeParam;

// "feature=value=contribution;..." (see kReasonsSql) -> reasons.
std::vector<ListedReason> ParseReasons(const pqxx::field& field) {
  std::vector<ListedReason> reasons;
  if (field.is_null()) return reasons;
  for (absl::string_view item :
       absl::StrSplit(field.c_str(), ';', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, '=');
    if (parts.size() != 3) continue;
    ListedReason reason;
    reason.feature = std::string(parts[0]);
    if (!absl::SimpleAtod(parts[1], &reason.value) ||
        !absl::SimpleAtod(parts[2], &reason.contribution)) {
      continue;
    }
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

}  // namespace

absl::StatusOr<std::optional<StoredRun>> PgRiskListStore::LatestRun(
    const std::string& area_prefix, std::optional<int64_t> school_id) {
  return InTransaction(
      *pool_, "find latest risk run",
      [&](pqxx::work& tx) -> absl::StatusOr<std::optional<StoredRun>> {
        const pqxx::result result = tx.exec_params(
            "SELECT r.run_id, r.as_of::text, m.version, "
            "(extract(epoch FROM r.finished_at) * 1000000)::bigint "
            "FROM baoxue.risk_runs r JOIN baoxue.models m USING (model_id) "
            "LEFT JOIN baoxue.areas a ON a.area_id = r.scope_area_id "
            "LEFT JOIN LATERAL (SELECT CASE a.level WHEN 'county' THEN "
            "  left(a.division_code, 6) WHEN 'township' THEN "
            "  left(a.division_code, 9) ELSE a.division_code::text END "
            "  AS prefix) p ON true "
            "WHERE r.status = 'succeeded' AND ("
            "  (a.area_id IS NOT NULL AND left($1, length(p.prefix)) = "
            "p.prefix) OR r.scope_school_id = NULLIF($2::bigint, 0)) "
            "ORDER BY r.as_of DESC, r.finished_at DESC, r.run_id DESC LIMIT 1",
            area_prefix, school_id.value_or(0));
        if (result.empty()) return std::optional<StoredRun>();
        StoredRun run;
        run.run_id = result[0][0].as<int64_t>();
        absl::ParseCivilTime(result[0][1].as<std::string>(), &run.as_of);
        run.model_version = result[0][2].as<std::string>();
        run.finished_at = TimeOf(result[0][3]);
        return std::optional<StoredRun>(std::move(run));
      });
}

absl::StatusOr<double> PgRiskListStore::MeanProbability(int64_t run_id) {
  return InTransaction(*pool_, "read a run's mean probability",
                       [&](pqxx::work& tx) -> absl::StatusOr<double> {
                         return tx
                             .exec_params1(
                                 "SELECT coalesce(avg(probability), 0) FROM "
                                 "baoxue.risk_scores WHERE run_id = $1",
                                 run_id)[0]
                             .as<double>();
                       });
}

absl::StatusOr<std::string> PgRiskListStore::SchoolAreaCode(int64_t school_id) {
  return InTransaction(*pool_, "find school",
                       [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
                         return SchoolDivisionCode(tx, school_id);
                       });
}

absl::StatusOr<std::vector<RiskListRow>> PgRiskListStore::RunScores(
    const StoredRun& run, const RiskListFilter& filter, absl::Time now) {
  return InTransaction(
      *pool_, "read risk list",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<RiskListRow>> {
        const std::string tiers =
            absl::StrCat("{", absl::StrJoin(filter.tiers, ","), "}");
        const pqxx::result result = tx.exec_params(
            "SELECT rs.student_id, st.name, st.grade, st.school_id, sc.name, "
            "g.division_code, v.name, rs.probability, rs.tier::text, "
            "(SELECT string_agg((r ->> 'feature') || '=' || (r ->> 'value') "
            "   || '=' || (r ->> 'contribution'), ';' ORDER BY n) "
            "   FROM jsonb_array_elements(rs.reasons) WITH ORDINALITY "
            "   AS x(r, n)), "
            "prev.probability, prev.as_of::text, "
            "c.case_id, c.status::text, c.current_level, "
            "(c.status = 'open' AND EXISTS (SELECT 1 FROM "
            "   baoxue.case_assignments a WHERE a.case_id = c.case_id "
            "   AND a.ended_at IS NULL AND (a.resolve_deadline <= "
            "   $5::timestamptz OR (a.acknowledged_at IS NULL AND "
            "   a.ack_deadline <= $5::timestamptz)))), "
            "sc.school_code, t.name, "
            "EXISTS (SELECT 1 FROM baoxue.cases v WHERE v.student_id = "
            "   rs.student_id AND v.status = 'open' AND v.opened_reason IN "
            "   ('absent_streak', 'confirmed_out')) "
            "FROM baoxue.risk_scores rs "
            "JOIN baoxue.students st ON st.student_id = rs.student_id "
            "JOIN baoxue.schools sc ON sc.school_id = st.school_id "
            "JOIN baoxue.households h ON h.household_id = st.household_id "
            "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
            "JOIN baoxue.areas v ON v.area_id = g.parent_id "
            "JOIN baoxue.areas t ON t.area_id = v.parent_id "
            "LEFT JOIN LATERAL (SELECT s2.probability, r2.as_of "
            "   FROM baoxue.risk_scores s2 JOIN baoxue.risk_runs r2 "
            "   ON r2.run_id = s2.run_id WHERE s2.student_id = rs.student_id "
            "   AND r2.status = 'succeeded' AND r2.as_of < $4::date "
            "   ORDER BY r2.as_of DESC, r2.run_id DESC LIMIT 1) prev ON true "
            "LEFT JOIN LATERAL (SELECT * FROM baoxue.cases c0 "
            "   WHERE c0.student_id = rs.student_id "
            "   ORDER BY (c0.status = 'open') DESC, c0.case_id DESC LIMIT 1) "
            "   c ON true "
            "WHERE rs.run_id = $1 AND left(g.division_code, length($2)) = $2 "
            "AND (NULLIF($3::bigint, 0) IS NULL OR st.school_id = $3) "
            "AND ($6 = '{}' OR rs.tier::text = ANY($6::text[]))",
            run.run_id, filter.area_prefix, filter.school_id.value_or(0),
            absl::FormatCivilTime(run.as_of), TimeParam(now), tiers);
        std::vector<RiskListRow> rows;
        rows.reserve(result.size());
        for (const pqxx::row& row : result) {
          RiskListRow out;
          out.student_id = row[0].as<int64_t>();
          out.name = row[1].as<std::string>();
          out.grade = row[2].as<int>();
          out.school_id = row[3].as<int64_t>();
          out.school = row[4].as<std::string>();
          out.village_code = row[5].as<std::string>();
          out.village = row[6].as<std::string>();
          out.probability = row[7].as<double>();
          out.tier = domain::Parse<domain::RiskTier>(row[8].as<std::string>())
                         .value_or(domain::RiskTier::kLow);
          out.reasons = ParseReasons(row[9]);
          if (!row[10].is_null()) {
            out.previous_probability = row[10].as<double>();
            absl::CivilDay day;
            if (absl::ParseCivilTime(row[11].as<std::string>(), &day)) {
              out.previous_as_of = day;
            }
          }
          if (!row[12].is_null()) {
            out.case_id = row[12].as<int64_t>();
            out.case_status =
                domain::Parse<domain::CaseStatus>(row[13].as<std::string>())
                    .value_or(domain::CaseStatus::kOpen);
            out.case_level = row[14].as<int>();
            out.case_overdue = !row[15].is_null() && row[15].as<bool>();
          }
          out.school_code = row[16].is_null() ? "" : row[16].as<std::string>();
          out.township = row[17].as<std::string>();
          out.on_roll_not_in_school = row[18].as<bool>();
          rows.push_back(std::move(out));
        }
        return rows;
      });
}

}  // namespace baoxue::store

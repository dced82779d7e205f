// PgCheckStore: the three comparisons of the 四查三比对 check as set-based
// SQL, the verification tasks they open, and the report table. Every rule
// (school age, absence days, opening levels, deadlines) arrives in the
// CheckRequest; nothing here decides.
#include "server/store/pg_check_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "base/status_macros.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::TimeParam;
using domain::CheckComparison;

// Same lock as case opening: a check and a risk run never race to open a
// student's case.
constexpr char kLockCaseOpening[] =
    "SELECT pg_advisory_xact_lock(hashtext('baoxue.case_opening'))";

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

std::string CodeOf(CheckComparison comparison) {
  return std::string(domain::Code(comparison));
}

// A flag of the subject's student row; false for a registered child
// without one.
std::string StudentFlag(absl::string_view predicate) {
  return absl::StrCat("coalesce((SELECT ", predicate,
                      " FROM baoxue.students ks WHERE ks.student_id = {S}), "
                      "false)");
}

// Key group `group` of a subject, over the subject's households `h` (an
// aggregate query): the student's own flags from the 学籍 roster (left
// behind also when a household's parents work away), the poverty flags of
// any of the households.
std::string KeyGroupExpression(domain::KeyGroup group) {
  using domain::KeyGroup;
  switch (group) {
    case KeyGroup::kOrphan:
      return StudentFlag("ks.orphan");
    case KeyGroup::kDeFactoUnsupported:
      return StudentFlag("ks.de_facto_unsupported");
    case KeyGroup::kDisabled:
      return StudentFlag("ks.disability");
    case KeyGroup::kLeftBehind:
      return absl::StrCat(StudentFlag("ks.left_behind = 2"),
                          " OR coalesce(bool_or(h.parents_working_away), "
                          "false)");
    case KeyGroup::kInDistress:
      return StudentFlag("ks.in_distress");
    case KeyGroup::kMigrantChild:
      return StudentFlag("ks.migrant_child");
    case KeyGroup::kRegisteredPoor:
      return "coalesce(bool_or(h.registered_poor), false)";
    case KeyGroup::kPovertyMonitoring:
      return "coalesce(bool_or(h.poverty_monitoring), false)";
    case KeyGroup::kSubsistenceAllowance:
      return "coalesce(bool_or(h.subsistence_allowance), false)";
    case KeyGroup::kExtremePoverty:
      return "coalesce(bool_or(h.extreme_poverty), false)";
  }
  return "false";
}

// The key groups of a subject (a student {S} or a registered child whose
// ID hash is {H}) as boolean columns kg.<code>, one per domain::KeyGroup.
// The households are the student's own and any listing the subject as a
// member.
std::string KeyGroupJoin(absl::string_view student, absl::string_view hash) {
  std::vector<std::string> columns;
  for (const auto& term : domain::Vocabulary<domain::KeyGroup>::kTerms) {
    columns.push_back(
        absl::StrCat(KeyGroupExpression(term.value), " AS ", term.code));
  }
  return absl::StrReplaceAll(
      absl::StrCat(
          "LEFT JOIN LATERAL (SELECT ", absl::StrJoin(columns, ", "),
          " FROM baoxue.households h "
          "WHERE h.household_id = (SELECT ks.household_id "
          "    FROM baoxue.students ks WHERE ks.student_id = {S}) "
          "  OR h.household_id IN (SELECT m.household_id "
          "    FROM baoxue.household_members m WHERE m.id_hash = coalesce("
          "      (SELECT ks.id_hash FROM baoxue.students ks "
          "       WHERE ks.student_id = {S}), {H}))) kg ON true "),
      {{"{S}", student}, {"{H}", hash}});
}

// How many subjects are in each key group, in domain::KeyGroup order.
std::string KeyGroupCountColumns() {
  std::vector<std::string> counts;
  for (const auto& term : domain::Vocabulary<domain::KeyGroup>::kTerms) {
    counts.push_back(
        absl::StrCat("count(*) FILTER (WHERE kg.", term.code, ")"));
  }
  return absl::StrJoin(counts, ", ");
}

// A subject of a poverty household of any type.
std::string Poor() {
  std::vector<std::string> flags;
  for (domain::KeyGroup group :
       {domain::KeyGroup::kRegisteredPoor, domain::KeyGroup::kPovertyMonitoring,
        domain::KeyGroup::kSubsistenceAllowance,
        domain::KeyGroup::kExtremePoverty}) {
    flags.push_back(absl::StrCat("kg.", domain::Code(group)));
  }
  return absl::StrCat("(", absl::StrJoin(flags, " OR "), ")");
}

KeyGroupCounts KeyGroupsAt(const pqxx::row& row, int first) {
  KeyGroupCounts counts{};
  for (int i = 0; i < domain::kKeyGroups; ++i) {
    counts[i] = row[first + i].as<int64_t>();
  }
  return counts;
}

// The dropouts of the area with prefix $1 (village_code, student_id,
// child_hash): a 'dropout' enrolment event without a later 'return' or
// 'transfer_in', or a verification task ($2 kind) closed $3 (confirmed out of
// school) with no case closed $4 (returned) since; and registered children
// confirmed out who still have no student row.
constexpr char kDropouts[] =
    "dropouts AS ("
    "SELECT g.division_code AS village_code, s.student_id, "
    "  NULL::bytea AS child_hash "
    "FROM baoxue.students s "
    "JOIN baoxue.households h ON h.household_id = s.household_id "
    "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
    "WHERE left(g.division_code, length($1)) = $1 AND ("
    "  EXISTS (SELECT 1 FROM baoxue.enrolment_events e "
    "    WHERE e.student_id = s.student_id AND e.kind = 'dropout' "
    "      AND NOT EXISTS (SELECT 1 FROM baoxue.enrolment_events r "
    "        WHERE r.student_id = s.student_id "
    "          AND r.kind IN ('return', 'transfer_in') "
    "          AND r.event_date >= e.event_date)) "
    "  OR EXISTS (SELECT 1 FROM baoxue.cases v "
    "    WHERE v.student_id = s.student_id "
    "      AND v.kind = $2::baoxue.case_kind "
    "      AND v.outcome = $3::baoxue.case_outcome "
    "      AND NOT EXISTS (SELECT 1 FROM baoxue.cases r "
    "        WHERE r.student_id = s.student_id "
    "          AND r.outcome = $4::baoxue.case_outcome "
    "          AND r.closed_at >= v.closed_at))) "
    "UNION "
    "SELECT c.village_code, NULL::bigint, c.registered_child_hash "
    "FROM baoxue.cases c "
    "WHERE c.registered_child_hash IS NOT NULL "
    "  AND c.kind = $2::baoxue.case_kind "
    "  AND c.outcome = $3::baoxue.case_outcome "
    "  AND left(c.village_code, length($1)) = $1 "
    "  AND NOT EXISTS (SELECT 1 FROM baoxue.students s "
    "    WHERE s.id_hash = c.registered_child_hash)) ";

std::string VerificationKind() {
  return std::string(domain::Code(domain::CaseKind::kVerification));
}

}  // namespace

absl::StatusOr<CheckRun> PgCheckStore::RunCheck(const CheckRequest& request) {
  return InTransaction(
      *pool_, "run the check", [&](pqxx::work& tx) -> absl::StatusOr<CheckRun> {
        LiftStatementTimeout(tx);  // a batch job, not a request
        tx.exec(kLockCaseOpening);
        tx.exec(
            "CREATE TEMP TABLE check_suspects (comparison text NOT NULL, "
            "student_id bigint, child_hash bytea, evidence text NOT NULL, "
            "reason text NOT NULL, village_code char(12) NOT NULL, "
            "school_id bigint, state text) ON COMMIT DROP; "
            "CREATE TEMP TABLE check_opened (case_id bigint PRIMARY KEY, "
            "comparison text) ON COMMIT DROP; "
            "CREATE TEMP TABLE check_events (event_id bigint PRIMARY KEY, "
            "case_id bigint, kind text) ON COMMIT DROP");
        // 1. 户籍 × 学籍: registered children of school age in the area
        // with no student registration anywhere in the county. The
        // evidence is the registration itself: any change to it is new.
        tx.exec_params(
            "INSERT INTO check_suspects (comparison, child_hash, evidence, "
            "  reason, village_code) "
            "SELECT $4, rc.id_hash, md5(concat_ws('|', rc.name, rc.gender, "
            "  rc.birth_date, rc.village_area_id, rc.registration_book)), "
            "  $5, v.division_code "
            "FROM baoxue.registered_children rc "
            "JOIN baoxue.areas v ON v.area_id = rc.village_area_id "
            "WHERE left(v.division_code, length($1)) = $1 "
            "  AND rc.birth_date > $2::date AND rc.birth_date <= $3::date "
            "  AND NOT EXISTS (SELECT 1 FROM baoxue.students s "
            "    WHERE s.id_hash = rc.id_hash)",
            request.area_prefix, Day(request.born_after),
            Day(request.born_on_or_before),
            CodeOf(CheckComparison::kRegistrationVsRoll),
            std::string(domain::Code(domain::CheckReason::kNotOnRoll)));
        // 2. 学籍 × in school: students of the area still on the roll (no
        // dropout, transfer out, move out, death or emigration without a
        // later return or transfer in) who
        // are missing from the roster, or absent on each of the last $3
        // school days up to $2. The evidence is the roster date or the
        // first day of the absence streak: a streak that goes on is the
        // same evidence, a new streak after a return is new.
        tx.exec_params(
            "WITH recent AS (SELECT day FROM baoxue.school_days "
            "  WHERE day <= $2::date ORDER BY day DESC LIMIT $3), "
            "n AS (SELECT count(*) AS days, min(day) AS first FROM recent), "
            "roll AS (SELECT s.student_id, s.school_id, "
            "  s.missing_from_roster_since, g.division_code "
            "  FROM baoxue.students s "
            "  JOIN baoxue.households h ON h.household_id = s.household_id "
            "  JOIN baoxue.areas g ON g.area_id = h.group_area_id "
            "  WHERE left(g.division_code, length($1)) = $1 "
            "    AND NOT EXISTS (SELECT 1 FROM baoxue.enrolment_events e "
            "      WHERE e.student_id = s.student_id AND e.event_date <= $2 "
            "        AND e.kind IN ('dropout', 'transfer_out', 'moved_out', "
            "          'deceased', 'emigrated') "
            "        AND NOT EXISTS (SELECT 1 FROM baoxue.enrolment_events r "
            "          WHERE r.student_id = s.student_id "
            "            AND r.kind IN ('return', 'transfer_in') "
            "            AND r.event_date >= e.event_date "
            "            AND r.event_date <= $2))) "
            "INSERT INTO check_suspects (comparison, student_id, evidence, "
            "  reason, village_code, school_id) "
            "SELECT $4, r.student_id, "
            "  CASE WHEN r.missing_from_roster_since <= $2::date "
            "    THEN 'roster:' || r.missing_from_roster_since "
            "    ELSE 'absent:' || (SELECT min(d.day) FROM baoxue.school_days "
            "d "
            "      WHERE d.day <= $2::date AND d.day > coalesce("
            "        (SELECT max(p.day) FROM baoxue.school_days p "
            "         WHERE p.day <= $2::date AND NOT EXISTS (SELECT 1 "
            "           FROM baoxue.absences x WHERE x.student_id = "
            "           r.student_id AND x.day = p.day)), '-infinity')) END, "
            "  CASE WHEN r.missing_from_roster_since <= $2::date "
            "    THEN $5 ELSE $6 END, "
            "  r.division_code, r.school_id "
            "FROM roll r, n "
            "WHERE r.missing_from_roster_since <= $2::date "
            "   OR (n.days = $3 AND (SELECT count(*) FROM baoxue.absences a "
            "         WHERE a.student_id = r.student_id "
            "           AND a.day BETWEEN n.first AND $2::date) = $3)",
            request.area_prefix, Day(request.as_of), request.absence_days,
            CodeOf(CheckComparison::kRollVsAttendance),
            std::string(domain::Code(domain::CheckReason::kMissingFromRoster)),
            std::string(domain::Code(domain::CheckReason::kAbsentStreak)));
        // Idempotence: a subject with an open task is not raised again; a
        // subject whose latest closed task (same comparison) saw the same
        // evidence is settled.
        tx.exec_params(
            "UPDATE check_suspects cs SET state = CASE "
            "WHEN EXISTS (SELECT 1 FROM baoxue.cases c "
            "  WHERE c.kind = $1::baoxue.case_kind AND c.status = 'open' "
            "    AND (c.student_id = cs.student_id "
            "         OR (c.registered_child_hash = cs.child_hash "
            "             AND c.check_comparison = cs.comparison))) "
            "  THEN 'open' "
            "WHEN (SELECT c.check_evidence FROM baoxue.cases c "
            "  WHERE c.kind = $1::baoxue.case_kind AND c.status = 'closed' "
            "    AND c.check_comparison = cs.comparison "
            "    AND (c.student_id = cs.student_id "
            "         OR c.registered_child_hash = cs.child_hash) "
            "  ORDER BY c.closed_at DESC, c.case_id DESC LIMIT 1) "
            "  = cs.evidence THEN 'settled' "
            "ELSE 'new' END",
            VerificationKind());
        const std::string at = TimeParam(request.now);
        for (const auto& term : domain::Vocabulary<CheckComparison>::kTerms) {
          const TaskOpening& opening =
              request.tasks[static_cast<int>(term.value)];
          if (opening.level < 1 || opening.level > kChainLevels) continue;
          const std::string comparison = CodeOf(term.value);
          tx.exec_params(
              "WITH opened AS (INSERT INTO baoxue.cases (student_id, "
              "  registered_child_hash, opened_at, village_code, school_id, "
              "  opened_reason, kind, current_level, check_comparison, "
              "  check_evidence) "
              "  SELECT student_id, child_hash, $1::timestamptz, "
              "  village_code, school_id, reason, $2::baoxue.case_kind, "
              "  $3::int, comparison, evidence FROM check_suspects "
              "  WHERE state = 'new' AND comparison = $4 "
              "  ORDER BY village_code, student_id, child_hash "
              "  RETURNING case_id, check_comparison) "
              "INSERT INTO check_opened SELECT * FROM opened",
              at, VerificationKind(), opening.level, comparison);
          tx.exec_params(
              "INSERT INTO baoxue.case_assignments (case_id, level, role, "
              "person_id, assigned_at, ack_deadline, resolve_deadline) "
              "SELECT o.case_id, $2::int, $3::baoxue.six_head_role, "
              "coalesce(baoxue.case_person(c.student_id, $2::int), "
              "  baoxue.registered_child_person(c.registered_child_hash, "
              "  $2::int)), "
              "$1::timestamptz, $1::timestamptz + make_interval(secs => $4), "
              "$1::timestamptz + make_interval(secs => $5) "
              "FROM check_opened o JOIN baoxue.cases c USING (case_id) "
              "WHERE o.comparison = $6",
              at, opening.level, std::string(domain::Code(opening.role)),
              absl::ToDoubleSeconds(opening.ack_within),
              absl::ToDoubleSeconds(opening.resolve_within), comparison);
          // The opening events, then the chain's messages about them
          // (assigned to the level the task opened at) through the case
          // store's path, in this transaction.
          tx.exec_params(
              "WITH events AS (INSERT INTO baoxue.case_events "
              "(case_id, at, actor, kind, level, details) "
              "SELECT o.case_id, $1::timestamptz, $2, "
              "$3::baoxue.case_event_kind, c.current_level, "
              "jsonb_build_object('check_comparison', c.check_comparison, "
              "  'reason', c.opened_reason, 'as_of', $4::text) "
              "FROM check_opened o JOIN baoxue.cases c USING (case_id) "
              "WHERE o.comparison = $5 ORDER BY o.case_id "
              "RETURNING event_id, case_id, kind::text) "
              "INSERT INTO check_events SELECT * FROM events",
              at, request.actor,
              std::string(domain::Code(domain::CaseEventKind::kOpened)),
              Day(request.as_of), comparison);
          notifier_.NotifyListed(tx, "check_events",
                                 domain::CaseEventKind::kOpened,
                                 opening.on_opened);
          tx.exec("DELETE FROM check_events");
        }
        CheckRun run;
        for (const auto& term : domain::Vocabulary<CheckComparison>::kTerms) {
          ComparisonCount count;
          count.comparison = term.value;
          run.comparisons.push_back(count);
        }
        const pqxx::result found = tx.exec(
            absl::StrCat("SELECT cs.comparison, count(*), "
                         "count(*) FILTER (WHERE cs.state = 'new'), "
                         "count(*) FILTER (WHERE cs.state = 'open'), "
                         "count(*) FILTER (WHERE cs.state = 'settled'), ",
                         KeyGroupCountColumns(), " FROM check_suspects cs ",
                         KeyGroupJoin("cs.student_id", "cs.child_hash"),
                         "GROUP BY cs.comparison"));
        for (const pqxx::row& row : found) {
          const std::optional<CheckComparison> comparison =
              domain::Parse<CheckComparison>(row[0].as<std::string>());
          if (!comparison.has_value()) continue;
          ComparisonCount& count =
              run.comparisons[static_cast<int>(*comparison)];
          count.suspects = row[1].as<int64_t>();
          count.opened = row[2].as<int64_t>();
          count.already_open = row[3].as<int64_t>();
          count.settled = row[4].as<int64_t>();
          count.key_groups = KeyGroupsAt(row, 5);
        }
        // 3. Dropouts × poverty households: counted, first in line; they
        // are known dropouts, so no verification task.
        const pqxx::result poor = tx.exec_params(
            absl::StrCat("WITH ", kDropouts, "SELECT count(*), ",
                         KeyGroupCountColumns(), " FROM dropouts d ",
                         KeyGroupJoin("d.student_id", "d.child_hash"), "WHERE ",
                         Poor()),
            request.area_prefix, VerificationKind(),
            std::string(domain::Code(domain::CaseOutcome::kConfirmedOut)),
            std::string(domain::Code(domain::CaseOutcome::kReturned)));
        ComparisonCount& dropouts = run.comparisons[static_cast<int>(
            CheckComparison::kDropoutsVsPoverty)];
        dropouts.suspects = poor[0][0].as<int64_t>();
        dropouts.key_groups = KeyGroupsAt(poor[0], 1);
        return run;
      });
}

absl::StatusOr<CheckReport> PgCheckStore::Report(
    const std::string& area_prefix) {
  return InTransaction(
      *pool_, "read the check's report",
      [&](pqxx::work& tx) -> absl::StatusOr<CheckReport> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(
                "WITH ", kDropouts,
                ", subjects AS ("
                "  SELECT c.village_code, c.check_comparison AS comparison, "
                "  coalesce(c.outcome::text, '') AS outcome, c.student_id, "
                "  c.registered_child_hash AS child_hash "
                "  FROM baoxue.cases c WHERE c.kind = $2::baoxue.case_kind "
                "    AND left(c.village_code, length($1)) = $1 "
                "  UNION ALL SELECT d.village_code, $5, '', d.student_id, "
                "  d.child_hash FROM dropouts d) "
                "SELECT left(x.village_code, 9) || '000', "
                "  coalesce(min(t.name), ''), x.comparison, x.outcome, "
                "  count(*), ",
                KeyGroupCountColumns(), " FROM subjects x ",
                KeyGroupJoin("x.student_id", "x.child_hash"),
                "LEFT JOIN baoxue.areas t ON t.division_code = "
                "  left(x.village_code, 9) || '000' AND t.level = 'township' "
                "WHERE x.comparison <> $5 OR ",
                Poor(), " GROUP BY 1, 3, 4 ORDER BY 1, 3, 4"),
            area_prefix, VerificationKind(),
            std::string(domain::Code(domain::CaseOutcome::kConfirmedOut)),
            std::string(domain::Code(domain::CaseOutcome::kReturned)),
            CodeOf(CheckComparison::kDropoutsVsPoverty));
        CheckReport report;
        for (const pqxx::row& row : result) {
          const std::optional<CheckComparison> comparison =
              domain::Parse<CheckComparison>(row[2].as<std::string>());
          if (!comparison.has_value()) {
            return absl::InternalError("a task has an unknown comparison");
          }
          CheckReportRow out;
          out.township_code = row[0].as<std::string>();
          out.township_name = row[1].as<std::string>();
          out.comparison = *comparison;
          out.outcome =
              domain::Parse<domain::CaseOutcome>(row[3].as<std::string>());
          out.count = row[4].as<int64_t>();
          out.key_groups = KeyGroupsAt(row, 5);
          report.rows.push_back(std::move(out));
        }
        return report;
      });
}

}  // namespace baoxue::store

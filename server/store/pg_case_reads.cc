// PgCaseStore's read paths: case lists, timelines, events and the ledger.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/vocabulary.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::Micros;
using case_sql::OptionalId;
using case_sql::OptionalTime;
using case_sql::TimeOf;
using case_sql::TimeParam;

// Summary columns; needs c (cases), a (current or last assignment), and the
// "now" parameter as $1.
std::string SummarySelect() {
  return absl::StrCat(
      "SELECT c.case_id, coalesce(c.student_id, 0), coalesce(s.name, r.name), "
      "coalesce(s.grade, 0), coalesce(c.school_id, 0), coalesce(sc.name, ''), "
      "c.village_code, v.name, c.status::text, "
      "coalesce(c.outcome::text, ''), c.opened_reason, c.current_level, "
      "a.role::text, a.person_id, coalesce(p.name, ''), ",
      Micros("c.opened_at"), ", ", Micros("c.closed_at"), ", ",
      Micros("a.acknowledged_at"), ", ", Micros("a.ack_deadline"), ", ",
      Micros("a.resolve_deadline"),
      ", (c.status = 'open' AND (a.resolve_deadline <= $1::timestamptz "
      "   OR (a.acknowledged_at IS NULL "
      "       AND a.ack_deadline <= $1::timestamptz))), "
      "coalesce((SELECT probability FROM baoxue.case_scores "
      "  WHERE case_id = c.case_id ORDER BY run_id DESC LIMIT 1), "
      "  c.opened_probability, 0), c.reopen_count, c.kind::text "
      "FROM baoxue.cases c "
      // A verification task about a 户籍 child has no student row.
      "LEFT JOIN baoxue.students s ON s.student_id = c.student_id "
      "LEFT JOIN baoxue.registered_children r "
      "  ON r.id_hash = c.registered_child_hash "
      "LEFT JOIN baoxue.schools sc ON sc.school_id = c.school_id "
      "JOIN baoxue.areas v ON v.division_code = c.village_code "
      "  AND v.level = 'village' "
      "LEFT JOIN LATERAL (SELECT * FROM baoxue.case_assignments a "
      "  WHERE a.case_id = c.case_id ORDER BY a.assignment_id DESC LIMIT 1) "
      "  a ON true "
      "LEFT JOIN baoxue.responsible_people p ON p.person_id = a.person_id ");
}

CaseSummary SummaryFromRow(const pqxx::row& row) {
  CaseSummary summary;
  summary.case_id = row[0].as<int64_t>();
  summary.student_id = row[1].as<int64_t>();
  summary.student_name = row[2].as<std::string>();
  summary.grade = row[3].as<int>();
  summary.school_id = row[4].as<int64_t>();
  summary.school = row[5].as<std::string>();
  summary.village_code = row[6].as<std::string>();
  summary.village = row[7].as<std::string>();
  summary.status = domain::Parse<CaseStatus>(row[8].as<std::string>())
                       .value_or(CaseStatus::kOpen);
  summary.outcome = domain::Parse<CaseOutcome>(row[9].as<std::string>());
  summary.opened_reason = row[10].as<std::string>();
  summary.level = row[11].as<int>();
  if (!row[12].is_null()) {
    summary.role = domain::Parse<ChainRole>(row[12].as<std::string>());
  }
  summary.person_id = OptionalId(row[13]);
  summary.person_name = row[14].as<std::string>();
  summary.opened_at = TimeOf(row[15]);
  summary.closed_at = OptionalTime(row[16]);
  summary.acknowledged_at = OptionalTime(row[17]);
  summary.ack_deadline = TimeOf(row[18]);
  summary.resolve_deadline = TimeOf(row[19]);
  summary.overdue = !row[20].is_null() && row[20].as<bool>();
  summary.latest_probability = row[21].as<double>();
  summary.reopen_count = row[22].as<int>();
  summary.kind = domain::Parse<CaseKind>(row[23].as<std::string>())
                     .value_or(CaseKind::kDropoutRisk);
  return summary;
}

CaseEvent EventFromRow(const pqxx::row& row) {
  CaseEvent event;
  event.event_id = row[0].as<int64_t>();
  event.case_id = row[1].as<int64_t>();
  event.at = TimeOf(row[2]);
  event.actor = row[3].as<std::string>();
  event.actor_person_id = OptionalId(row[4]);
  event.kind = domain::Parse<CaseEventKind>(row[5].as<std::string>())
                   .value_or(CaseEventKind::kNote);
  event.level = row[6].is_null() ? 0 : row[6].as<int>();
  event.note = row[7].is_null() ? "" : row[7].as<std::string>();
  event.details_json = row[8].as<std::string>();
  event.village_code = row[9].as<std::string>();
  return event;
}

std::string EventSelect() {
  return absl::StrCat("SELECT e.event_id, e.case_id, ", Micros("e.at"),
                      ", e.actor, e.actor_person_id, e.kind::text, e.level, "
                      "e.note, e.details::text, c.village_code "
                      "FROM baoxue.case_events e "
                      "JOIN baoxue.cases c ON c.case_id = e.case_id ");
}

// Ledger counts grouped by `key` (with `name`), over cases in the area
// ($1 prefix) and, when $3 is not 0, of that school only.
std::string LedgerQuery(absl::string_view key, absl::string_view name,
                        absl::string_view join) {
  return absl::StrCat(
      "SELECT ", key, ", ", name,
      ", count(*) FILTER (WHERE c.status = 'open'), "
      "count(*) FILTER (WHERE c.status = 'open' AND "
      "  (a.resolve_deadline <= $2::timestamptz OR (a.acknowledged_at IS NULL "
      "   AND a.ack_deadline <= $2::timestamptz))), "
      "count(*) FILTER (WHERE c.status = 'open' AND c.current_level > 2), "
      "count(*) FILTER (WHERE c.outcome = 'returned'), "
      "count(*) FILTER (WHERE c.status = 'closed') "
      "FROM baoxue.cases c ",
      join,
      " LEFT JOIN baoxue.case_assignments a ON a.case_id = c.case_id "
      "  AND a.ended_at IS NULL "
      "WHERE left(c.village_code, length($1)) = $1 "
      "  AND (NULLIF($3::bigint, 0) IS NULL OR c.school_id = $3) "
      "  AND c.kind = 'dropout_risk' "
      "GROUP BY 1, 2 ORDER BY 1");
}

std::vector<LedgerRow> LedgerRows(const pqxx::result& result) {
  std::vector<LedgerRow> rows;
  for (const pqxx::row& row : result) {
    LedgerRow out;
    out.code = row[0].as<std::string>();
    out.name = row[1].as<std::string>();
    out.open = row[2].as<int64_t>();
    out.overdue = row[3].as<int64_t>();
    out.escalated = row[4].as<int64_t>();
    out.returned = row[5].as<int64_t>();
    out.closed = row[6].as<int64_t>();
    rows.push_back(std::move(out));
  }
  return rows;
}

}  // namespace

absl::StatusOr<std::string> PgCaseStore::CaseVillage(int64_t case_id) {
  return InTransaction(
      *pool_, "find case", [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
        const pqxx::result result = tx.exec_params(
            "SELECT village_code FROM baoxue.cases WHERE case_id = $1",
            case_id);
        if (result.empty()) {
          return absl::NotFoundError(absl::StrCat("no case ", case_id));
        }
        return result[0][0].as<std::string>();
      });
}

absl::StatusOr<CasePage> PgCaseStore::ListCases(const CaseFilter& filter) {
  return InTransaction(
      *pool_, "list cases", [&](pqxx::work& tx) -> absl::StatusOr<CasePage> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(
                SummarySelect(),
                "WHERE left(c.village_code, length($2)) = $2 "
                "  AND ($3 = 0 OR c.school_id = $3) "
                "  AND ($4 = '' OR c.status::text = $4) "
                "  AND ($5 = 0 OR c.current_level = $5) "
                "  AND c.case_id > $6 "
                "  AND (NOT $7 OR (c.status = 'open' AND "
                "       (a.resolve_deadline <= $1::timestamptz OR "
                "        (a.acknowledged_at IS NULL AND "
                "         a.ack_deadline <= $1::timestamptz)))) "
                "  AND ($9::text = '' OR strpos(coalesce(s.name, r.name), "
                "$9::text) > 0 OR s.student_number = $9::text "
                "       OR strpos(v.name, $9::text) > 0) "
                "ORDER BY c.case_id LIMIT $8"),
            TimeParam(filter.now), filter.area_prefix,
            filter.school_id.value_or(0),
            filter.open.has_value() ? (*filter.open ? "open" : "closed") : "",
            filter.level.value_or(0), filter.after_case_id, filter.overdue_only,
            filter.page_size + 1, filter.search);
        CasePage page;
        for (const pqxx::row& row : result) {
          if (static_cast<int>(page.cases.size()) == filter.page_size) {
            page.next_after_case_id = page.cases.back().case_id;
            break;
          }
          page.cases.push_back(SummaryFromRow(row));
        }
        return page;
      });
}

absl::StatusOr<CaseDetail> PgCaseStore::GetCase(int64_t case_id,
                                                absl::Time now) {
  return InTransaction(
      *pool_, "read case", [&](pqxx::work& tx) -> absl::StatusOr<CaseDetail> {
        const pqxx::result summary = tx.exec_params(
            absl::StrCat(SummarySelect(), "WHERE c.case_id = $2"),
            TimeParam(now), case_id);
        if (summary.empty()) {
          return absl::NotFoundError(absl::StrCat("no case ", case_id));
        }
        CaseDetail detail;
        detail.summary = SummaryFromRow(summary[0]);
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat(
                     "SELECT a.level, a.role::text, a.person_id, "
                     "coalesce(p.name, ''), ",
                     Micros("a.assigned_at"), ", ", Micros("a.ack_deadline"),
                     ", ", Micros("a.resolve_deadline"), ", ",
                     Micros("a.acknowledged_at"), ", ", Micros("a.ended_at"),
                     " FROM baoxue.case_assignments a "
                     "LEFT JOIN baoxue.responsible_people p "
                     "  ON p.person_id = a.person_id "
                     "WHERE a.case_id = $1 ORDER BY a.assignment_id"),
                 case_id)) {
          CaseAssignment assignment;
          assignment.level = row[0].as<int>();
          assignment.role = domain::Parse<ChainRole>(row[1].as<std::string>())
                                .value_or(ChainRole::kTeacher);
          assignment.person_id = OptionalId(row[2]);
          assignment.person_name = row[3].as<std::string>();
          assignment.assigned_at = TimeOf(row[4]);
          assignment.ack_deadline = TimeOf(row[5]);
          assignment.resolve_deadline = TimeOf(row[6]);
          assignment.acknowledged_at = OptionalTime(row[7]);
          assignment.ended_at = OptionalTime(row[8]);
          detail.assignments.push_back(std::move(assignment));
        }
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat(EventSelect(),
                              "WHERE e.case_id = $1 ORDER BY e.event_id"),
                 case_id)) {
          detail.events.push_back(EventFromRow(row));
        }
        for (const pqxx::row& row :
             tx.exec_params("SELECT cs.run_id, r.as_of::text, cs.probability, "
                            "cs.tier::text FROM baoxue.case_scores cs "
                            "JOIN baoxue.risk_runs r ON r.run_id = cs.run_id "
                            "WHERE cs.case_id = $1 ORDER BY r.as_of, cs.run_id",
                            case_id)) {
          CaseScorePoint point;
          point.run_id = row[0].as<int64_t>();
          absl::ParseCivilTime(row[1].as<std::string>(), &point.as_of);
          point.probability = row[2].as<double>();
          point.tier = domain::Parse<domain::RiskTier>(row[3].as<std::string>())
                           .value_or(domain::RiskTier::kLow);
          detail.scores.push_back(std::move(point));
        }
        const pqxx::result reasons = tx.exec_params(
            absl::StrCat("SELECT ", case_sql::kLatestReasonsSql,
                         " FROM baoxue.cases c WHERE c.case_id = $1"),
            case_id);
        detail.latest_reasons = case_sql::ParseReasons(reasons[0][0]);
        return detail;
      });
}

absl::StatusOr<std::vector<CaseEvent>> PgCaseStore::EventsAfter(
    int64_t after_event_id, const std::string& area_prefix, int limit) {
  return InTransaction(
      *pool_, "read case events",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<CaseEvent>> {
        std::vector<CaseEvent> events;
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat(EventSelect(),
                              "WHERE e.event_id > $1 "
                              "  AND left(c.village_code, length($2)) = $2 "
                              "ORDER BY e.event_id LIMIT $3"),
                 after_event_id, area_prefix, limit)) {
          events.push_back(EventFromRow(row));
        }
        return events;
      });
}

absl::StatusOr<int64_t> PgCaseStore::LatestEventId() {
  return InTransaction(*pool_, "read latest case event",
                       [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
                         return tx
                             .exec(
                                 "SELECT coalesce(max(event_id), 0) "
                                 "FROM baoxue.case_events")[0][0]
                             .as<int64_t>();
                       });
}

absl::StatusOr<Ledger> PgCaseStore::GetLedger(const std::string& area_prefix,
                                              std::optional<int64_t> school_id,
                                              absl::Time now,
                                              absl::CivilDay from,
                                              absl::CivilDay to) {
  const int64_t school = school_id.value_or(0);
  return InTransaction(
      *pool_, "read ledger", [&](pqxx::work& tx) -> absl::StatusOr<Ledger> {
        Ledger ledger;
        ledger.townships = LedgerRows(tx.exec_params(
            LedgerQuery("t.division_code::text", "t.name",
                        "JOIN baoxue.areas t ON t.division_code = "
                        "left(c.village_code, 9) || '000' "
                        "AND t.level = 'township'"),
            area_prefix, TimeParam(now), school));
        ledger.schools = LedgerRows(tx.exec_params(
            LedgerQuery("sc.school_id::text", "sc.name",
                        "JOIN baoxue.schools sc ON sc.school_id = c.school_id"),
            area_prefix, TimeParam(now), school));
        ledger.total.code = area_prefix;
        for (const LedgerRow& row : ledger.townships) {
          ledger.total.open += row.open;
          ledger.total.overdue += row.overdue;
          ledger.total.escalated += row.escalated;
          ledger.total.returned += row.returned;
          ledger.total.closed += row.closed;
        }
        // Days are China Standard Time (UTC+8) calendar days.
        constexpr char kLocalDay[] =
            "((%s AT TIME ZONE 'UTC') + interval '8 hours')::date";
        auto local_day = [&](absl::string_view column) {
          return absl::StrReplaceAll(kLocalDay, {{"%s", column}});
        };
        // Each day's counts over cases in the area ($1) and, unless $4 is 0,
        // of that school only.
        constexpr char kInScope[] =
            "left(c.village_code, length($1)) = $1 AND "
            "(NULLIF($4::bigint, 0) IS NULL OR c.school_id = $4) AND "
            "c.kind = 'dropout_risk' AND ";
        const pqxx::result history = tx.exec_params(
            absl::StrCat(
                "SELECT d::text, "
                "(SELECT count(*) FROM baoxue.cases c WHERE ",
                kInScope, local_day("c.opened_at"), " = d), ",
                "(SELECT count(*) FROM baoxue.cases c WHERE ", kInScope,
                local_day("c.opened_at"), " <= d AND (c.closed_at IS NULL OR ",
                local_day("c.closed_at"), " > d)), ",
                "(SELECT count(*) FROM baoxue.case_events e "
                "  JOIN baoxue.cases c ON c.case_id = e.case_id WHERE ",
                kInScope, "e.kind = 'escalated' AND ", local_day("e.at"),
                " = d), ", "(SELECT count(*) FROM baoxue.cases c WHERE ",
                kInScope, "c.outcome = 'returned' AND ",
                local_day("c.closed_at"), " = d), ",
                "(SELECT count(*) FROM baoxue.cases c WHERE ", kInScope,
                local_day("c.closed_at"), " = d) ",
                "FROM (SELECT generate_series($2::date, $3::date, "
                "interval '1 day')::date AS d) days"),
            area_prefix, absl::FormatCivilTime(from), absl::FormatCivilTime(to),
            school);
        for (const pqxx::row& row : history) {
          LedgerDay day;
          absl::ParseCivilTime(row[0].as<std::string>(), &day.day);
          day.opened = row[1].as<int64_t>();
          day.open = row[2].as<int64_t>();
          day.escalated = row[3].as<int64_t>();
          day.returned = row[4].as<int64_t>();
          day.closed = row[5].as<int64_t>();
          ledger.history.push_back(day);
        }
        return ledger;
      });
}

}  // namespace baoxue::store

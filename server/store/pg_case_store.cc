// PgCaseStore's write paths: every change appends its case event and writes
// its outbox messages in the same transaction.
#include "server/store/pg_case_store.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::AppendEvent;
using case_sql::AssignLevel;
using case_sql::TimeParam;

// Serialises case opening across servers, so two runs finishing together
// never race to open the same student's case.
constexpr char kLockCaseOpening[] =
    "SELECT pg_advisory_xact_lock(hashtext('baoxue.case_opening'))";

// Why a change did not apply: the case is missing or in the wrong state.
absl::Status StateError(pqxx::work& tx, int64_t case_id,
                        absl::string_view refused_when_open,
                        absl::string_view refused_when_closed) {
  const pqxx::result result = tx.exec_params(
      "SELECT status::text FROM baoxue.cases WHERE case_id = $1", case_id);
  if (result.empty()) {
    return absl::NotFoundError(absl::StrCat("no case ", case_id));
  }
  const bool open = result[0][0].as<std::string>() == "open";
  return absl::FailedPreconditionError(absl::StrCat(
      "case ", case_id, " ", open ? refused_when_open : refused_when_closed));
}

// '{"high"}': the tiers as a baoxue.risk_tier[] parameter.
std::string TierArray(const std::vector<domain::RiskTier>& tiers) {
  std::vector<std::string> codes;
  for (domain::RiskTier tier : tiers) codes.emplace_back(domain::Code(tier));
  return case_sql::TextArrayLiteral(codes);
}

// The kind of a case read as text; INTERNAL if the database holds a kind
// this build does not know.
absl::StatusOr<CaseKind> KindOf(const pqxx::field& field, int64_t case_id) {
  const std::optional<CaseKind> kind =
      domain::Parse<CaseKind>(field.as<std::string>());
  if (!kind.has_value()) {
    return absl::InternalError(
        absl::StrCat("case ", case_id, " has an unknown kind"));
  }
  return *kind;
}

}  // namespace

// The recipients of each step come from rules_ (core::CaseChain); the SQL
// here only carries them out, and notifier_ writes their messages.

absl::StatusOr<CaseOpening> PgCaseStore::OpenCasesFromRun(int64_t run_id,
                                                          absl::Time now) {
  return InTransaction(
      *pool_, "open cases from run",
      [&](pqxx::work& tx) -> absl::StatusOr<CaseOpening> {
        LiftStatementTimeout(tx);  // a batch job, not a request
        tx.exec(kLockCaseOpening);
        const pqxx::result run = tx.exec_params(
            "SELECT r.run_id, (SELECT p.run_id FROM baoxue.risk_runs p "
            "  WHERE p.status = 'succeeded' AND p.as_of < r.as_of "
            "    AND p.scope_area_id IS NOT DISTINCT FROM r.scope_area_id "
            "    AND p.scope_school_id IS NOT DISTINCT FROM r.scope_school_id "
            "  ORDER BY p.as_of DESC, p.run_id DESC LIMIT 1) "
            "FROM baoxue.risk_runs r WHERE r.run_id = $1",
            run_id);
        if (run.empty()) {
          return absl::NotFoundError(absl::StrCat("no risk run ", run_id));
        }
        const int64_t previous_run =
            run[0][1].is_null() ? 0 : run[0][1].as<int64_t>();
        // The chain's opening rule (core::CaseChain::OpenReasonFor), set-based:
        // $3 the tiers that open, $4 the rise threshold.
        const std::string tiers = TierArray(rules_.opening_tiers);
        const std::string kind(domain::Code(rules_.run_case_kind));
        const CaseKindRules& kind_rules = rules_.Of(rules_.run_case_kind);
        const int level = kind_rules.opening_level;
        const std::string flagged_scores =
            "FROM baoxue.risk_scores rs LEFT JOIN baoxue.risk_scores prev "
            "  ON prev.run_id = $2 AND prev.student_id = rs.student_id "
            "WHERE rs.run_id = $1 "
            "  AND (rs.tier = ANY($3::baoxue.risk_tier[]) "
            "       OR rs.probability - prev.probability >= $4) ";

        CaseOpening opening;
        opening.flagged =
            tx.exec_params(absl::StrCat("SELECT count(*) ", flagged_scores),
                           run_id, previous_run, tiers,
                           rules_.rise_threshold)[0][0]
                .as<int64_t>();
        // Every new score of a student with an open case of the run's kind
        // joins that case (CaseOpeningAction::kAttach).
        opening.attached = static_cast<int64_t>(
            tx.exec_params(
                  "INSERT INTO baoxue.case_scores "
                  "(case_id, run_id, probability, tier, attached_at) "
                  "SELECT c.case_id, rs.run_id, rs.probability, rs.tier, "
                  "$2::timestamptz FROM baoxue.risk_scores rs "
                  "JOIN baoxue.cases c ON c.student_id = rs.student_id "
                  "  AND c.status = 'open' AND c.kind = $3::baoxue.case_kind "
                  "WHERE rs.run_id = $1 ON CONFLICT DO NOTHING",
                  run_id, TimeParam(now), kind)
                .affected_rows());

        // Flagged students with no open case whose score this run has not
        // already handled: a new case, or (if the chain reopens) their latest
        // closed case reopens. Set-based, so a county's first run opens its
        // cases in seconds.
        tx.exec(
            "CREATE TEMP TABLE run_to_open (student_id bigint PRIMARY KEY, "
            "probability float8, tier baoxue.risk_tier, reason text, "
            "last_case bigint) ON COMMIT DROP; "
            "CREATE TEMP TABLE run_cases (case_id bigint PRIMARY KEY, "
            "student_id bigint, kind text) ON COMMIT DROP");
        tx.exec_params(
            absl::StrCat(
                "INSERT INTO run_to_open SELECT rs.student_id, rs.probability, "
                "rs.tier, CASE WHEN rs.tier = ANY($3::baoxue.risk_tier[]) "
                "THEN $5::text ELSE $6::text END, "
                "CASE WHEN $7::bool THEN (SELECT max(case_id) "
                "  FROM baoxue.cases c WHERE c.student_id = rs.student_id "
                "    AND c.kind = $8::baoxue.case_kind) END ",
                flagged_scores,
                "AND NOT EXISTS (SELECT 1 FROM baoxue.cases c "
                "  WHERE c.student_id = rs.student_id AND c.status = 'open' "
                "    AND c.kind = $8::baoxue.case_kind) "
                "AND NOT EXISTS (SELECT 1 FROM baoxue.case_scores cs "
                "  JOIN baoxue.cases c USING (case_id) "
                "  WHERE c.student_id = rs.student_id AND cs.run_id = $1 "
                "    AND c.kind = $8::baoxue.case_kind)"),
            run_id, previous_run, tiers, rules_.rise_threshold,
            std::string(domain::Code(rules_.tier_reason)),
            std::string(domain::Code(rules_.rise_reason)),
            rules_.reopen_closed_case, kind);
        const std::string at = TimeParam(now);
        opening.opened = static_cast<int64_t>(
            tx.exec_params(
                  "WITH opened AS (INSERT INTO baoxue.cases (student_id, "
                  "  opened_at, opened_by_run_id, opened_probability, "
                  "  village_code, school_id, opened_reason, kind, "
                  "  current_level) "
                  "  SELECT s.student_id, $2::timestamptz, $1, f.probability, "
                  "  g.division_code, s.school_id, f.reason, "
                  "  $3::baoxue.case_kind, $4::int "
                  "  FROM run_to_open f "
                  "  JOIN baoxue.students s ON s.student_id = f.student_id "
                  "  JOIN baoxue.households h ON h.household_id = "
                  "s.household_id "
                  "  JOIN baoxue.areas g ON g.area_id = h.group_area_id "
                  "  WHERE f.last_case IS NULL RETURNING case_id, student_id) "
                  "INSERT INTO run_cases SELECT case_id, student_id, $5::text "
                  "FROM opened",
                  run_id, at, kind, level,
                  std::string(domain::Code(CaseEventKind::kOpened)))
                .affected_rows());
        opening.reopened = static_cast<int64_t>(
            tx.exec_params(
                  "WITH reopened AS (UPDATE baoxue.cases c "
                  "  SET status = 'open', outcome = NULL, closed_at = NULL, "
                  "  current_level = $1::int, reopen_count = reopen_count + 1 "
                  "  FROM run_to_open f WHERE c.case_id = f.last_case "
                  "  RETURNING c.case_id, c.student_id) "
                  "INSERT INTO run_cases SELECT case_id, student_id, $2::text "
                  "FROM reopened",
                  level, std::string(domain::Code(CaseEventKind::kReopened)))
                .affected_rows());
        tx.exec_params(
            "INSERT INTO baoxue.case_scores "
            "(case_id, run_id, probability, tier, attached_at) "
            "SELECT rc.case_id, $1, f.probability, f.tier, $2::timestamptz "
            "FROM run_cases rc JOIN run_to_open f USING (student_id)",
            run_id, at);
        tx.exec_params(
            "INSERT INTO baoxue.case_assignments (case_id, level, role, "
            "person_id, assigned_at, ack_deadline, resolve_deadline) "
            "SELECT case_id, $2::int, $3::baoxue.six_head_role, "
            "baoxue.case_person(student_id, $2::int), "
            "$1::timestamptz, $1::timestamptz + make_interval(secs => $4), "
            "$1::timestamptz + make_interval(secs => $5) FROM run_cases",
            at, level, std::string(domain::Code(*domain::RoleAtLevel(level))),
            absl::ToDoubleSeconds(rules_.ack_within[level - 1]),
            absl::ToDoubleSeconds(rules_.resolve_within[level - 1]));
        // The new events stay in the database (a temp table), and their
        // messages are composed a batch at a time, paged by event id: the
        // server's memory does not grow with the number of cases opened.
        tx.exec(
            "CREATE TEMP TABLE run_events (event_id bigint PRIMARY KEY, "
            "case_id bigint, kind text) ON COMMIT DROP");
        tx.exec_params(
            "WITH events AS (INSERT INTO baoxue.case_events "
            "(case_id, at, actor, kind, level, details) "
            "SELECT rc.case_id, $2::timestamptz, $3, "
            "rc.kind::baoxue.case_event_kind, $4::int, "
            "jsonb_build_object('run_id', $1::bigint, 'reason', f.reason) "
            "FROM run_cases rc JOIN run_to_open f USING (student_id) "
            "ORDER BY rc.case_id RETURNING event_id, case_id, kind::text) "
            "INSERT INTO run_events SELECT * FROM events",
            run_id, at, absl::StrCat("risk run ", run_id), level);
        opening.messages += notifier_.NotifyListed(
            tx, "run_events", CaseEventKind::kOpened, kind_rules.on_opened);
        opening.messages += notifier_.NotifyListed(
            tx, "run_events", CaseEventKind::kReopened, kind_rules.on_reopened);
        return opening;
      });
}

absl::StatusOr<EscalationSweep> PgCaseStore::EscalateDue(absl::Time now,
                                                         int limit) {
  return InTransaction(
      *pool_, "escalate overdue cases",
      [&](pqxx::work& tx) -> absl::StatusOr<EscalationSweep> {
        LiftStatementTimeout(tx);  // a batch job, not a request
        // $4: the last level, whose overdue cases are reminded at most every
        // $3 seconds instead of escalated.
        const pqxx::result due = tx.exec_params(
            "SELECT a.assignment_id, a.case_id, a.level, "
            "(a.acknowledged_at IS NULL AND a.ack_deadline <= "
            "$1::timestamptz), "
            "c.kind::text "
            "FROM baoxue.case_assignments a "
            "JOIN baoxue.cases c ON c.case_id = a.case_id "
            "WHERE a.ended_at IS NULL AND c.status = 'open' "
            "  AND ((a.acknowledged_at IS NULL "
            "        AND a.ack_deadline <= $1::timestamptz) "
            "       OR a.resolve_deadline <= $1::timestamptz) "
            "  AND (a.level <> $4 OR a.last_reminded_at IS NULL "
            "       OR a.last_reminded_at <= $1::timestamptz "
            "          - make_interval(secs => $3)) "
            "ORDER BY a.assignment_id LIMIT $2 "
            "FOR UPDATE OF a, c SKIP LOCKED",
            TimeParam(now), limit,
            absl::ToDoubleSeconds(rules_.reminder_interval), rules_.last_level);
        const Actor actor{"escalation", std::nullopt};
        EscalationSweep sweep;
        // The events of the sweep by the message the chain sends about them,
        // in the order the chain names the recipients.
        std::vector<std::pair<CaseRecipient, std::vector<CaseEventRef>>>
            to_tell;
        const auto tell = [&to_tell](const std::vector<CaseRecipient>& plan,
                                     CaseEventRef event) {
          for (const CaseRecipient& recipient : plan) {
            auto group = absl::c_find_if(to_tell, [&](const auto& entry) {
              return entry.first == recipient;
            });
            if (group == to_tell.end()) {
              to_tell.push_back({recipient, {}});
              group = to_tell.end() - 1;
            }
            group->second.push_back(event);
          }
        };
        for (const pqxx::row& row : due) {
          const int64_t assignment_id = row[0].as<int64_t>();
          const int64_t case_id = row[1].as<int64_t>();
          const int level = row[2].as<int>();
          const char* reason =
              row[3].as<bool>() ? "not_acknowledged" : "not_resolved";
          const std::optional<CaseKind> kind =
              domain::Parse<CaseKind>(row[4].as<std::string>());
          if (!kind.has_value() || level < 1 || level > kChainLevels) {
            return absl::InternalError(absl::StrCat(
                "case ", case_id, " has an unknown kind or level"));
          }
          const CaseKindRules& kind_rules = rules_.Of(*kind);
          const int next = rules_.next_level[level - 1];
          if (next == 0) {
            tx.exec_params(
                "UPDATE baoxue.case_assignments SET last_reminded_at = "
                "$2::timestamptz WHERE assignment_id = $1",
                assignment_id, TimeParam(now));
            tell(kind_rules.on_reminded_at[level - 1],
                 {case_id,
                  AppendEvent(tx, case_id, now, actor, CaseEventKind::kReminded,
                              level, "",
                              absl::StrCat("{\"reason\": \"", reason, "\"}"))});
            ++sweep.reminded;
            continue;
          }
          tx.exec_params(
              "UPDATE baoxue.case_assignments SET ended_at = $2::timestamptz "
              "WHERE assignment_id = $1",
              assignment_id, TimeParam(now));
          AssignLevel(tx, case_id, next, now, rules_);
          tell(kind_rules.on_escalated_from[level - 1],
               {case_id,
                AppendEvent(tx, case_id, now, actor, CaseEventKind::kEscalated,
                            next, "",
                            absl::StrCat("{\"from_level\": ", level,
                                         ", \"reason\": \"", reason, "\"}"))});
          ++sweep.escalated;
        }
        for (const auto& [recipient, events] : to_tell) {
          sweep.messages += Notify(tx, events, recipient);
        }
        return sweep;
      });
}

absl::Status PgCaseStore::Acknowledge(int64_t case_id, const std::string& note,
                                      const Actor& actor, absl::Time now) {
  return InTransaction(*pool_, "acknowledge case", [&](pqxx::work& tx) {
    const pqxx::result result = tx.exec_params(
        "UPDATE baoxue.case_assignments a SET acknowledged_at = "
        "$2::timestamptz FROM baoxue.cases c "
        "WHERE a.case_id = $1 AND c.case_id = a.case_id "
        "  AND c.status = 'open' AND a.ended_at IS NULL "
        "  AND a.acknowledged_at IS NULL RETURNING a.level",
        case_id, TimeParam(now));
    if (result.empty()) {
      return StateError(tx, case_id, "is already acknowledged at its level",
                        "is closed");
    }
    AppendEvent(tx, case_id, now, actor, CaseEventKind::kAcknowledged,
                result[0][0].as<int>(), note, "");
    return absl::OkStatus();
  });
}

absl::Status PgCaseStore::RecordAction(int64_t case_id, CaseEventKind kind,
                                       const std::string& note,
                                       const CaseRecordFacts& facts,
                                       const Actor& actor, absl::Time now) {
  return InTransaction(*pool_, "record case action", [&](pqxx::work& tx) {
    // Notes may be added to closed cases; actions need an open one.
    const pqxx::result result = tx.exec_params(
        "SELECT current_level FROM baoxue.cases WHERE case_id = $1 "
        "AND (status = 'open' OR $2) FOR UPDATE",
        case_id, kind == CaseEventKind::kNote);
    if (result.empty()) {
      return StateError(tx, case_id, "", "is closed: reopen it first");
    }
    BAOXUE_ASSIGN_OR_RETURN(const std::string details,
                            FactsJson(tx, case_id, facts, ""));
    const int64_t event_id = AppendEvent(tx, case_id, now, actor, kind,
                                         result[0][0].as<int>(), note, details);
    LinkAttachments(tx, case_id, facts, event_id);
    return absl::OkStatus();
  });
}

absl::Status PgCaseStore::Resolve(int64_t case_id, CaseOutcome outcome,
                                  const std::string& note,
                                  const CaseRecordFacts& facts,
                                  const Actor& actor, absl::Time now) {
  return InTransaction(*pool_, "resolve case", [&](pqxx::work& tx) {
    const pqxx::result open = tx.exec_params(
        "SELECT kind::text FROM baoxue.cases "
        "WHERE case_id = $1 AND status = 'open' FOR UPDATE",
        case_id);
    if (open.empty()) return StateError(tx, case_id, "", "is already closed");
    BAOXUE_ASSIGN_OR_RETURN(const CaseKind kind, KindOf(open[0][0], case_id));
    const CaseKindRules& kind_rules = rules_.Of(kind);
    if (!absl::c_linear_search(kind_rules.allowed_outcomes, outcome)) {
      return absl::FailedPreconditionError(
          absl::StrCat("case ", case_id, " (", domain::Code(kind),
                       ") cannot close with outcome ", domain::Code(outcome)));
    }
    const pqxx::result result = tx.exec_params(
        "UPDATE baoxue.cases SET status = 'closed', "
        "outcome = $2::baoxue.case_outcome, closed_at = $3::timestamptz "
        "WHERE case_id = $1 RETURNING current_level",
        case_id, std::string(domain::Code(outcome)), TimeParam(now));
    const int level = result[0][0].as<int>();
    tx.exec_params(
        "UPDATE baoxue.case_assignments SET ended_at = $2::timestamptz "
        "WHERE case_id = $1 AND ended_at IS NULL",
        case_id, TimeParam(now));
    BAOXUE_ASSIGN_OR_RETURN(
        const std::string details,
        FactsJson(
            tx, case_id, facts,
            absl::StrCat("{\"outcome\": \"", domain::Code(outcome), "\"}")));
    const int64_t event_id =
        AppendEvent(tx, case_id, now, actor, CaseEventKind::kResolved, level,
                    note, details);
    LinkAttachments(tx, case_id, facts, event_id);
    NotifyAll(tx, {{case_id, event_id}}, kind_rules.on_resolved_at[level - 1]);
    if (kind_rules.follow_up_outcome == outcome) {
      OpenFollowUp(tx, case_id, kind_rules.follow_up_kind, actor, now);
    }
    return absl::OkStatus();
  });
}

// The case of `kind` a closed case's outcome opens for its student, at the
// kind's opening level; nothing for a case without a student (a 户籍
// suspect) or a student with an open case of `kind` already.
void PgCaseStore::OpenFollowUp(pqxx::work& tx, int64_t closed_case_id,
                               CaseKind kind, const Actor& actor,
                               absl::Time now) {
  tx.exec(kLockCaseOpening);
  const CaseKindRules& kind_rules = rules_.Of(kind);
  const pqxx::result opened = tx.exec_params(
      "INSERT INTO baoxue.cases (student_id, opened_at, village_code, "
      "  school_id, opened_reason, kind, current_level) "
      "SELECT s.student_id, $2::timestamptz, c.village_code, s.school_id, "
      "  $3, $4::baoxue.case_kind, $5::int "
      "FROM baoxue.cases c JOIN baoxue.students s "
      "  ON s.student_id = c.student_id "
      "WHERE c.case_id = $1 AND NOT EXISTS (SELECT 1 FROM baoxue.cases o "
      "  WHERE o.student_id = c.student_id AND o.status = 'open' "
      "    AND o.kind = $4::baoxue.case_kind) "
      "RETURNING case_id",
      closed_case_id, TimeParam(now),
      std::string(domain::Code(domain::CheckReason::kConfirmedOut)),
      std::string(domain::Code(kind)), kind_rules.opening_level);
  if (opened.empty()) return;
  const int64_t case_id = opened[0][0].as<int64_t>();
  AssignLevel(tx, case_id, kind_rules.opening_level, now, rules_);
  const int64_t event_id = AppendEvent(
      tx, case_id, now, actor, CaseEventKind::kOpened, kind_rules.opening_level,
      "",
      absl::StrCat("{\"verification_case_id\": ", closed_case_id,
                   ", \"reason\": \"",
                   domain::Code(domain::CheckReason::kConfirmedOut), "\"}"));
  NotifyAll(tx, {{case_id, event_id}}, kind_rules.on_opened);
}

absl::Status PgCaseStore::Reopen(int64_t case_id, const std::string& note,
                                 const Actor& actor, absl::Time now) {
  return InTransaction(*pool_, "reopen case", [&](pqxx::work& tx) {
    tx.exec(kLockCaseOpening);
    const pqxx::result result = tx.exec_params(
        "UPDATE baoxue.cases c SET status = 'open', outcome = NULL, "
        "closed_at = NULL, reopen_count = reopen_count + 1 "
        "WHERE case_id = $1 AND status = 'closed' "
        "  AND NOT EXISTS (SELECT 1 FROM baoxue.cases o "
        "    WHERE o.kind = c.kind AND o.status = 'open' "
        "      AND (o.student_id = c.student_id "
        "           OR (o.registered_child_hash = c.registered_child_hash "
        "               AND o.check_comparison = c.check_comparison))) "
        "RETURNING kind::text, check_comparison",
        case_id);
    if (result.empty()) {
      return StateError(tx, case_id, "is open",
                        "cannot reopen: its subject has another open case");
    }
    BAOXUE_ASSIGN_OR_RETURN(const CaseKind kind, KindOf(result[0][0], case_id));
    const CaseKindRules& kind_rules = rules_.Of(kind);
    // A verification task reopens where its comparison's tasks open.
    int level = kind_rules.opening_level;
    if (!result[0][1].is_null()) {
      const std::optional<domain::CheckComparison> comparison =
          domain::Parse<domain::CheckComparison>(
              result[0][1].as<std::string>());
      if (comparison.has_value() &&
          rules_.task_opening_level[static_cast<int>(*comparison)] > 0) {
        level = rules_.task_opening_level[static_cast<int>(*comparison)];
      }
    }
    const int64_t event_id = AppendEvent(
        tx, case_id, now, actor, CaseEventKind::kReopened, level, note, "");
    AssignLevel(tx, case_id, level, now, rules_);
    NotifyAll(tx, {{case_id, event_id}}, kind_rules.on_reopened);
    return absl::OkStatus();
  });
}

}  // namespace baoxue::store

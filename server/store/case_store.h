#ifndef BAOXUE_SERVER_STORE_CASE_STORE_H_
#define BAOXUE_SERVER_STORE_CASE_STORE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/store/case_types.h"

namespace baoxue::store {

// Turns a case change into the JSON payload of an outbox message. Called by
// the store inside the transaction of the change (so the message and the
// change commit together); must be pure and thread-safe.
class CaseMessageComposer {
 public:
  virtual ~CaseMessageComposer() = default;
  virtual std::string PayloadJson(const CaseMessage& message) const = 0;
};

// Where outbox messages go: a configured channel and the area it serves.
struct OutboxChannel {
  std::string name;
  std::string area_prefix;  // division-code prefix; empty = everywhere
};

// One message the chain sends at a step of a case: `kind` to whoever holds,
// or last held, chain level `level`.
struct CaseRecipient {
  int level = 0;
  domain::CaseMessageKind kind = domain::CaseMessageKind::kAssigned;

  friend bool operator==(const CaseRecipient& a, const CaseRecipient& b) {
    return a.level == b.level && a.kind == b.kind;
  }
};

// What the chain decided for one case kind, tabulated for the store.
struct CaseKindRules {
  // The level (and so the role, domain::RoleAtLevel) a case of this kind
  // opens and reopens at.
  int opening_level = 1;
  std::vector<CaseRecipient> on_opened;
  std::vector<CaseRecipient> on_reopened;
  // Index k - 1: the step from level k (escalated from k, reminded at k,
  // resolved at k).
  std::array<std::vector<CaseRecipient>, kChainLevels> on_escalated_from;
  std::array<std::vector<CaseRecipient>, kChainLevels> on_reminded_at;
  std::array<std::vector<CaseRecipient>, kChainLevels> on_resolved_at;
  // The outcomes a case of this kind may close with (Resolve refuses the
  // rest), and the outcome that opens a case of `follow_up_kind` for the
  // case's student in the same transaction.
  std::vector<CaseOutcome> allowed_outcomes;
  std::optional<CaseOutcome> follow_up_outcome;
  CaseKind follow_up_kind = CaseKind::kDropoutRisk;
};

// The six-heads chain's rules as plain data the store binds into its SQL.
// The store decides nothing itself: every value here comes from
// core::CaseChain (core::CaseRulesFromConfig), which unit-tests the rules;
// build one by hand in tests only.
struct CaseRules {
  // Which scores of a risk run open a case of `run_case_kind`: a score in
  // one of `opening_tiers` (reason `tier_reason`), else one at least
  // `rise_threshold` above the student's previous score (`rise_reason`).
  CaseKind run_case_kind = CaseKind::kDropoutRisk;
  std::vector<domain::RiskTier> opening_tiers;
  domain::OpenReason tier_reason = domain::OpenReason::kHighTier;
  double rise_threshold = 0.15;
  domain::OpenReason rise_reason = domain::OpenReason::kRiskRise;
  // A flagged student without an open case gets their latest closed case
  // reopened (true) or a new case (false).
  bool reopen_closed_case = true;

  // Index k - 1: the level an overdue case at level k moves to; 0 = level k
  // is the last level, whose overdue cases are reminded instead.
  std::array<int, kChainLevels> next_level{};
  // The last level (next_level 0), reminded at most every
  // `reminder_interval`.
  int last_level = kChainLevels;
  absl::Duration reminder_interval = absl::Hours(24);
  // Per level (index 0 = level 1): time to acknowledge, to resolve, counted
  // from the moment the level takes the case.
  std::array<absl::Duration, kChainLevels> ack_within;
  std::array<absl::Duration, kChainLevels> resolve_within;

  // Index = static_cast<int>(domain::CheckComparison): the level a
  // verification task for that comparison's suspect opens (and reopens)
  // at; 0 = the comparison opens no task.
  std::array<int, domain::kCheckComparisons> task_opening_level{};

  // Index = static_cast<int>(CaseKind).
  std::array<CaseKindRules, domain::kCaseKinds> kinds;
  const CaseKindRules& Of(CaseKind kind) const {
    return kinds[static_cast<int>(kind)];
  }
};

// The case chain in the database. Every method that changes a case also
// appends its case event(s) and writes its outbox messages in the same
// transaction. Thread-safe.
// Errors: NOT_FOUND (no such case or run), FAILED_PRECONDITION (the change
// does not fit the case's state), UNAVAILABLE, INTERNAL.
class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Turns the scores of run `run_id` into cases of the rules'
  // run_case_kind, as the rules say: flags scores, opens a case for a
  // flagged student without one, attaches every score to an open case,
  // reopens the latest closed case. Set-based. Idempotent: running it again
  // for the same run changes nothing.
  virtual absl::StatusOr<CaseOpening> OpenCasesFromRun(int64_t run_id,
                                                       absl::Time now) = 0;

  // Escalates open cases whose level missed a deadline at `now` to the
  // rules' next level and reminds overdue cases at the last level (at most
  // every reminder_interval); at most `limit` cases per call. INTERNAL if a
  // case has a kind this build does not know.
  virtual absl::StatusOr<EscalationSweep> EscalateDue(absl::Time now,
                                                      int limit) = 0;

  // The case's village code (for scope checks before any change).
  virtual absl::StatusOr<std::string> CaseVillage(int64_t case_id) = 0;

  virtual absl::StatusOr<CasePage> ListCases(const CaseFilter& filter) = 0;
  virtual absl::StatusOr<CaseDetail> GetCase(int64_t case_id,
                                             absl::Time now) = 0;

  // The level in charge acknowledges the case; a non-empty `note` is kept
  // on the same "acknowledged" event (one transaction).
  virtual absl::Status Acknowledge(int64_t case_id, const std::string& note,
                                   const Actor& actor, absl::Time now) = 0;
  // Records an action (call, home visit, ...) or a note, with its facts:
  // the day it happened and the attachments uploaded for it (they join the
  // event; NOT_FOUND if one is not this case's, or already used).
  virtual absl::Status RecordAction(int64_t case_id, CaseEventKind kind,
                                    const std::string& note,
                                    const CaseRecordFacts& facts,
                                    const Actor& actor, absl::Time now) = 0;
  // Closes the case with an outcome. FAILED_PRECONDITION if the rules do
  // not allow `outcome` for the case's kind. The rules' follow-up outcome
  // opens a case of the follow-up kind for the case's student (none if the
  // case has no student or the student has one open already).
  // `facts.returned_on` is recorded on the closing event.
  virtual absl::Status Resolve(int64_t case_id, CaseOutcome outcome,
                               const std::string& note,
                               const CaseRecordFacts& facts, const Actor& actor,
                               absl::Time now) = 0;
  // Reopens a closed case at its kind's opening level.
  virtual absl::Status Reopen(int64_t case_id, const std::string& note,
                              const Actor& actor, absl::Time now) = 0;

  // Keeps a file for case `case_id` until an action names it; returns its
  // id. The caller has checked its type and size.
  virtual absl::StatusOr<int64_t> AddAttachment(
      const CaseAttachment& attachment, const Actor& actor, absl::Time now) = 0;
  // The file `attachment_id` of case `case_id`; NOT_FOUND otherwise.
  virtual absl::StatusOr<CaseAttachment> GetAttachment(
      int64_t case_id, int64_t attachment_id) = 0;

  // Case events with id > `after_event_id` of cases in the area with
  // `area_prefix`, oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<CaseEvent>> EventsAfter(
      int64_t after_event_id, const std::string& area_prefix, int limit) = 0;
  // The id of the newest case event (0 if none).
  virtual absl::StatusOr<int64_t> LatestEventId() = 0;

  // The ledger of the dropout-risk cases of the area with `area_prefix`
  // (and, if set, of one school's cases only; verification tasks count in
  // the check's report, store::CheckStore), by township and school, at `now`,
  // and its daily history over [from, to].
  virtual absl::StatusOr<Ledger> GetLedger(const std::string& area_prefix,
                                           std::optional<int64_t> school_id,
                                           absl::Time now, absl::CivilDay from,
                                           absl::CivilDay to) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_CASE_STORE_H_

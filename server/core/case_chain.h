#ifndef BAOXUE_SERVER_CORE_CASE_CHAIN_H_
#define BAOXUE_SERVER_CORE_CASE_CHAIN_H_

#include <array>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "baoxue/v1/config.pb.h"
#include "domain/vocabulary.h"
#include "server/store/case_store.h"

namespace baoxue::core {

// What a student's new score means for their cases.
enum class CaseOpeningAction {
  kNone,    // not flagged, no open case: nothing happens
  kAttach,  // the score joins the student's open case (flagged or not)
  kOpen,    // flagged, no case before: a new case
  kReopen,  // flagged, only closed cases: the latest one opens again
};

// A step of a case that people are told about.
enum class CaseStep {
  kOpened,
  kReopened,
  kEscalated,  // at `level`: the level the case left
  kReminded,   // at `level`: the (last) level reminded
  kResolved,   // at `level`: the level in charge when it closed
};

// When a level must have acknowledged and resolved a case it took.
struct CaseDeadlines {
  absl::Time acknowledge;
  absl::Time resolve;
};

// Why an assignment is overdue.
enum class OverdueReason { kNotAcknowledged, kNotResolved };

// The six-heads chain (六长责任制): every rule of how cases open, move up
// and who hears of it, decided from the county's case policy. The store
// applies these decisions set-based inside its transactions through the
// plain data of StoreRules() and contains no rule of its own.
//
// Case kinds: every kind walks the same six levels (1 TEACHER ...
// 6 TOWNSHIP_HEAD) with the same deadlines, but opens at its own level and
// closes with its own outcomes; a new kind is a vocabulary entry
// (domain::CaseKind) plus one row in case_chain.cc's kind table.
//
// Pure and immutable: thread-safe; copy it freely.
class CaseChain {
 public:
  // The chain of `policy` with ApplyCaseDefaults applied.
  // INVALID_ARGUMENT naming the field of the policy that is wrong.
  static absl::StatusOr<CaseChain> Create(baoxue::v1::CasePolicyConfig policy);
  // `policy` must have gone through ApplyCaseDefaults.
  explicit CaseChain(const baoxue::v1::CasePolicyConfig& policy);

  // --- Opening ---------------------------------------------------------
  // Whether a score opens a case, and why: a score in an opening tier
  // (high), else a rise of at least the policy's threshold over the
  // student's previous score (none = no rise). nullopt: not flagged.
  std::optional<domain::OpenReason> OpenReasonFor(
      domain::RiskTier tier, double probability,
      std::optional<double> previous_probability) const;
  // What a score does given the student's cases of the run's kind.
  CaseOpeningAction OpeningAction(bool flagged, bool has_open_case,
                                  bool has_closed_case) const;
  // The kind of case risk runs open.
  domain::CaseKind RunCaseKind() const {
    return domain::CaseKind::kDropoutRisk;
  }

  // --- Levels ----------------------------------------------------------
  // The level a case of `kind` opens and reopens at, and its role.
  int OpeningLevel(domain::CaseKind kind) const;
  domain::ChainRole OpeningRole(domain::CaseKind kind) const;
  // The level an overdue case at `level` moves up to; nullopt at the last
  // level, where the case stays and its holder is reminded.
  std::optional<int> NextLevel(int level) const;
  int LastLevel() const { return domain::kChainLevels; }
  // The deadlines of `level` (1..6) taking a case at `start`.
  CaseDeadlines DeadlinesAt(int level, absl::Time start) const;
  // Whether an assignment with `deadlines`, acknowledged or not, is overdue
  // at `now`, and why (a missed acknowledgement first). nullopt: on time.
  static std::optional<OverdueReason> Overdue(const CaseDeadlines& deadlines,
                                              bool acknowledged,
                                              absl::Time now);
  // How often an overdue case at the last level is reminded again.
  absl::Duration ReminderInterval() const { return reminder_interval_; }

  // --- Outcomes --------------------------------------------------------
  // Whether a case of `kind` may close with `outcome`.
  bool AllowsOutcome(domain::CaseKind kind, domain::CaseOutcome outcome) const;
  // The kind of case that closing a case of `kind` with `outcome` opens for
  // its student (a verification task confirmed out of school opens a
  // dropout-risk case, 劝返); nullopt: none.
  std::optional<domain::CaseKind> FollowUpKind(
      domain::CaseKind kind, domain::CaseOutcome outcome) const;
  // The level a verification task opens at for a suspect of `comparison`
  // (registration suspects at the village head, 名在人不在 at the head
  // teacher); nullopt: the comparison opens no task.
  std::optional<int> TaskOpeningLevel(domain::CheckComparison comparison) const;

  // --- Who is told what --------------------------------------------------
  // The messages of `step` for a case of `kind`, in the order they are
  // written. `level` is the level the step happened at (ignored for
  // kReopened; for kOpened, the level a verification task opened at, 0 =
  // the kind's opening level). Opened: that level is "assigned".
  // Reopened: the opening level hears "reopened". Escalated from k: level
  // k + 1 hears "escalated", every level that held the case before it
  // (opening level .. k) "informed". Reminded at k: k gets an
  // "overdue_reminder". Resolved at k: everyone who held it (opening level
  // .. k) hears "resolved".
  std::vector<store::CaseRecipient> Recipients(domain::CaseKind kind,
                                               CaseStep step,
                                               int level = 0) const;

  // Every decision above tabulated as the store's plain data.
  store::CaseRules StoreRules() const;

 private:
  double rise_threshold_;
  absl::Duration reminder_interval_;
  std::array<absl::Duration, domain::kChainLevels> ack_within_;
  std::array<absl::Duration, domain::kChainLevels> resolve_within_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_CHAIN_H_

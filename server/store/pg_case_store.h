#ifndef BAOXUE_SERVER_STORE_PG_CASE_STORE_H_
#define BAOXUE_SERVER_STORE_PG_CASE_STORE_H_

#include <string>
#include <vector>

#include "pqxx/result"
#include "pqxx/transaction"
#include "server/store/case_store.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// CaseStore over baoxue.cases, case_assignments, case_events, case_scores
// and notification_outbox. Write paths are in pg_case_store.cc, read paths
// in pg_case_reads.cc. Every rule of the chain (who is flagged, the levels,
// deadlines, who is told what) comes from `rules` (core::CaseChain); the SQL
// carries it out set-based. Thread-safe; does not own the pool or the
// composer.
class PgCaseStore : public CaseStore {
 public:
  PgCaseStore(PgConnectionPool* pool, CaseRules rules,
              const CaseMessageComposer* composer,
              std::vector<OutboxChannel> channels)
      : pool_(pool), rules_(rules), notifier_(composer, std::move(channels)) {}

  absl::StatusOr<CaseOpening> OpenCasesFromRun(int64_t run_id,
                                               absl::Time now) override;
  absl::StatusOr<EscalationSweep> EscalateDue(absl::Time now,
                                              int limit) override;
  absl::StatusOr<std::string> CaseVillage(int64_t case_id) override;
  absl::StatusOr<CasePage> ListCases(const CaseFilter& filter) override;
  absl::StatusOr<CaseDetail> GetCase(int64_t case_id, absl::Time now) override;
  absl::Status Acknowledge(int64_t case_id, const std::string& note,
                           const Actor& actor, absl::Time now) override;
  absl::Status RecordAction(int64_t case_id, CaseEventKind kind,
                            const std::string& note,
                            const CaseRecordFacts& facts, const Actor& actor,
                            absl::Time now) override;
  absl::Status Resolve(int64_t case_id, CaseOutcome outcome,
                       const std::string& note, const CaseRecordFacts& facts,
                       const Actor& actor, absl::Time now) override;
  // In pg_case_attachments.cc.
  absl::StatusOr<int64_t> AddAttachment(const CaseAttachment& attachment,
                                        const Actor& actor,
                                        absl::Time now) override;
  absl::StatusOr<CaseAttachment> GetAttachment(int64_t case_id,
                                               int64_t attachment_id) override;
  absl::Status Reopen(int64_t case_id, const std::string& note,
                      const Actor& actor, absl::Time now) override;
  absl::StatusOr<std::vector<CaseEvent>> EventsAfter(
      int64_t after_event_id, const std::string& area_prefix,
      int limit) override;
  absl::StatusOr<int64_t> LatestEventId() override;
  absl::StatusOr<Ledger> GetLedger(const std::string& area_prefix,
                                   std::optional<int64_t> school_id,
                                   absl::Time now, absl::CivilDay from,
                                   absl::CivilDay to) override;

 private:
  using CaseEventRef = case_sql::CaseEventRef;
  int Notify(pqxx::work& tx, const std::vector<CaseEventRef>& events,
             const CaseRecipient& recipient) {
    return notifier_.Notify(tx, events, recipient);
  }
  int NotifyAll(pqxx::work& tx, const std::vector<CaseEventRef>& events,
                const std::vector<CaseRecipient>& recipients) {
    return notifier_.NotifyAll(tx, events, recipients);
  }

  // The details of an action's event: its facts, with the attachments
  // (which it links to `event_id` once appended; NOT_FOUND if one is not
  // the case's or already linked). In pg_case_attachments.cc.
  static absl::StatusOr<std::string> FactsJson(pqxx::work& tx, int64_t case_id,
                                               const CaseRecordFacts& facts,
                                               const std::string& extra);
  static void LinkAttachments(pqxx::work& tx, int64_t case_id,
                              const CaseRecordFacts& facts, int64_t event_id);

  // Opens the case of `kind` that closing `closed_case_id` calls for.
  void OpenFollowUp(pqxx::work& tx, int64_t closed_case_id, CaseKind kind,
                    const Actor& actor, absl::Time now);

  PgConnectionPool* pool_;
  const CaseRules rules_;
  const case_sql::CaseNotifier notifier_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CASE_STORE_H_

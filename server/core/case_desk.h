#ifndef BAOXUE_SERVER_CORE_CASE_DESK_H_
#define BAOXUE_SERVER_CORE_CASE_DESK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/core/caller.h"
#include "server/core/case_assignees.h"
#include "server/core/clock.h"
#include "server/core/read_router.h"
#include "server/store/case_store.h"
#include "server/store/directory_store.h"
#include "server/store/ledger_report_store.h"

namespace baoxue::core {

// What a caller asks ListCases for.
struct CaseQuery {
  std::string area_code;  // 12-digit code; empty = the caller's own area
  std::optional<int64_t> school_id;
  std::optional<bool> open;
  std::optional<int> level;
  bool overdue_only = false;
  int page_size = 0;  // 0 = 50; at most 500
  int64_t after_case_id = 0;
  std::string search;  // name, 全国学籍号 or village (store::CaseFilter)
};

// The case chain as callers see it: checks role and area on every call,
// stamps changes with the caller and the clock, then asks the store.
// Reading a case is attributable: it is logged with the caller (no personal
// data). Thread-safe; owns nothing.
// Roles: officials and admins read and act; systems may only read.
// A caller bound to a school (Caller::school_id, a principal's web account)
// sees and changes only that school's cases, gets only its school's ledger
// row, and may not watch an area.
// Errors: PERMISSION_DENIED outside the caller's area or role, NOT_FOUND,
// INVALID_ARGUMENT naming the field, FAILED_PRECONDITION for a change the
// case's state refuses.
class CaseDesk {
 public:
  // `reports` may be null: then ReportLedger and LedgerReports are
  // UNIMPLEMENTED; so may `assignments`: then Assign and Assignees are.
  // With `replica_cases` / `replica_reports` the lists, case details,
  // ledgers and ledger reports may be read from the read replica
  // (ReadRouter); every change is noted as its caller's write.
  CaseDesk(store::CaseStore* cases, store::DirectoryStore* directory,
           const Clock* clock, store::LedgerReportStore* reports = nullptr,
           store::CaseAssignmentStore* assignments = nullptr,
           ReplicaReads<store::CaseStore> replica_cases = {},
           ReplicaReads<store::LedgerReportStore> replica_reports = {})
      : cases_(cases),
        directory_(directory),
        clock_(clock),
        reports_(reports),
        assignments_(assignments),
        replica_cases_(replica_cases),
        replica_reports_(replica_reports) {}

  absl::StatusOr<store::CasePage> List(const Caller& caller,
                                       const CaseQuery& query) const;
  absl::StatusOr<store::CaseDetail> Get(const Caller& caller,
                                        int64_t case_id) const;
  // The level in charge takes the case; a non-empty `note` (at most 4000
  // bytes) is kept on the same "acknowledged" event, in one transaction.
  absl::Status Acknowledge(const Caller& caller, int64_t case_id,
                           const std::string& note = "") const;
  // An action needs a note, a day no later than today (case_records.h)
  // and attachments uploaded to this case (AddAttachment).
  absl::Status RecordAction(const Caller& caller, int64_t case_id,
                            absl::string_view kind, const std::string& note,
                            const store::CaseRecordFacts& facts = {}) const;
  // Closing needs a note; `returned` needs facts.returned_on.
  absl::Status Resolve(const Caller& caller, int64_t case_id,
                       absl::string_view outcome, const std::string& note,
                       const store::CaseRecordFacts& facts = {}) const;
  // Keeps a photo or scan (JPEG, PNG, PDF; at most kMaxAttachmentBytes) for
  // a record of the case; returns its id. The type comes from the bytes.
  absl::StatusOr<int64_t> AddAttachment(const Caller& caller, int64_t case_id,
                                        absl::string_view file_name,
                                        const std::string& bytes) const;
  // A file of the case, for those who may read the case.
  absl::StatusOr<store::CaseAttachment> Attachment(const Caller& caller,
                                                   int64_t case_id,
                                                   int64_t attachment_id) const;
  absl::Status Reopen(const Caller& caller, int64_t case_id,
                      const std::string& note) const;
  // Names person `person_id` in charge of the open case at its current
  // level (who may be named: case_assignees.h, DecideAssignment, and its
  // errors); the level's deadlines stay. A non-empty `note` (at most 4000
  // bytes) is kept on the "assigned" event, in one transaction. ABORTED if
  // the case moved meanwhile.
  absl::Status Assign(const Caller& caller, int64_t case_id, int64_t person_id,
                      const std::string& note = "") const;
  // Who may be named for the case now. Readable by whoever may read the
  // case; the read is logged with the caller like Get.
  absl::StatusOr<CaseAssignees> Assignees(const Caller& caller,
                                          int64_t case_id) const;
  // The ledger of `area_code` (empty = the caller's area) now, with its
  // daily history over [from, to] (at most 366 days; default: 30 days to
  // today).
  absl::StatusOr<store::Ledger> Ledger(const Caller& caller,
                                       const std::string& area_code,
                                       std::optional<absl::CivilDay> from,
                                       std::optional<absl::CivilDay> to) const;

  // 上报: a township's official sends the township's ledger over [from, to]
  // upward, frozen as `ledger_json` (what the caller was shown), with the
  // reviewer's name (审核, required). PERMISSION_DENIED unless the caller's
  // area is a township and it is not bound to a school. Returns the id.
  absl::StatusOr<int64_t> ReportLedger(const Caller& caller,
                                       absl::CivilDay from, absl::CivilDay to,
                                       const std::string& ledger_json,
                                       const std::string& reviewer_name,
                                       const std::string& note) const;
  // The latest report of each township inside `area_code` (empty: the
  // caller's area): the county sees who has reported.
  absl::StatusOr<std::vector<store::LedgerReport>> LedgerReports(
      const Caller& caller, const std::string& area_code) const;

  // The area `area_code` names (empty: the caller's own), through
  // ResolveArea: what a list or ledger answer says it covers.
  absl::StatusOr<store::Area> AreaOf(const Caller& caller,
                                     absl::string_view area_code) const;

  // The division-code prefix of the area a caller may watch (empty code =
  // their own area).
  absl::StatusOr<std::string> WatchPrefix(const Caller& caller,
                                          const std::string& area_code) const;
  // Case events after `after_event_id` under `prefix` (from WatchPrefix).
  absl::StatusOr<std::vector<store::CaseEvent>> EventsAfter(
      const std::string& prefix, int64_t after_event_id, int limit) const {
    return cases_->EventsAfter(after_event_id, prefix, limit);
  }
  absl::StatusOr<int64_t> LatestEventId() const {
    return cases_->LatestEventId();
  }

 private:
  // The area `area_code` names (empty: the caller's), if the caller may see
  // it; returns its division-code prefix.
  absl::StatusOr<std::string> AreaPrefix(const Caller& caller,
                                         const std::string& area_code) const;
  // OK if the caller may act on (or read) case `case_id`.
  absl::Status CheckCase(const Caller& caller, int64_t case_id,
                         bool change) const;

  store::CaseStore* cases_;
  store::DirectoryStore* directory_;
  const Clock* clock_;
  store::LedgerReportStore* reports_;
  store::CaseAssignmentStore* assignments_;
  const ReplicaReads<store::CaseStore> replica_cases_;
  const ReplicaReads<store::LedgerReportStore> replica_reports_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_DESK_H_

#include "server/core/case_desk.h"

#include "absl/cleanup/cleanup.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/area_access.h"
#include "server/core/case_records.h"
#include "server/core/input_checks.h"

namespace baoxue::core {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
constexpr int kMaxNoteBytes = 4000;
constexpr int kMaxLedgerDays = 366;

absl::Status CheckRole(const Caller& caller, bool change,
                       absl::string_view action) {
  if (change) {
    return RequireRole(
        caller, {store::CallerRole::kOfficial, store::CallerRole::kAdmin},
        action);
  }
  return RequireRole(caller,
                     {store::CallerRole::kOfficial, store::CallerRole::kAdmin,
                      store::CallerRole::kSystem},
                     action);
}

absl::Status CheckNote(const std::string& note) {
  return CheckText("note", note, kMaxNoteBytes);
}

// Who, for the record: the attributable id, the name people read and the
// role (a web account by its kind, a token by its role).
store::Actor ActorOf(const Caller& caller) {
  store::Actor actor{caller.Describe(), std::nullopt};
  actor.name = caller.display_name;
  actor.token_id = caller.account_id == 0 ? caller.token_id : 0;
  domain::ActorRole role = domain::ActorRole::kSystem;
  if (caller.account_id != 0) {
    role = caller.school_id.has_value() ? domain::ActorRole::kPrincipal
           : caller.scope.level == domain::AreaLevel::kCounty
               ? domain::ActorRole::kCounty
               : domain::ActorRole::kTownship;
  } else if (const auto parsed =
                 domain::Parse<domain::ActorRole>(domain::Code(caller.role))) {
    role = *parsed;
  }
  actor.role = std::string(domain::Code(role));
  return actor;
}

}  // namespace

absl::StatusOr<store::Area> CaseDesk::AreaOf(
    const Caller& caller, absl::string_view area_code) const {
  return ResolveArea(caller, area_code, *directory_);
}

absl::StatusOr<std::string> CaseDesk::AreaPrefix(
    const Caller& caller, const std::string& area_code) const {
  BAOXUE_ASSIGN_OR_RETURN(const store::Area area,
                          ResolveArea(caller, area_code, *directory_));
  return std::string(store::DivisionPrefix(area));
}

absl::Status CaseDesk::CheckCase(const Caller& caller, int64_t case_id,
                                 bool change) const {
  BAOXUE_RETURN_IF_ERROR(
      CheckRole(caller, change, change ? "change cases" : "read cases"));
  if (case_id <= 0) {
    return absl::InvalidArgumentError("case_id: must be a positive case id");
  }
  absl::StatusOr<std::string> village = cases_->CaseVillage(case_id);
  if (!village.ok()) return HideMissing(village.status(), "case", case_id);
  if (!caller.CanSeeVillage(*village)) return NotInCallersArea("case", case_id);
  if (caller.school_id.has_value()) {
    BAOXUE_ASSIGN_OR_RETURN(const store::CaseDetail detail,
                            cases_->GetCase(case_id, clock_->Now()));
    if (!caller.CanSeeSchool(detail.summary.school_id)) {
      return NotInCallersArea("case", case_id);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<store::CasePage> CaseDesk::List(const Caller& caller,
                                               const CaseQuery& query) const {
  BAOXUE_RETURN_IF_ERROR(CheckRole(caller, false, "read cases"));
  if (query.page_size < 0 || query.page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: between 0 and ", kMaxPageSize));
  }
  if (query.level.has_value() &&
      (*query.level < 1 || *query.level > store::kChainLevels)) {
    return absl::InvalidArgumentError("level: between 1 and 6");
  }
  store::CaseFilter filter;
  BAOXUE_ASSIGN_OR_RETURN(filter.area_prefix,
                          AreaPrefix(caller, query.area_code));
  filter.school_id = query.school_id;
  if (caller.school_id.has_value()) {
    if (query.school_id.has_value() && !caller.CanSeeSchool(*query.school_id)) {
      return absl::PermissionDeniedError(absl::StrCat(
          "school ", *query.school_id, " is outside the caller's school"));
    }
    filter.school_id = caller.school_id;
  }
  filter.open = query.open;
  filter.level = query.level;
  filter.overdue_only = query.overdue_only;
  filter.now = clock_->Now();
  filter.page_size = query.page_size == 0 ? kDefaultPageSize : query.page_size;
  filter.after_case_id = query.after_case_id;
  if (query.search.size() > 100) {
    return absl::InvalidArgumentError("q: at most 100 bytes");
  }
  filter.search = std::string(absl::StripAsciiWhitespace(query.search));
  return replica_cases_.Read(caller, cases_, [&](store::CaseStore& cases) {
    return cases.ListCases(filter);
  });
}

absl::StatusOr<store::CaseDetail> CaseDesk::Get(const Caller& caller,
                                                int64_t case_id) const {
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, false));
  LogInfo(absl::StrCat(caller.Describe(), " read case ", case_id));
  return replica_cases_.Read(caller, cases_, [&](store::CaseStore& cases) {
    return cases.GetCase(case_id, clock_->Now());
  });
}

absl::Status CaseDesk::Acknowledge(const Caller& caller, int64_t case_id,
                                   const std::string& note) const {
  BAOXUE_RETURN_IF_ERROR(CheckNote(note));
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, true));
  const absl::Cleanup noted = [&] { replica_cases_.NoteWrite(caller); };
  return cases_->Acknowledge(case_id, note, ActorOf(caller), clock_->Now());
}

absl::Status CaseDesk::RecordAction(const Caller& caller, int64_t case_id,
                                    absl::string_view kind,
                                    const std::string& note,
                                    const store::CaseRecordFacts& facts) const {
  const std::optional<store::CaseEventKind> parsed =
      domain::Parse<domain::CaseEventKind>(kind);
  if (!parsed.has_value() || !domain::IsActionKind(*parsed)) {
    return absl::InvalidArgumentError(
        absl::StrCat("action: unknown action \"", ForError(kind),
                     "\" (call, home_visit, aid_referral, commitment_signed, "
                     "return_notice or note)"));
  }
  BAOXUE_RETURN_IF_ERROR(CheckNote(note));
  const absl::Time now = clock_->Now();
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, true));
  BAOXUE_RETURN_IF_ERROR(
      CheckActionRecord(*parsed, note, facts, LocalDay(now)));
  const absl::Cleanup noted = [&] { replica_cases_.NoteWrite(caller); };
  return cases_->RecordAction(case_id, *parsed, note, facts, ActorOf(caller),
                              now);
}

absl::Status CaseDesk::Resolve(const Caller& caller, int64_t case_id,
                               absl::string_view outcome,
                               const std::string& note,
                               const store::CaseRecordFacts& facts) const {
  const std::optional<store::CaseOutcome> parsed =
      domain::Parse<domain::CaseOutcome>(outcome);
  if (!parsed.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "outcome: unknown outcome \"", ForError(outcome),
        "\" (a dropout-risk case: returned, transferred, home_delivery, "
        "not_at_risk or moved_out; a verification task: docs/checks.md)"));
  }
  BAOXUE_RETURN_IF_ERROR(CheckNote(note));
  const absl::Time now = clock_->Now();
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, true));
  BAOXUE_RETURN_IF_ERROR(
      CheckClosingRecord(*parsed, note, facts, LocalDay(now)));
  const absl::Cleanup noted = [&] { replica_cases_.NoteWrite(caller); };
  return cases_->Resolve(case_id, *parsed, note, facts, ActorOf(caller), now);
}

absl::StatusOr<int64_t> CaseDesk::AddAttachment(
    const Caller& caller, int64_t case_id, absl::string_view file_name,
    const std::string& bytes) const {
  BAOXUE_ASSIGN_OR_RETURN(const std::string type, SniffAttachmentType(bytes));
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, true));
  store::CaseAttachment attachment;
  attachment.case_id = case_id;
  attachment.file_name = SafeFileName(file_name);
  attachment.content_type = type;
  attachment.bytes = bytes;
  const absl::Cleanup noted = [&] { replica_cases_.NoteWrite(caller); };
  return cases_->AddAttachment(attachment, ActorOf(caller), clock_->Now());
}

absl::StatusOr<store::CaseAttachment> CaseDesk::Attachment(
    const Caller& caller, int64_t case_id, int64_t attachment_id) const {
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, false));
  LogInfo(absl::StrCat(caller.Describe(), " read attachment ", attachment_id,
                       " of case ", case_id));
  return cases_->GetAttachment(case_id, attachment_id);
}

absl::Status CaseDesk::Reopen(const Caller& caller, int64_t case_id,
                              const std::string& note) const {
  BAOXUE_RETURN_IF_ERROR(CheckNote(note));
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, true));
  const absl::Cleanup noted = [&] { replica_cases_.NoteWrite(caller); };
  return cases_->Reopen(case_id, note, ActorOf(caller), clock_->Now());
}

absl::Status CaseDesk::Assign(const Caller& caller, int64_t case_id,
                              int64_t person_id,
                              const std::string& note) const {
  if (assignments_ == nullptr) {
    return absl::UnimplementedError("assignments are not kept here");
  }
  BAOXUE_RETURN_IF_ERROR(CheckNote(note));
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, true));
  absl::StatusOr<store::AssignmentTarget> target =
      assignments_->Target(case_id);
  if (!target.ok()) return HideMissing(target.status(), "case", case_id);
  BAOXUE_ASSIGN_OR_RETURN(
      const store::AssignmentChange change,
      DecideAssignment(caller, *target, person_id,
                       person_id > 0 ? assignments_->Person(person_id)
                                     : absl::NotFoundError("no person"),
                       note));
  return assignments_->Assign(change, ActorOf(caller), clock_->Now());
}

absl::StatusOr<CaseAssignees> CaseDesk::Assignees(const Caller& caller,
                                                  int64_t case_id) const {
  if (assignments_ == nullptr) {
    return absl::UnimplementedError("assignments are not kept here");
  }
  BAOXUE_RETURN_IF_ERROR(CheckCase(caller, case_id, false));
  absl::StatusOr<store::AssignmentTarget> target =
      assignments_->Target(case_id);
  if (!target.ok()) return HideMissing(target.status(), "case", case_id);
  LogInfo(
      absl::StrCat(caller.Describe(), " read the assignees of case ", case_id));
  CaseAssignees answer;
  answer.case_id = case_id;
  answer.level = target->level;
  answer.role = domain::RoleAtLevel(target->level);
  answer.person_id = target->person_id;
  if (target->status != domain::CaseStatus::kOpen || !answer.role) {
    return answer;
  }
  const std::optional<store::PersonKey> key =
      CoveringKey(*answer.role, target->subject);
  if (!key.has_value()) return answer;
  BAOXUE_ASSIGN_OR_RETURN(answer.people, assignments_->People(*key));
  return answer;
}

absl::StatusOr<store::Ledger> CaseDesk::Ledger(
    const Caller& caller, const std::string& area_code,
    std::optional<absl::CivilDay> from,
    std::optional<absl::CivilDay> to) const {
  BAOXUE_RETURN_IF_ERROR(CheckRole(caller, false, "read the ledger"));
  const absl::Time now = clock_->Now();
  const absl::CivilDay last = to.value_or(LocalDay(now));
  const absl::CivilDay first = from.value_or(last - 29);
  if (first > last) {
    return absl::InvalidArgumentError("from_date: must not be after to_date");
  }
  if (last - first >= kMaxLedgerDays) {
    return absl::InvalidArgumentError(absl::StrCat(
        "from_date: at most ", kMaxLedgerDays, " days of history"));
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::string prefix,
                          AreaPrefix(caller, area_code));
  BAOXUE_ASSIGN_OR_RETURN(
      store::Ledger ledger,
      replica_cases_.Read(caller, cases_, [&](store::CaseStore& cases) {
        return cases.GetLedger(prefix, caller.school_id, now, first, last);
      }));
  if (!caller.school_id.has_value()) return ledger;
  // A school-bound caller sees its school's row and history, counted over
  // its own cases only; township rows would name the township's totals.
  ledger.townships.clear();
  ledger.total.code = absl::StrCat(*caller.school_id);
  for (const store::LedgerRow& row : ledger.schools) {
    if (row.code == ledger.total.code) ledger.total = row;
  }
  return ledger;
}

absl::StatusOr<int64_t> CaseDesk::ReportLedger(const Caller& caller,
                                               absl::CivilDay from,
                                               absl::CivilDay to,
                                               const std::string& ledger_json,
                                               const std::string& reviewer_name,
                                               const std::string& note) const {
  if (reports_ == nullptr) {
    return absl::UnimplementedError("ledger reports are not kept here");
  }
  BAOXUE_RETURN_IF_ERROR(CheckRole(caller, true, "report the ledger"));
  if (caller.scope.level != domain::AreaLevel::kTownship ||
      caller.school_id.has_value()) {
    return absl::PermissionDeniedError(
        "only a township reports its ledger upward");
  }
  if (absl::StripAsciiWhitespace(reviewer_name).empty()) {
    return absl::InvalidArgumentError("reviewer_name: required (审核)");
  }
  if (reviewer_name.size() > 100) {
    return absl::InvalidArgumentError("reviewer_name: at most 100 bytes");
  }
  BAOXUE_RETURN_IF_ERROR(CheckNote(note));
  store::LedgerReport report;
  report.area_code = caller.scope.division_code;
  report.from = from;
  report.to = to;
  report.ledger_json = ledger_json;
  report.reporter = caller.Describe();
  report.reporter_name = caller.display_name;
  report.reviewer_name = std::string(absl::StripAsciiWhitespace(reviewer_name));
  report.note = note;
  report.reported_at = clock_->Now();
  LogInfo(absl::StrCat(caller.Describe(), " reported the ledger of area ",
                       report.area_code));
  const absl::Cleanup noted = [&] { replica_reports_.NoteWrite(caller); };
  return reports_->AddReport(report);
}

absl::StatusOr<std::vector<store::LedgerReport>> CaseDesk::LedgerReports(
    const Caller& caller, const std::string& area_code) const {
  if (reports_ == nullptr) {
    return absl::UnimplementedError("ledger reports are not kept here");
  }
  BAOXUE_RETURN_IF_ERROR(CheckRole(caller, false, "read the ledger"));
  if (caller.school_id.has_value()) {
    return absl::PermissionDeniedError(
        "a caller bound to a school sees no township reports");
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::string prefix,
                          AreaPrefix(caller, area_code));
  return replica_reports_.Read(caller, reports_,
                               [&](store::LedgerReportStore& reports) {
                                 return reports.LatestReports(prefix);
                               });
}

absl::StatusOr<std::string> CaseDesk::WatchPrefix(
    const Caller& caller, const std::string& area_code) const {
  BAOXUE_RETURN_IF_ERROR(CheckRole(caller, false, "watch cases"));
  if (caller.school_id.has_value()) {
    return absl::PermissionDeniedError(
        "a caller bound to a school may not watch an area's cases");
  }
  return AreaPrefix(caller, area_code);
}

}  // namespace baoxue::core

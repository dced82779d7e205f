#ifndef BAOXUE_SERVER_STORE_CASE_TYPES_H_
#define BAOXUE_SERVER_STORE_CASE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"

namespace baoxue::store {

// The chain's vocabulary is the domain's (domain/vocabulary.h); the store
// converts to and from its SQL enums with domain::Code / domain::Parse.
using domain::CaseEventKind;
using domain::CaseKind;
using domain::CaseOutcome;
using domain::CaseStatus;
using domain::ChainRole;
using domain::kChainLevels;

// Who changed a case: the authenticated caller, for attribution.
struct Actor {
  std::string description;           // e.g. "token 12"; never a secret
  std::optional<int64_t> person_id;  // the responsible person, if known
  // What the record shows: the name (empty: a token's description, looked
  // up by `token_id`) and the role (domain::ActorRole code).
  std::string name = {};
  std::string role = {};
  int64_t token_id = 0;
};

// What a person records beyond the note: the day it happened (a visit's
// date, not the time it was typed), the day a returned child was back in
// class, and the files uploaded for it (store::CaseStore::AddAttachment).
struct CaseRecordFacts {
  std::optional<absl::CivilDay> happened_on;
  std::optional<absl::CivilDay> returned_on;
  std::vector<int64_t> attachment_ids;
};

// A file kept with a case (佐证材料: a photo, a scanned commitment).
struct CaseAttachment {
  int64_t attachment_id = 0;
  int64_t case_id = 0;
  std::string file_name;
  std::string content_type;  // sniffed from the bytes, never the client's
  std::string bytes;
};

// A top reason of the score behind a message (raw feature value only; the
// composer turns it into words).
struct MessageReason {
  std::string feature;
  double value = 0;
};

// Everything a pushed message may say about a case change. `student_name`
// is the full name, which the composer masks; no student number, ID or phone
// is included.
struct CaseMessage {
  domain::CaseMessageKind kind = domain::CaseMessageKind::kAssigned;
  int64_t case_id = 0;
  int level = 0;                          // the recipient's level
  int case_level = 0;                     // the level now in charge of the case
  std::optional<domain::ChainRole> role;  // the recipient's; none on record
  std::optional<int64_t> recipient_person_id;
  std::string student_name;  // full name (a student's, or a 户籍 child's
                             // registration): the composer masks it
  int grade = 0;             // 0 and "" without a student row
  std::string school;
  std::string village;
  std::string township;
  std::string township_code;
  std::string village_code;  // routes the message to channels by area
  double probability = 0;
  std::vector<MessageReason> reasons;
  std::optional<absl::Time> deadline;          // the recipient's next deadline
  std::optional<domain::CaseOutcome> outcome;  // for kResolved
  domain::CaseKind case_kind = domain::CaseKind::kDropoutRisk;
  std::string opened_reason;  // OpenReason or CheckReason code
};

// What OpenCasesFromRun did.
struct CaseOpening {
  int64_t flagged = 0;   // scores that met the rules
  int64_t opened = 0;    // new cases
  int64_t reopened = 0;  // closed cases opened again
  int64_t attached = 0;  // scores attached to an open case
  int64_t messages = 0;  // outbox rows written
};

// What EscalateDue did.
struct EscalationSweep {
  int64_t escalated = 0;
  int64_t reminded = 0;
  int64_t messages = 0;
};

struct CaseFilter {
  std::string area_prefix;  // division-code prefix the cases must lie in
  std::optional<int64_t> school_id;
  std::optional<bool> open;  // nullopt = open and closed
  std::optional<int> level;
  bool overdue_only = false;
  absl::Time now;  // for "overdue"
  int page_size = 50;
  int64_t after_case_id = 0;  // pagination cursor (cases by id)
  // A student's name (or part of it), 全国学籍号 (whole) or village name
  // (or part); empty = every case. Answers still carry masked names only.
  std::string search = {};
};

struct CaseSummary {
  int64_t case_id = 0;
  CaseKind kind = CaseKind::kDropoutRisk;
  int64_t student_id = 0;    // 0: a verification task about a 户籍 child
  std::string student_name;  // full name; services mask it unless allowed
  int grade = 0;
  int64_t school_id = 0;
  std::string school;
  std::string village_code;
  std::string village;
  CaseStatus status = CaseStatus::kOpen;
  std::optional<CaseOutcome> outcome;  // when closed
  std::string opened_reason;
  int level = 0;
  std::optional<ChainRole> role;  // nullopt: no assignment yet
  std::optional<int64_t> person_id;
  std::string person_name;
  absl::Time opened_at;
  std::optional<absl::Time> closed_at;
  std::optional<absl::Time> acknowledged_at;
  absl::Time ack_deadline;
  absl::Time resolve_deadline;
  bool overdue = false;
  double latest_probability = 0;
  int reopen_count = 0;
};

struct CasePage {
  std::vector<CaseSummary> cases;
  int64_t next_after_case_id = 0;  // 0 = no more pages
};

struct CaseEvent {
  int64_t event_id = 0;
  int64_t case_id = 0;
  absl::Time at;
  std::string actor;
  std::optional<int64_t> actor_person_id;
  CaseEventKind kind = CaseEventKind::kNote;
  int level = 0;
  std::string note;
  std::string details_json;
  std::string village_code;  // of the case
};

struct CaseAssignment {
  int level = 0;
  ChainRole role = ChainRole::kTeacher;
  std::optional<int64_t> person_id;
  std::string person_name;
  absl::Time assigned_at;
  absl::Time ack_deadline;
  absl::Time resolve_deadline;
  std::optional<absl::Time> acknowledged_at;
  std::optional<absl::Time> ended_at;
};

struct CaseScorePoint {
  int64_t run_id = 0;
  absl::CivilDay as_of;
  double probability = 0;
  domain::RiskTier tier = domain::RiskTier::kLow;
};

struct CaseDetail {
  CaseSummary summary;
  std::vector<CaseAssignment> assignments;  // by level
  std::vector<CaseEvent> events;            // oldest first
  std::vector<CaseScorePoint> scores;       // oldest first
  std::vector<MessageReason> latest_reasons;
};

// One row of the ledger (台账): a township or a school.
struct LedgerRow {
  std::string code;  // township division code, or the school id
  std::string name;
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t escalated = 0;  // open above level 2 (out of the school's hands)
  int64_t returned = 0;   // closed with outcome "returned"
  int64_t closed = 0;     // closed with any outcome
};

struct LedgerDay {
  absl::CivilDay day;
  int64_t opened = 0;     // cases opened that day
  int64_t open = 0;       // open at the end of the day
  int64_t escalated = 0;  // escalations that day
  int64_t returned = 0;   // returned to school that day
  int64_t closed = 0;     // closed that day
};

struct Ledger {
  LedgerRow total;
  std::vector<LedgerRow> townships;
  std::vector<LedgerRow> schools;
  std::vector<LedgerDay> history;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_CASE_TYPES_H_

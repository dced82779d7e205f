#ifndef BAOXUE_SERVER_WEB_WEB_API_H_
#define BAOXUE_SERVER_WEB_WEB_API_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "server/core/case_desk.h"
#include "server/core/checks/check_desk.h"
#include "server/core/drift_monitor.h"
#include "server/core/risk_list.h"
#include "server/core/track_record.h"
#include "server/core/web_auth.h"
#include "server/store/directory_store.h"

namespace baoxue::web {

// One HTTP request as a handler sees it (the server fills it in).
struct WebCall {
  const core::WebSession* session = nullptr;  // null only for Login
  std::map<std::string, std::string> params;  // query parameters
  std::string body;                           // POST body (JSON)
  std::string path_id;                        // the N of /api/cases/N/...
  std::string request_id;                     // for log lines (X-Request-Id)
  std::string path_sub_id;     // the M of /api/cases/N/attachments/M
  std::string remote_address;  // the peer (sign-in throttle)

  // The query parameter `name`, or "".
  std::string Param(const char* name) const;
};

// What a handler answers.
struct WebReply {
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::string attachment;  // a download's file name; empty = shown inline
  std::string cookie;      // a Set-Cookie value; empty = none
};

// The page's API (docs/web-api.md), one short method per endpoint, like the
// gRPC services: parse the request, call core, render the answer. JSON
// answers are the same proto messages the gRPC services return (through
// server/convert), printed by protobuf's JSON printer with proto field
// names; Excel and print pages come from exports/. Areas are resolved by
// core (ResolveArea), names masked by core's rule. Authentication, CSRF and
// the status-to-HTTP mapping are the server's, around every method.
// Thread-safe; owns nothing. Errors: core's, and INVALID_ARGUMENT naming a
// malformed parameter.
class WebApi {
 public:
  WebApi(core::WebAuth* auth, core::RiskListDesk* risk_lists,
         core::CaseDesk* cases, const core::checks::CheckDesk* checks,
         bool secure_cookie,
         const core::TrackRecordReader* track_record = nullptr,
         const core::DriftMonitor* drift = nullptr)
      : auth_(auth),
        risk_lists_(risk_lists),
        cases_(cases),
        checks_(checks),
        secure_cookie_(secure_cookie),
        track_record_(track_record),
        drift_(drift) {}

  absl::Status Login(const WebCall& call, WebReply& reply) const;
  absl::Status Logout(const WebCall& call, WebReply& reply) const;
  absl::Status Me(const WebCall& call, WebReply& reply) const;
  // The second factor of the signed-in account: enrol answers
  // {"otpauth_uri": ...} once; confirm takes {"code": "123456"}.
  absl::Status TotpEnrol(const WebCall& call, WebReply& reply) const;
  absl::Status TotpConfirm(const WebCall& call, WebReply& reply) const;
  // The page's words for every code the API sends (tiers, statuses, event
  // kinds, outcomes, roles, the check's comparisons, reasons, row states and
  // key groups): the one vocabulary of domain/vocabulary.h, as
  // {"zh": {"tier_high": "高", ...}, "en": {...}}. No session needed.
  absl::Status Vocabulary(const WebCall& call, WebReply& reply) const;
  absl::Status RiskList(const WebCall& call, WebReply& reply) const;
  absl::Status Cases(const WebCall& call, WebReply& reply) const;
  absl::Status Case(const WebCall& call, WebReply& reply) const;
  absl::Status RecordAction(const WebCall& call, WebReply& reply) const;
  absl::Status Resolve(const WebCall& call, WebReply& reply) const;
  absl::Status Acknowledge(const WebCall& call, WebReply& reply) const;
  absl::Status Reopen(const WebCall& call, WebReply& reply) const;
  // POST /api/cases/N/assign {person_id, note}: names who is in charge at
  // the case's level; answers the case.
  absl::Status Assign(const WebCall& call, WebReply& reply) const;
  // GET /api/cases/N/assignees: who may be named (ListAssigneesResponse).
  absl::Status Assignees(const WebCall& call, WebReply& reply) const;
  // POST /api/cases/N/attachments?name=F with the file's bytes as the body:
  // {"attachment_id": "7"}, for the next action's attachment_ids.
  absl::Status UploadAttachment(const WebCall& call, WebReply& reply) const;
  // GET /api/cases/N/attachments/M: the file, as a download.
  absl::Status Attachment(const WebCall& call, WebReply& reply) const;
  absl::Status Ledger(const WebCall& call, WebReply& reply) const;
  // POST /api/ledger/report {from, to, reviewer_name, note}: the caller's
  // township's ledger, as it stands, sent upward (上报).
  absl::Status ReportLedger(const WebCall& call, WebReply& reply) const;
  // GET /api/ledger/reports?area=: the latest report of each township.
  absl::Status LedgerReports(const WebCall& call, WebReply& reply) const;
  // The latest 四查三比对 report of ?area= (default: the caller's area).
  absl::Status Checks(const WebCall& call, WebReply& reply) const;
  // The active model's drift (Models.GetDrift's answer): county-level
  // data staff and administrators; ?days=N (default 14).
  absl::Status ModelDrift(const WebCall& call, WebReply& reply) const;
  absl::Status RiskListXlsx(const WebCall& call, WebReply& reply) const;
  absl::Status LedgerXlsx(const WebCall& call, WebReply& reply) const;
  absl::Status ChecksXlsx(const WebCall& call, WebReply& reply) const;
  absl::Status RiskListPrint(const WebCall& call, WebReply& reply) const;
  absl::Status LedgerPrint(const WebCall& call, WebReply& reply) const;
  // GET /api/track-record?limit=N: how past risk runs' flags turned out
  // (data staff and administrators; Models.GetTrackRecord's message).
  absl::Status TrackRecord(const WebCall& call, WebReply& reply) const;

 private:
  // The case after a change, or on its own: the page shows it at once.
  absl::Status CaseReply(const core::Caller& caller, int64_t case_id,
                         WebReply& reply) const;

  core::WebAuth* auth_;
  core::RiskListDesk* risk_lists_;
  core::CaseDesk* cases_;
  const core::checks::CheckDesk* checks_;
  bool secure_cookie_;
  const core::TrackRecordReader* track_record_;  // null: UNIMPLEMENTED
  const core::DriftMonitor* drift_;              // may be null
};

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_WEB_API_H_

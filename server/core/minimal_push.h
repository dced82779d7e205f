#ifndef BAOXUE_SERVER_CORE_MINIMAL_PUSH_H_
#define BAOXUE_SERVER_CORE_MINIMAL_PUSH_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"

namespace baoxue::core {

// What a push to a receiver outside the government network may carry
// (issue 14 point 6, docs/notifications.md "What a push carries"): the case
// number, level, deadline, masked name and a link to the case on the web
// page. Nothing else: no school, village, township, grade, reasons, risk or
// role, nothing that could identify a child in a village school.
struct MinimalPush {
  std::string kind;       // domain::CaseMessageKind code, e.g. "assigned"
  std::string case_kind;  // domain::CaseKind code; "" = dropout_risk
  int64_t case_id = 0;
  int level = 0;         // the recipient's level in the chain (1-6)
  std::string deadline;  // RFC 3339 in county time, or ""
  std::string student;   // masked name (张*明)
  std::string link;      // "<web_url>#/case/<id>", or "" without web_url
};

// Picks the minimal fields out of a full message payload (the JSON that
// CaseMessageComposer writes). `web_url` is notify.web_url (may be empty).
// The name is masked again, so an unmasked name can never slip through.
// INVALID_ARGUMENT if the payload is not a JSON object or has no numeric
// case_id or no kind.
absl::StatusOr<MinimalPush> MinimalPushFromPayload(
    absl::string_view payload_json, absl::string_view web_url);

// A one-line title and a short markdown text in one language, with words
// from domain/vocabulary.h.
std::string MinimalPushTitle(const MinimalPush& push,
                             domain::Language language);
std::string MinimalPushText(const MinimalPush& push, domain::Language language);

// The minimal push as a JSON object (webhooks without full_detail):
// {"kind", "case_kind", "case_id", "level", "deadline", "student", "link",
//  "title", "text"}; empty fields are left out.
std::string MinimalPushJson(const MinimalPush& push, domain::Language language);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_MINIMAL_PUSH_H_

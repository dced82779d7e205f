#ifndef BAOXUE_SERVER_CONVERT_CASE_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_CASE_CONVERT_H_

#include "baoxue/v1/cases.pb.h"
#include "server/core/caller.h"
#include "server/core/case_assignees.h"
#include "server/store/area.h"
#include "server/store/case_types.h"

namespace baoxue::convert {

// Store records -> the case chain's messages, for the gRPC service and the
// web alike. Every time is RFC 3339 in county time (domain::FormatCountyTime).
// Summaries carry the masked name only; a case file carries the full name
// only when core::MayReadFullName(caller). Pure functions.
void ToProto(const store::CaseSummary& summary, baoxue::v1::CaseSummary* out);
void ToProto(const store::CaseEvent& event, baoxue::v1::CaseEvent* out);
void ToProto(const store::CaseDetail& detail, const core::Caller& caller,
             baoxue::v1::Case* out);
// Who may be named for a case; names only when
// core::MayReadAssigneeNames(caller).
void ToProto(const core::CaseAssignees& assignees, const core::Caller& caller,
             baoxue::v1::ListAssigneesResponse* out);
// A page of the case board of `area` (as core::ResolveArea found it).
void ToProto(const store::Area& area, const store::CasePage& page,
             baoxue::v1::ListCasesResponse* out);
// The ledger of `area`.
void ToProto(const store::Area& area, const store::Ledger& ledger,
             baoxue::v1::Ledger* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_CASE_CONVERT_H_

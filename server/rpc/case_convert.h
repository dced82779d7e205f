#ifndef BAOXUE_SERVER_RPC_CASE_CONVERT_H_
#define BAOXUE_SERVER_RPC_CASE_CONVERT_H_

#include "baoxue/v1/cases.pb.h"
#include "server/store/case_types.h"

namespace baoxue::rpc {

// Store records -> protos. Summaries carry the masked name only; the full
// name goes into Case.student_name by the service, for GetCase alone.
void ToProto(const store::CaseSummary& summary, baoxue::v1::CaseSummary* out);
void ToProto(const store::CaseEvent& event, baoxue::v1::CaseEvent* out);
void ToProto(const store::CaseDetail& detail, baoxue::v1::Case* out);
void ToProto(const store::Ledger& ledger, baoxue::v1::Ledger* out);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_CASE_CONVERT_H_

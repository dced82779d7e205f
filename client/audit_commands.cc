#include "client/audit_commands.h"

#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "baoxue/v1/audit.grpc.pb.h"
#include "base/status_macros.h"
#include "client/grpc_call.h"
#include "client/output.h"

ABSL_DECLARE_FLAG(int, limit);

ABSL_FLAG(int64_t, student_id, 0, "audit: rows naming this student");
ABSL_FLAG(std::string, caller, "",
          "audit: rows of this caller, e.g. \"token 5\" or \"web account 3\"");
ABSL_FLAG(std::string, since, "", "audit: rows at or after this RFC 3339 time");
ABSL_FLAG(std::string, until, "", "audit: rows before this RFC 3339 time");

namespace baoxue::client {
namespace {

using baoxue::v1::Audit;

// Verifying a long chain reads every row: a few minutes at most.
std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  return CallContext(token, absl::Now() + absl::Minutes(10));
}

void PrintRows(const baoxue::v1::QueryAuditResponse& response, Words words,
               std::ostream& out) {
  out << words("编号\t时间\t调用者\t角色\t操作\t对象\t条数\t学生\t来源\t结果",
               "id\ttime\tcaller\trole\taction\ttarget\tcount\tstudents\tpeer\t"
               "result")
      << "\n";
  for (const baoxue::v1::AuditRow& row : response.rows()) {
    out << row.audit_id() << "\t" << row.at() << "\t" << row.caller() << "\t"
        << row.role() << "\t" << row.action() << "\t" << row.target() << "\t"
        << row.count() << "\t"
        << (row.student_ids_size() > 10
                ? absl::StrCat(row.student_ids_size(),
                               words(" 名学生", " students"))
                : absl::StrJoin(row.student_ids(), ","))
        << "\t" << row.peer() << "\t" << row.result() << "\n";
  }
}

}  // namespace

absl::Status RunAuditCommand(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& token,
                             const std::vector<std::string>& args, Words words,
                             bool json) {
  const std::unique_ptr<Audit::Stub> stub = Audit::NewStub(channel);
  if (args.size() == 1 && args[0] == "verify") {
    absl::StatusOr<baoxue::v1::AuditVerification> result =
        Call(stub.get(), &Audit::Stub::Verify, Context(token),
             baoxue::v1::VerifyAuditRequest());
    BAOXUE_RETURN_IF_ERROR(
        ShowResult(result, json, [words](const auto& v, std::ostream& out) {
          if (v.intact() && words.english()) {
            out << "audit chain intact: " << v.rows_checked()
                << " rows checked (after pruned row " << v.anchor_audit_id()
                << ")\n";
          } else if (v.intact()) {
            out << "审计链完整：已校验 " << v.rows_checked()
                << " 条（自已清理的第 " << v.anchor_audit_id() << " 条之后）\n";
          } else if (words.english()) {
            out << "AUDIT CHAIN BROKEN at row " << v.first_bad_audit_id()
                << ": " << v.problem() << " (" << v.rows_checked()
                << " rows before it verified)\n";
          } else {
            // The problem is the server's own words (English).
            out << "审计链断裂，第 " << v.first_bad_audit_id() << " 条："
                << v.problem() << "（此前 " << v.rows_checked()
                << " 条校验无误）\n";
          }
        }));
    if (!result->intact()) {
      return absl::DataLossError(absl::StrCat("audit chain broken at row ",
                                              result->first_bad_audit_id()));
    }
    return absl::OkStatus();
  }
  if (args.size() == 1 && args[0] == "prune") {
    return ShowResult(Call(stub.get(), &Audit::Stub::Prune, Context(token),
                           baoxue::v1::PruneAuditRequest()),
                      json, [words](const auto& r, std::ostream& out) {
                        if (words.english()) {
                          out << "pruned " << r.pruned()
                              << " audit rows past the retention\n";
                        } else {
                          out << "已清理超过保存期限的审计记录 " << r.pruned()
                              << " 条\n";
                        }
                      });
  }
  if (!args.empty()) {
    return absl::InvalidArgumentError(
        "usage: baoxue audit [verify | prune | --student_id N --caller C "
        "--since T --until T --limit N]");
  }
  baoxue::v1::QueryAuditRequest request;
  request.set_student_id(absl::GetFlag(FLAGS_student_id));
  request.set_caller(absl::GetFlag(FLAGS_caller));
  request.set_from_time(absl::GetFlag(FLAGS_since));
  request.set_to_time(absl::GetFlag(FLAGS_until));
  request.set_limit(absl::GetFlag(FLAGS_limit));
  return ShowResult(
      Call(stub.get(), &Audit::Stub::Query, Context(token), request), json,
      [words](const baoxue::v1::QueryAuditResponse& r, std::ostream& out) {
        PrintRows(r, words, out);
      });
}

}  // namespace baoxue::client

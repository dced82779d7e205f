// The access matrix of docs/access.md, asserted: every gRPC method and every
// HTTP route, called as every role (API tokens) and every kind of web
// account, in and out of area, against the whole server (ServerParts) over
// the real PostgreSQL. It fails when a service method or a route exists that
// the tables below do not list: whoever adds an RPC or a route adds its row
// here and in docs/access.md.
#include <dirent.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "baoxue/v1/admin.grpc.pb.h"
#include "baoxue/v1/audit.grpc.pb.h"
#include "baoxue/v1/cases.grpc.pb.h"
#include "baoxue/v1/checks.grpc.pb.h"
#include "baoxue/v1/imports.grpc.pb.h"
#include "baoxue/v1/models.grpc.pb.h"
#include "baoxue/v1/risk_lists.grpc.pb.h"
#include "baoxue/v1/runs.grpc.pb.h"
#include "baoxue/v1/scoring.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/password.h"
#include "server/core/token_issuer.h"
#include "server/server_config.h"
#include "server/server_parts.h"
#include "tests/server/fakes.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/in_process_grpc.h"
#include "tests/testing/status_matchers.h"
// After Eigen (via server/core): httplib.h defines names Eigen also uses.
#include "httplib.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using store::CallerRole;

constexpr char kCounty[] = "360799000000";
constexpr char kTownshipA[] = "360799101000";  // where every target lies
constexpr char kPassword[] = "qingshan-matrix-2026";

// The area of the calling token: the whole county, township A (in area) or
// another township (out of area).
enum class Scope { kCounty, kInArea, kOutOfArea };
constexpr Scope kScopes[] = {Scope::kCounty, Scope::kInArea, Scope::kOutOfArea};

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kCounty:
      return "county";
    case Scope::kInArea:
      return "in-area";
    case Scope::kOutOfArea:
      return "out-of-area";
  }
  return "?";
}

// What a role may do with one row (docs/access.md's legend).
enum class Rule {
  kNo,      // refused: PERMISSION_DENIED (out of area also the row's answer)
  kOwn,     // allowed for any area: it works on the caller's own area
  kArea,    // allowed in area; out of area the row's `outside` answer
  kCounty,  // allowed only with a county-wide token
};

// How a call came out.
enum class Outcome { kAllowed, kDenied, kHidden, kUnauthenticated };

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAllowed:
      return "allowed";
    case Outcome::kDenied:
      return "denied";
    case Outcome::kHidden:
      return "hidden (answered like a missing id)";
    case Outcome::kUnauthenticated:
      return "unauthenticated";
  }
  return "?";
}

// The answers a rule allows for a caller of `scope`; `outside` is the row's
// out-of-area outcome (kDenied for areas, kHidden for ids).
std::set<Outcome> Expected(Rule rule, Scope scope, Outcome outside) {
  switch (rule) {
    case Rule::kNo:
      if (scope == Scope::kOutOfArea) return {Outcome::kDenied, outside};
      return {Outcome::kDenied};
    case Rule::kOwn:
      return {Outcome::kAllowed};
    case Rule::kArea:
      if (scope == Scope::kOutOfArea) return {outside};
      return {Outcome::kAllowed};
    case Rule::kCounty:
      if (scope == Scope::kCounty) return {Outcome::kAllowed};
      return {Outcome::kDenied};
  }
  return {};
}

// What the rows act on: all in township A.
struct Targets {
  std::string area = kTownshipA;
  int64_t case_id = 0;
  int64_t run_id = 0;
  int64_t student_id = 0;
  int64_t school_id = 0;
  int64_t system_token_id = 0;  // a SYSTEM token of township A
  int64_t admin_token_id = 0;   // an ADMIN token of township A
};

using Channel = std::shared_ptr<grpc::Channel>;
using RpcCall = std::function<grpc::Status(const Channel&, grpc::ClientContext&,
                                           const Targets&)>;

// One row of the gRPC matrix.
struct RpcRow {
  std::string method;   // full name, e.g. "baoxue.v1.Cases/GetCase"
  std::string variant;  // what tells rows of one method apart, or ""
  Outcome outside;      // the answer out of area
  std::map<CallerRole, Rule> rules;  // a role not listed: kNo
  RpcCall call;
};

template <typename Stub, typename Request, typename Response>
grpc::Status CallUnary(const Channel& channel, grpc::ClientContext& context,
                       grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                    const Request&, Response*),
                       const Request& request) {
  Stub stub(channel);
  Response response;
  return (stub.*method)(&context, request, &response);
}

template <typename Response, typename Reader>
grpc::Status Drain(std::unique_ptr<Reader> reader) {
  Response response;
  while (reader->Read(&response)) {
  }
  return reader->Finish();
}

// ScoreStudents answers per student: a student out of the caller's area (or
// unknown) comes back as that student's NOT_FOUND, which is "hidden".
grpc::Status ScoreOne(const Channel& channel, grpc::ClientContext& context,
                      int64_t student_id) {
  baoxue::v1::RiskScoring::Stub stub(channel);
  baoxue::v1::ScoreStudentsRequest request;
  request.add_student_ids(student_id);
  request.set_as_of_date("2026-11-20");
  baoxue::v1::ScoreStudentsResponse response;
  grpc::Status status = stub.ScoreStudents(&context, request, &response);
  if (status.ok() && response.scores_size() == 1 &&
      response.scores(0).has_error()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        response.scores(0).error().message());
  }
  return status;
}

std::vector<RpcRow> RpcMatrix() {
  using R = CallerRole;
  const Rule area = Rule::kArea;
  const Rule own = Rule::kOwn;
  const Rule county = Rule::kCounty;
  const Outcome denied = Outcome::kDenied;
  const Outcome hidden = Outcome::kHidden;
  namespace v1 = baoxue::v1;
  return {
      // --- Admin: tokens, by the separation of duties ---
      {"baoxue.v1.Admin/CreateToken",
       "a SYSTEM token",
       denied,
       {{R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::CreateTokenRequest r;
         r.set_role(v1::CALLER_ROLE_SYSTEM);
         r.set_area_code(t.area);
         r.set_description("matrix");
         return CallUnary(ch, ctx, &v1::Admin::Stub::CreateToken, r);
       }},
      {"baoxue.v1.Admin/CreateToken",
       "an ADMIN token",
       denied,
       {{R::kSecurityAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::CreateTokenRequest r;
         r.set_role(v1::CALLER_ROLE_ADMIN);
         r.set_area_code(t.area);
         r.set_description("matrix");
         return CallUnary(ch, ctx, &v1::Admin::Stub::CreateToken, r);
       }},
      // --- Audit: the audit administrator only, the whole trail ---
      {"baoxue.v1.Audit/Verify",
       "",
       denied,
       {{R::kAuditAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Audit::Stub::Verify,
                          v1::VerifyAuditRequest());
       }},
      {"baoxue.v1.Audit/Query",
       "",
       denied,
       {{R::kAuditAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Audit::Stub::Query,
                          v1::QueryAuditRequest());
       }},
      {"baoxue.v1.Audit/Prune",
       "",
       denied,
       {{R::kAuditAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Audit::Stub::Prune,
                          v1::PruneAuditRequest());
       }},
      {"baoxue.v1.Admin/ListTokens",
       "",
       denied,
       {{R::kAdmin, own}, {R::kSecurityAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Admin::Stub::ListTokens,
                          v1::ListTokensRequest());
       }},
      // Revoking the same token again is OK, so every allowed caller can.
      {"baoxue.v1.Admin/RevokeToken",
       "a SYSTEM token",
       hidden,
       {{R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::RevokeTokenRequest r;
         r.set_token_id(t.system_token_id);
         return CallUnary(ch, ctx, &v1::Admin::Stub::RevokeToken, r);
       }},
      {"baoxue.v1.Admin/RevokeToken",
       "an ADMIN token",
       hidden,
       {{R::kSecurityAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::RevokeTokenRequest r;
         r.set_token_id(t.admin_token_id);
         return CallUnary(ch, ctx, &v1::Admin::Stub::RevokeToken, r);
       }},
      // --- Cases: officials and the system administrator change them ---
      {"baoxue.v1.Cases/ListCases",
       "",
       denied,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::ListCasesRequest r;
         r.set_area_code(t.area);
         return CallUnary(ch, ctx, &v1::Cases::Stub::ListCases, r);
       }},
      {"baoxue.v1.Cases/GetCase",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::GetCaseRequest r;
         r.set_case_id(t.case_id);
         return CallUnary(ch, ctx, &v1::Cases::Stub::GetCase, r);
       }},
      {"baoxue.v1.Cases/Acknowledge",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::AcknowledgeRequest r;
         r.set_case_id(t.case_id);
         return CallUnary(ch, ctx, &v1::Cases::Stub::Acknowledge, r);
       }},
      {"baoxue.v1.Cases/RecordAction",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::RecordActionRequest r;
         r.set_case_id(t.case_id);
         r.set_action("call");
         return CallUnary(ch, ctx, &v1::Cases::Stub::RecordAction, r);
       }},
      {"baoxue.v1.Cases/Resolve",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::ResolveRequest r;
         r.set_case_id(t.case_id);
         r.set_outcome("returned");
         return CallUnary(ch, ctx, &v1::Cases::Stub::Resolve, r);
       }},
      {"baoxue.v1.Cases/Reopen",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::ReopenRequest r;
         r.set_case_id(t.case_id);
         return CallUnary(ch, ctx, &v1::Cases::Stub::Reopen, r);
       }},
      // No person named: an allowed caller gets INVALID_ARGUMENT after the
      // role and area checks.
      {"baoxue.v1.Cases/Assign",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::AssignRequest r;
         r.set_case_id(t.case_id);
         return CallUnary(ch, ctx, &v1::Cases::Stub::Assign, r);
       }},
      {"baoxue.v1.Cases/ListAssignees",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::ListAssigneesRequest r;
         r.set_case_id(t.case_id);
         return CallUnary(ch, ctx, &v1::Cases::Stub::ListAssignees, r);
       }},
      {"baoxue.v1.Cases/GetLedger",
       "",
       denied,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::GetLedgerRequest r;
         r.set_area_code(t.area);
         return CallUnary(ch, ctx, &v1::Cases::Stub::GetLedger, r);
       }},
      // An allowed watch runs until its deadline.
      {"baoxue.v1.Cases/WatchCases",
       "",
       denied,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         ctx.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::milliseconds(1500));
         v1::Cases::Stub stub(ch);
         v1::WatchCasesRequest r;
         r.set_area_code(t.area);
         return Drain<v1::CaseEvent>(stub.WatchCases(&ctx, r));
       }},
      // --- Checks (四查三比对) ---
      {"baoxue.v1.Checks/RunCheck",
       "",
       denied,
       {{R::kDataStaff, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::RunCheckRequest r;
         r.set_area_code(t.area);
         r.set_as_of_date("2026-11-20");
         return CallUnary(ch, ctx, &v1::Checks::Stub::RunCheck, r);
       }},
      {"baoxue.v1.Checks/GetCheckReport",
       "",
       denied,
       {{R::kOfficial, area}, {R::kDataStaff, area}, {R::kAdmin, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::GetCheckReportRequest r;
         r.set_area_code(t.area);
         return CallUnary(ch, ctx, &v1::Checks::Stub::GetCheckReport, r);
       }},
      // --- Imports: into the caller's own area ---
      {"baoxue.v1.Imports/Import",
       "a dry run",
       denied,
       {{R::kDataStaff, own}, {R::kAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::Imports::Stub stub(ch);
         auto stream = stub.Import(&ctx);
         v1::ImportChunk header;
         header.mutable_header()->set_kind(v1::IMPORT_KIND_STUDENTS);
         header.mutable_header()->set_file_name("matrix.csv");
         header.mutable_header()->set_dry_run(true);
         v1::ImportChunk data;
         data.set_data("not,a,roster\n");
         stream->Write(header);
         stream->Write(data);
         stream->WritesDone();
         v1::ImportProgress progress;
         while (stream->Read(&progress)) {
         }
         return stream->Finish();
       }},
      {"baoxue.v1.Imports/ListImports",
       "",
       denied,
       {{R::kDataStaff, own}, {R::kAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Imports::Stub::ListImports,
                          v1::ListImportsRequest());
       }},
      // --- Models: county-level data staff only ---
      // A negative L2 penalty is refused after the role check, before any
      // data is read: an allowed caller gets INVALID_ARGUMENT.
      {"baoxue.v1.Models/Train",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::Models::Stub stub(ch);
         v1::TrainRequest r;
         r.set_l2_penalty(-1);
         return Drain<v1::TrainProgress>(stub.Train(&ctx, r));
       }},
      {"baoxue.v1.Models/List",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Models::Stub::List,
                          v1::ListModelsRequest());
       }},
      {"baoxue.v1.Models/Get",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::GetModelRequest r;
         r.set_version("v1");
         return CallUnary(ch, ctx, &v1::Models::Stub::Get, r);
       }},
      {"baoxue.v1.Models/Compare",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::CompareModelsRequest r;
         r.set_version("v1");
         return CallUnary(ch, ctx, &v1::Models::Stub::Compare, r);
       }},
      // v1 is active already: an allowed caller gets FAILED_PRECONDITION.
      {"baoxue.v1.Models/Activate",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::ActivateModelRequest r;
         r.set_version("v1");
         r.set_force(true);
         return CallUnary(ch, ctx, &v1::Models::Stub::Activate, r);
       }},
      // Nothing to roll back to: FAILED_PRECONDITION when allowed.
      {"baoxue.v1.Models/Rollback",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Models::Stub::Rollback,
                          v1::RollbackModelRequest());
       }},
      // Feature sets: county-level data staff only, like the models. The
      // requests fail after the role check (no such set, no name).
      {"baoxue.v1.Models/CreateFeatureSet",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Models::Stub::CreateFeatureSet,
                          v1::CreateFeatureSetRequest());
       }},
      {"baoxue.v1.Models/GetFeatureSet",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::GetFeatureSetRequest r;
         r.set_version("fs999");
         return CallUnary(ch, ctx, &v1::Models::Stub::GetFeatureSet, r);
       }},
      {"baoxue.v1.Models/ListFeatureSets",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Models::Stub::ListFeatureSets,
                          v1::ListFeatureSetsRequest());
       }},
      {"baoxue.v1.Models/TestFeatureSet",
       "",
       denied,
       {{R::kDataStaff, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Models::Stub::TestFeatureSet,
                          v1::TestFeatureSetRequest());
       }},
      // The track record: counts only, of runs in the caller's own area.
      {"baoxue.v1.Models/GetTrackRecord",
       "",
       denied,
       {{R::kDataStaff, own}, {R::kAdmin, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::Models::Stub::GetTrackRecord,
                          v1::GetTrackRecordRequest());
       }},
      // Drift: county-level data staff and administrators (aggregates only).
      // The demo's v1 has no drift reference: an allowed caller gets OK.
      {"baoxue.v1.Models/GetDrift",
       "",
       denied,
       {{R::kDataStaff, county}, {R::kAdmin, county}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::GetDriftRequest r;
         r.set_version("v1");
         return CallUnary(ch, ctx, &v1::Models::Stub::GetDrift, r);
       }},
      // --- Risk lists and runs ---
      {"baoxue.v1.RiskLists/GetRiskList",
       "",
       denied,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::GetRiskListRequest r;
         r.set_area_code(t.area);
         return CallUnary(ch, ctx, &v1::RiskLists::Stub::GetRiskList, r);
       }},
      {"baoxue.v1.RiskRuns/StartRun",
       "",
       denied,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::RiskRuns::Stub stub(ch);
         v1::StartRunRequest r;
         r.set_area_code(t.area);
         r.set_as_of_date("2026-11-20");
         return Drain<v1::RunProgress>(stub.StartRun(&ctx, r));
       }},
      {"baoxue.v1.RiskRuns/GetRun",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::GetRunRequest r;
         r.set_run_id(t.run_id);
         return CallUnary(ch, ctx, &v1::RiskRuns::Stub::GetRun, r);
       }},
      {"baoxue.v1.RiskRuns/ListRuns",
       "",
       denied,
       {{R::kOfficial, own}, {R::kAdmin, own}, {R::kSystem, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::RiskRuns::Stub::ListRuns,
                          v1::ListRunsRequest());
       }},
      // --- Scoring ---
      {"baoxue.v1.RiskScoring/ScoreStudents",
       "",
       hidden,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         return ScoreOne(ch, ctx, t.student_id);
       }},
      // Caller-supplied rows, no student data read (an empty batch here).
      {"baoxue.v1.RiskScoring/ScoreFeatures",
       "",
       denied,
       {{R::kOfficial, own},
        {R::kAdmin, own},
        {R::kSystem, own},
        {R::kDataStaff, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::RiskScoring::Stub::ScoreFeatures,
                          v1::ScoreFeaturesRequest());
       }},
      {"baoxue.v1.RiskScoring/StreamScoreFeatures",
       "",
       denied,
       {{R::kOfficial, own},
        {R::kAdmin, own},
        {R::kSystem, own},
        {R::kDataStaff, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         v1::RiskScoring::Stub stub(ch);
         auto stream = stub.StreamScoreFeatures(&ctx);
         stream->Write(v1::ScoreFeaturesRequest());
         stream->WritesDone();
         v1::ScoreFeaturesResponse response;
         while (stream->Read(&response)) {
         }
         return stream->Finish();
       }},
      // The active model's inputs: whoever may score rows by them.
      {"baoxue.v1.RiskScoring/ListFeatures",
       "",
       denied,
       {{R::kOfficial, own},
        {R::kAdmin, own},
        {R::kSystem, own},
        {R::kDataStaff, own}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets&) {
         return CallUnary(ch, ctx, &v1::RiskScoring::Stub::ListFeatures,
                          v1::ListFeaturesRequest());
       }},
      {"baoxue.v1.RiskScoring/ListTopRisks",
       "",
       denied,
       {{R::kOfficial, area}, {R::kAdmin, area}, {R::kSystem, area}},
       [](const Channel& ch, grpc::ClientContext& ctx, const Targets& t) {
         v1::ListTopRisksRequest r;
         r.set_area_code(t.area);
         r.set_as_of_date("2026-11-20");
         return CallUnary(ch, ctx, &v1::RiskScoring::Stub::ListTopRisks, r);
       }},
  };
}

// The kinds of web account; every session is the official role (the page
// masks every name).
enum class Account { kAnonymous, kTownshipA, kTownshipB, kCounty, kPrincipalA };

struct WebRow {
  std::string method;
  std::string pattern;  // exactly as in server/web's route table
  std::string path;     // what the test requests; {case} = the case id
  std::string body;
  Outcome outside;  // township B's answer
  // Accounts whose answer differs from the rule above (e.g. 上报 is a
  // township's step: the county and a principal are refused).
  std::map<Account, Outcome> except = {};
};

std::vector<WebRow> WebMatrix() {
  const Outcome denied = Outcome::kDenied;
  const Outcome hidden = Outcome::kHidden;
  const Outcome allowed = Outcome::kAllowed;  // own data: nothing outside
  return {
      {"POST", "/api/login", "/api/login", "{}", allowed},
      {"POST", "/api/logout", "/api/logout", "", allowed},

      {"GET", "/api/me", "/api/me", "", allowed},
      // The account's own second factor (a wrong code is INVALID_ARGUMENT).
      {"POST", "/api/totp/enrol", "/api/totp/enrol", "", allowed},
      {"POST", "/api/totp/confirm", "/api/totp/confirm", R"({"code":"000000"})",
       allowed},
      {"GET", "/api/vocabulary", "/api/vocabulary", "", allowed},
      {"GET", "/api/risk-list", "/api/risk-list?area=360799101000", "", denied},
      {"GET", "/api/cases", "/api/cases?area=360799101000", "", denied},
      {"GET", R"(/api/cases/(\d+))", "/api/cases/{case}", "", hidden},
      {"POST", R"(/api/cases/(\d+)/actions)", "/api/cases/{case}/actions",
       R"({"kind":"call","note":"matrix"})", hidden},
      {"POST", R"(/api/cases/(\d+)/resolve)", "/api/cases/{case}/resolve",
       R"({"outcome":"returned"})", hidden},
      {"POST", R"(/api/cases/(\d+)/acknowledge)",
       "/api/cases/{case}/acknowledge", "{}", hidden},
      // No person named: INVALID_ARGUMENT (400) where the case is seen.
      {"POST", R"(/api/cases/(\d+)/assign)", "/api/cases/{case}/assign", "{}",
       hidden},
      {"GET", R"(/api/cases/(\d+)/assignees)", "/api/cases/{case}/assignees",
       "", hidden},
      {"GET", "/api/ledger", "/api/ledger?area=360799101000", "", denied},
      {"GET", "/api/checks", "/api/checks?area=360799101000", "", denied},
      // Model drift is for data staff and administrators: every official
      // account is refused.
      {"GET",
       "/api/model-drift",
       "/api/model-drift",
       "",
       denied,
       {{Account::kTownshipA, denied},
        {Account::kCounty, denied},
        {Account::kPrincipalA, denied}}},
      {"GET", "/api/export/risk-list.xlsx",
       "/api/export/risk-list.xlsx?area=360799101000", "", denied},
      {"GET", "/api/export/ledger.xlsx",
       "/api/export/ledger.xlsx?area=360799101000", "", denied},
      {"GET", "/api/export/checks.xlsx",
       "/api/export/checks.xlsx?area=360799101000", "", denied},
      {"GET", "/print/risk-list", "/print/risk-list?area=360799101000", "",
       denied},
      {"GET", "/print/ledger", "/print/ledger?area=360799101000", "", denied},
      // Data staff's and administrators' view: the matrix's accounts are
      // officials, so every one is refused.
      {"GET",
       "/api/track-record",
       "/api/track-record",
       "",
       denied,
       {{Account::kTownshipA, denied},
        {Account::kCounty, denied},
        {Account::kPrincipalA, denied}}},
      // Reopening an open case is refused (409) to those who may see it.
      {"POST", R"(/api/cases/(\d+)/reopen)", "/api/cases/{case}/reopen",
       R"({"note":"matrix"})", hidden},
      // Evidence for a case: a PNG's bytes, only where the case is seen.
      {"POST", R"(/api/cases/(\d+)/attachments)",
       "/api/cases/{case}/attachments?name=a.png",
       std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0'), hidden},
      // No attachment 999999: not found for anyone, outside as inside.
      {"GET",
       R"(/api/cases/(\d+)/attachments/(\d+))",
       "/api/cases/{case}/attachments/999999",
       "",
       hidden,
       {{Account::kTownshipA, hidden},
        {Account::kCounty, hidden},
        {Account::kPrincipalA, hidden}}},
      // 上报: a township reports its own ledger; nothing of another's.
      {"POST",
       "/api/ledger/report",
       "/api/ledger/report",
       R"({"reviewer":"审核人"})",
       allowed,
       {{Account::kCounty, denied}, {Account::kPrincipalA, denied}}},
      {"GET",
       "/api/ledger/reports",
       "/api/ledger/reports",
       "",
       allowed,
       {{Account::kPrincipalA, denied}}},
  };
}

Outcome OfGrpc(const grpc::Status& status, Outcome outside) {
  switch (status.error_code()) {
    case grpc::StatusCode::PERMISSION_DENIED:
      return Outcome::kDenied;
    case grpc::StatusCode::UNAUTHENTICATED:
      return Outcome::kUnauthenticated;
    case grpc::StatusCode::NOT_FOUND:
      // Only rows that address an id hide it; elsewhere (a model version)
      // NOT_FOUND comes after the checks.
      return outside == Outcome::kHidden ? Outcome::kHidden : Outcome::kAllowed;
    default:
      return Outcome::kAllowed;
  }
}

Outcome OfHttp(int status) {
  switch (status) {
    case 401:
      return Outcome::kUnauthenticated;
    case 403:
      return Outcome::kDenied;
    case 404:
      return Outcome::kHidden;
    default:
      return Outcome::kAllowed;
  }
}

class AccessMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::CreateDemoCounty(300, 5);
    ASSERT_THAT(db.status(), IsOk());
    db_ = db->release();
    baoxue::v1::ServerConfig config;
    config.set_database_url(db_->url());
    config.set_database_pool_size(4);
    config.set_http_listen_address("127.0.0.1:0");
    config.set_web_root("/nonexistent");
    config.set_http_threads(4);
    ASSERT_THAT(ApplyDefaults(config), IsOk());
    absl::StatusOr<std::unique_ptr<ServerParts>> parts =
        ServerParts::Build(config);
    ASSERT_THAT(parts.status(), IsOk());
    parts_ = parts->release();

    // One active model (v1) and a stored run with cases in township A.
    store::NewModel model;
    model.params = testing::SimpleModelParams();
    model.created_by = "matrix";
    model.training_as_of = absl::CivilDay(2026, 7, 10);
    model.horizon_days = 120;
    ASSERT_THAT(parts_->stores().models.SaveModel(model, true), IsOk());
    ASSERT_THAT(core::RefreshActiveModel(parts_->stores().models,
                                         parts_->core().holder),
                IsOk());
    targets_.run_id = AddRun();
    ASSERT_THAT(parts_->stores()
                    .cases.OpenCasesFromRun(targets_.run_id, absl::Now())
                    .status(),
                IsOk());
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    const pqxx::row target = tx.exec1(
        "SELECT c.case_id, c.student_id, c.school_id FROM baoxue.cases c "
        "JOIN baoxue.schools s USING (school_id) "
        "JOIN baoxue.areas a ON a.area_id = s.area_id "
        "WHERE c.village_code LIKE '360799101%' "
        "AND a.division_code LIKE '360799101%' ORDER BY 1 LIMIT 1");
    targets_.case_id = target[0].as<int64_t>();
    targets_.student_id = target[1].as<int64_t>();
    targets_.school_id = target[2].as<int64_t>();
    township_b_ = tx.exec1(
                        "SELECT division_code FROM baoxue.areas WHERE level = "
                        "'township' AND division_code <> '360799101000' "
                        "ORDER BY division_code LIMIT 1")[0]
                      .as<std::string>();
    tx.commit();

    // A token per role and scope, and the victims of RevokeToken.
    for (CallerRole role :
         {CallerRole::kSystem, CallerRole::kOfficial, CallerRole::kDataStaff,
          CallerRole::kAdmin, CallerRole::kSecurityAdmin,
          CallerRole::kAuditAdmin}) {
      for (Scope scope : kScopes) {
        absl::StatusOr<core::IssuedToken> issued = core::IssueToken(
            parts_->stores().tokens, role, AreaOf(scope), "matrix caller");
        ASSERT_THAT(issued.status(), IsOk());
        (*tokens_)[{role, scope}] = issued->token;
      }
    }
    targets_.system_token_id = Victim(CallerRole::kSystem);
    targets_.admin_token_id = Victim(CallerRole::kAdmin);

    testing::InProcessGrpc grpc =
        testing::StartInProcessGrpc(parts_->services().All());
    ASSERT_NE(grpc.server, nullptr);
    grpc_ = grpc.server.release();
    channel_ = new Channel(grpc.channel);
    parts_->web_server()->Start();
    AddAccount("m.township-a", store::AccountKind::kTownship, kTownshipA, {});
    AddAccount("m.township-b", store::AccountKind::kTownship, township_b_, {});
    AddAccount("m.county", store::AccountKind::kCounty, kCounty, {});
    AddAccount("m.principal-a", store::AccountKind::kPrincipal, kTownshipA,
               targets_.school_id);
  }

  static void TearDownTestSuite() {
    if (grpc_ != nullptr) grpc_->Shutdown();
    if (parts_ != nullptr) parts_->StopWorkers();
    delete channel_;
    delete grpc_;
    delete parts_;
    delete db_;
  }

  static std::string AreaOf(Scope scope) {
    switch (scope) {
      case Scope::kCounty:
        return kCounty;
      case Scope::kInArea:
        return kTownshipA;
      case Scope::kOutOfArea:
        return township_b_;
    }
    return "";
  }

  static int64_t AddRun() {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    const int64_t run_id =
        tx.exec1(
              "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id, "
              "status, finished_at) SELECT a.area_id, '2026-11-20', "
              "m.model_id, 'succeeded', now() FROM baoxue.areas a, "
              "baoxue.models m WHERE a.division_code = '360799101000' "
              "AND m.state = 'active' RETURNING run_id")[0]
            .as<int64_t>();
    tx.exec_params(
        "INSERT INTO baoxue.risk_scores (run_id, student_id, probability, "
        "tier, reasons) SELECT $1, student_id, 0.8, 'high', "
        "'[{\"feature\": \"absence_rate_30d\", \"value\": 0.3, "
        "\"contribution\": 1.5}]' FROM baoxue.student_features('2026-11-20') "
        "WHERE township_code = '360799101000'",
        run_id);
    tx.commit();
    return run_id;
  }

  static int64_t Victim(CallerRole role) {
    absl::StatusOr<core::IssuedToken> issued = core::IssueToken(
        parts_->stores().tokens, role, kTownshipA, "matrix victim");
    EXPECT_THAT(issued.status(), IsOk());
    return issued.ok() ? issued->token_id : 0;
  }

  static void AddAccount(const std::string& login, store::AccountKind kind,
                         const std::string& area,
                         std::optional<int64_t> school) {
    store::NewAccount account;
    account.login = login;
    account.display_name = login;
    account.kind = kind;
    account.area_code = area;
    account.school_id = school;
    account.password = *core::HashPassword(kPassword, 1000);
    ASSERT_THAT(parts_->stores().accounts.CreateAccount(account).status(),
                IsOk());
  }

  grpc::Status CallAs(const RpcRow& row, const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(120));
    if (!token.empty()) {
      context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    }
    return row.call(*channel_, context, targets_);
  }

  struct WebSession {
    std::string cookie;
    std::string csrf;
  };
  WebSession SignIn(const std::string& login) {
    httplib::Client client("127.0.0.1", parts_->web_server()->port());
    auto res = client.Post("/api/login",
                           absl::StrCat(R"({"login":")", login,
                                        R"(","password":")", kPassword, "\"}"),
                           "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    WebSession session;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    session.cookie = set_cookie.substr(0, set_cookie.find(';'));
    const size_t at = res->body.find("\"csrf_token\":\"");
    if (at != std::string::npos) {
      const size_t start = at + 14;
      session.csrf =
          res->body.substr(start, res->body.find('"', start) - start);
    }
    return session;
  }

  int Request(const WebRow& row, const WebSession& session) {
    httplib::Client client("127.0.0.1", parts_->web_server()->port());
    client.set_read_timeout(120, 0);
    httplib::Headers headers;
    if (!session.cookie.empty()) headers.emplace("Cookie", session.cookie);
    if (!session.csrf.empty()) headers.emplace("X-Baoxue-CSRF", session.csrf);
    const std::string path = absl::StrReplaceAll(
        row.path, {{"{case}", absl::StrCat(targets_.case_id)}});
    auto res = row.method == "POST"
                   ? client.Post(path, headers, row.body, "application/json")
                   : client.Get(path, headers);
    EXPECT_TRUE(res) << path;
    return res ? res->status : 0;
  }

  static testing::TestDatabase* db_;
  static ServerParts* parts_;
  static grpc::Server* grpc_;
  static Channel* channel_;
  static Targets targets_;
  static std::string township_b_;
  static std::map<std::pair<CallerRole, Scope>, std::string>* tokens_;
};

testing::TestDatabase* AccessMatrixTest::db_ = nullptr;
ServerParts* AccessMatrixTest::parts_ = nullptr;
grpc::Server* AccessMatrixTest::grpc_ = nullptr;
Channel* AccessMatrixTest::channel_ = nullptr;
Targets AccessMatrixTest::targets_;
std::string AccessMatrixTest::township_b_;
std::map<std::pair<CallerRole, Scope>, std::string>* AccessMatrixTest::tokens_ =
    new std::map<std::pair<CallerRole, Scope>, std::string>();

// Every method of every service in proto/baoxue/v1, from the generated
// descriptor pool: the list the matrix must cover.
std::set<std::string> ServiceMethods() {
  std::set<std::string> methods;
  const std::string dir = absl::StrCat(BAOXUE_SOURCE_DIR, "/proto/baoxue/v1");
  DIR* listing = opendir(dir.c_str());
  EXPECT_NE(listing, nullptr) << dir;
  if (listing == nullptr) return methods;
  while (const dirent* entry = readdir(listing)) {
    const std::string name = entry->d_name;
    if (!absl::EndsWith(name, ".proto")) continue;
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
            absl::StrCat("baoxue/v1/", name));
    EXPECT_NE(file, nullptr) << name << " is not linked into the test";
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.insert(absl::StrCat(service->full_name(), "/",
                                    service->method(m)->name()));
      }
    }
  }
  closedir(listing);
  return methods;
}

TEST_F(AccessMatrixTest, TheTableListsEveryServiceMethod) {
  std::set<std::string> listed;
  for (const RpcRow& row : RpcMatrix()) listed.insert(row.method);
  const std::set<std::string> methods = ServiceMethods();
  // The pool really was read (a service of every .proto file is there).
  EXPECT_TRUE(methods.count("baoxue.v1.Cases/GetCase"));
  EXPECT_TRUE(methods.count("baoxue.v1.Admin/RevokeToken"));
  for (const std::string& method : methods) {
    EXPECT_TRUE(listed.count(method))
        << method << " has no row in the access matrix: add one here and "
        << "in docs/access.md";
  }
  for (const std::string& method : listed) {
    EXPECT_TRUE(methods.count(method)) << method << " is not a service method";
  }
}

TEST_F(AccessMatrixTest, TheTableListsEveryHttpRoute) {
  std::set<std::pair<std::string, std::string>> listed;
  for (const WebRow& row : WebMatrix())
    listed.insert({row.method, row.pattern});
  const std::vector<web::RouteInfo> routes = web::RouteTable();
  for (const web::RouteInfo& route : routes) {
    EXPECT_TRUE(listed.count({route.method, route.pattern}))
        << route.method << " " << route.pattern
        << " has no row in the access matrix: add one here and in "
        << "docs/access.md";
  }
  EXPECT_EQ(listed.size(), routes.size());
}

TEST_F(AccessMatrixTest, EveryRpcAsEveryRoleInAndOutOfArea) {
  for (const RpcRow& row : RpcMatrix()) {
    const std::string name =
        absl::StrCat(row.method, row.variant.empty() ? "" : " (", row.variant,
                     row.variant.empty() ? "" : ")");
    const grpc::Status anonymous = CallAs(row, "");
    EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << name << " without a token: " << anonymous.error_message();
    for (const auto& [key, token] : *tokens_) {
      const auto [role, scope] = key;
      const auto rule_at = row.rules.find(role);
      const Rule rule =
          rule_at == row.rules.end() ? Rule::kNo : rule_at->second;
      const grpc::Status status = CallAs(row, token);
      ASSERT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
          << name << " is not served";
      const Outcome outcome = OfGrpc(status, row.outside);
      const std::set<Outcome> expected = Expected(rule, scope, row.outside);
      EXPECT_TRUE(expected.count(outcome))
          << name << " as " << domain::Code(role) << " (" << ScopeName(scope)
          << "): " << OutcomeName(outcome) << " — " << status.error_code()
          << " " << status.error_message();
    }
  }
}

TEST_F(AccessMatrixTest, EveryRouteAsEveryKindOfAccountInAndOutOfArea) {
  const std::map<Account, WebSession> sessions = {
      {Account::kAnonymous, WebSession()},
      {Account::kTownshipA, SignIn("m.township-a")},
      {Account::kTownshipB, SignIn("m.township-b")},
      {Account::kCounty, SignIn("m.county")},
      {Account::kPrincipalA, SignIn("m.principal-a")},
  };
  const std::vector<web::RouteInfo> routes = web::RouteTable();
  for (const WebRow& row : WebMatrix()) {
    if (row.pattern == "/api/logout") continue;  // last, below
    bool needs_session = true;
    for (const web::RouteInfo& route : routes) {
      if (route.pattern == row.pattern) needs_session = route.needs_session;
    }
    for (const auto& [account, session] : sessions) {
      const int status = Request(row, session);
      const Outcome outcome = OfHttp(status);
      Outcome expected = Outcome::kAllowed;
      if (account == Account::kAnonymous && needs_session) {
        expected = Outcome::kUnauthenticated;
      } else if (account == Account::kTownshipB) {
        expected = row.outside;
      }
      if (const auto differs = row.except.find(account);
          differs != row.except.end()) {
        expected = differs->second;
      }
      // Sign-in with an empty body answers 400 to everyone.
      EXPECT_EQ(outcome, expected)
          << row.method << " " << row.path << " as account "
          << static_cast<int>(account) << ": HTTP " << status;
    }
  }
  for (const auto& [account, session] : sessions) {
    WebRow logout{"POST", "/api/logout", "/api/logout", "", Outcome::kAllowed};
    EXPECT_EQ(OfHttp(Request(logout, session)), account == Account::kAnonymous
                                                    ? Outcome::kUnauthenticated
                                                    : Outcome::kAllowed);
  }
}

// Names only to officials and the system administrator with an API token.
TEST_F(AccessMatrixTest, FullNamesOnlyToOfficialsAndSystemAdministrators) {
  for (CallerRole role :
       {CallerRole::kOfficial, CallerRole::kAdmin, CallerRole::kSystem}) {
    baoxue::v1::Cases::Stub stub(*channel_);
    grpc::ClientContext context;
    context.AddMetadata(
        "authorization",
        absl::StrCat("Bearer ", (*tokens_)[{role, Scope::kInArea}]));
    baoxue::v1::GetCaseRequest request;
    request.set_case_id(targets_.case_id);
    baoxue::v1::Case answer;
    ASSERT_TRUE(stub.GetCase(&context, request, &answer).ok());
    const std::string& masked = answer.summary().masked_name();
    EXPECT_THAT(masked, ::testing::HasSubstr("*"));
    if (role == CallerRole::kSystem) {
      EXPECT_EQ(answer.student_name(), "") << "SYSTEM read a full name";
    } else {
      EXPECT_NE(answer.student_name(), "") << domain::Code(role);
      EXPECT_THAT(answer.student_name(),
                  ::testing::Not(::testing::HasSubstr("*")));
    }
  }
}

// "No such thing" and "outside your area" answer alike: same code, same
// words (apart from the id asked for).
TEST_F(AccessMatrixTest, UnknownAndForeignIdsAnswerAlike) {
  const std::string outsider =
      (*tokens_)[{CallerRole::kOfficial, Scope::kOutOfArea}];
  const std::string insider =
      (*tokens_)[{CallerRole::kOfficial, Scope::kInArea}];
  const auto get_case = [&](const std::string& token, int64_t id) {
    baoxue::v1::Cases::Stub stub(*channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    baoxue::v1::GetCaseRequest request;
    request.set_case_id(id);
    baoxue::v1::Case answer;
    return stub.GetCase(&context, request, &answer);
  };
  const grpc::Status foreign = get_case(outsider, targets_.case_id);
  const grpc::Status unknown = get_case(insider, 987654321);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(foreign.error_code(), unknown.error_code());
  EXPECT_EQ(absl::StrReplaceAll(foreign.error_message(),
                                {{absl::StrCat(targets_.case_id), "N"}}),
            absl::StrReplaceAll(unknown.error_message(), {{"987654321", "N"}}));

  const auto score = [&](const std::string& token, int64_t id) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    return ScoreOne(*channel_, context, id);
  };
  const grpc::Status foreign_student = score(outsider, targets_.student_id);
  const grpc::Status unknown_student = score(insider, 987654321);
  EXPECT_EQ(foreign_student.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(foreign_student.error_code(), unknown_student.error_code());
  EXPECT_EQ(foreign_student.error_message(), unknown_student.error_message());

  const auto get_run = [&](const std::string& token, int64_t id) {
    baoxue::v1::RiskRuns::Stub stub(*channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    baoxue::v1::GetRunRequest request;
    request.set_run_id(id);
    baoxue::v1::RiskRun answer;
    return stub.GetRun(&context, request, &answer);
  };
  const grpc::Status foreign_run = get_run(outsider, targets_.run_id);
  const grpc::Status unknown_run = get_run(insider, 987654321);
  EXPECT_EQ(foreign_run.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      absl::StrReplaceAll(foreign_run.error_message(),
                          {{absl::StrCat(targets_.run_id), "N"}}),
      absl::StrReplaceAll(unknown_run.error_message(), {{"987654321", "N"}}));
}

}  // namespace
}  // namespace baoxue

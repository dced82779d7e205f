#include "server/web/web_api.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "baoxue/v1/cases.pb.h"
#include "baoxue/v1/checks.pb.h"
#include "baoxue/v1/risk_lists.pb.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "domain/county_time.h"
#include "domain/vocabulary.h"
#include "exports/check_report.h"
#include "exports/ledger.h"
#include "exports/risk_list.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/convert/case_convert.h"
#include "server/convert/check_convert.h"
#include "server/convert/drift_convert.h"
#include "server/convert/risk_list_convert.h"
#include "server/convert/track_record_convert.h"
#include "server/core/case_records.h"
#include "server/core/input_checks.h"
#include "server/web/json_body.h"
#include "server/web/json_builder.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::web {
namespace {

constexpr char kCookie[] = "baoxue_session";
constexpr char kXlsx[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr char kHtml[] = "text/html; charset=utf-8";

// The message as the page reads it: proto field names, defaults included.
absl::Status SendProto(const google::protobuf::Message& message,
                       WebReply& reply) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  reply.body.clear();
  const auto printed = google::protobuf::util::MessageToJsonString(
      message, &reply.body, options);
  if (!printed.ok()) return absl::InternalError("cannot print the answer");
  return absl::OkStatus();
}

std::string CookieHeader(absl::string_view value, bool secure, bool clear) {
  return absl::StrCat(kCookie, "=", value,
                      "; Path=/; HttpOnly; SameSite=Strict",
                      secure ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

std::string MeJson(const core::WebSession& session) {
  const store::AccountRecord& a = session.account;
  JsonBuilder json;
  json.BeginObject().Key("account").BeginObject();
  json.Key("account_id").Int(a.account_id);
  json.Key("login").String(a.login);
  json.Key("display_name").String(a.display_name);
  json.Key("kind").String(store::AccountKindName(a.kind));
  // Which views the page offers (the server decides what each call may do).
  json.Key("role").String(std::string(domain::Code(a.role)));
  json.Key("area")
      .BeginObject()
      .Key("code")
      .String(a.scope.division_code)
      .Key("name")
      .String(a.scope.name)
      .Key("level")
      .String(std::string(domain::Code(a.scope.level)))
      .EndObject();
  json.Key("school");
  if (a.school_id.has_value()) {
    json.BeginObject()
        .Key("school_id")
        .Int(*a.school_id)
        .Key("name")
        .String(a.school_name)
        .EndObject();
  } else {
    json.Null();
  }
  json.EndObject();
  json.Key("csrf_token").String(session.csrf_token);
  json.Key("expires_at").Time(session.expires_at);
  json.EndObject();
  return json.str();
}

absl::StatusOr<std::optional<int64_t>> IntParam(const WebCall& call,
                                                const char* name) {
  const std::string text = call.Param(name);
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": not a number: ", core::ForError(text)));
  }
  return value;
}

absl::StatusOr<std::optional<absl::CivilDay>> DayParam(const WebCall& call,
                                                       const char* name) {
  const std::string text = call.Param(name);
  if (text.empty()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": a day as YYYY-MM-DD"));
  }
  return day;
}

domain::Language Lang(const WebCall& call) {
  return domain::LanguageOrDefault(call.Param("lang"));
}

absl::StatusOr<int64_t> CaseId(const WebCall& call) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(call.path_id, &id) || id <= 0) {
    return absl::InvalidArgumentError("case_id: a positive number");
  }
  return id;
}

absl::StatusOr<core::RiskListQuery> RiskQuery(const WebCall& call) {
  core::RiskListQuery query;
  query.area_code = call.Param("area");
  BAOXUE_ASSIGN_OR_RETURN(query.school_id, IntParam(call, "school_id"));
  query.village_code = call.Param("village");
  for (absl::string_view tier :
       absl::StrSplit(call.Param("tier"), ',', absl::SkipEmpty())) {
    query.tiers.emplace_back(absl::StripAsciiWhitespace(tier));
  }
  if (!call.Param("sort").empty()) query.sort = call.Param("sort");
  const std::string order = call.Param("order");
  if (order == "asc" || order == "desc") {
    query.ascending = order == "asc";
  } else if (!order.empty()) {
    return absl::InvalidArgumentError("order: asc or desc");
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<int64_t> limit,
                          IntParam(call, "limit"));
  if (limit.has_value()) {
    BAOXUE_ASSIGN_OR_RETURN(query.limit,
                            core::NarrowToInt("limit", *limit, 1, 2000));
  }
  return query;
}

absl::StatusOr<core::CaseQuery> CaseListQuery(const WebCall& call) {
  core::CaseQuery query;
  BAOXUE_ASSIGN_OR_RETURN(query.school_id, IntParam(call, "school_id"));
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<int64_t> level,
                          IntParam(call, "level"));
  if (level.has_value()) {
    BAOXUE_ASSIGN_OR_RETURN(query.level,
                            core::NarrowToInt("level", *level, 0, 6));
  }
  const std::string status = call.Param("status");
  if (status.empty() || status == "open") {
    query.open = true;
  } else if (status == "closed") {
    query.open = false;
  } else if (status != "all") {
    return absl::InvalidArgumentError("status: open, closed or all");
  }
  query.overdue_only = call.Param("overdue") == "1";
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<int64_t> limit,
                          IntParam(call, "limit"));
  BAOXUE_ASSIGN_OR_RETURN(
      query.page_size, core::NarrowToInt("limit", limit.value_or(200), 1, 500));
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<int64_t> after,
                          IntParam(call, "after"));
  query.after_case_id = after.value_or(0);
  query.search = call.Param("q");
  return query;
}

// The risk list as the wire has it, for JSON, Excel and print alike.
absl::StatusOr<baoxue::v1::RiskList> RiskListOf(const core::RiskListDesk& desk,
                                                const WebCall& call) {
  BAOXUE_ASSIGN_OR_RETURN(const core::RiskListQuery query, RiskQuery(call));
  BAOXUE_ASSIGN_OR_RETURN(const core::RiskListView view,
                          desk.List(call.session->caller, query));
  baoxue::v1::RiskList list;
  convert::ToProto(view, &list);
  return list;
}

// The ledger of the area asked for (or the caller's), over ?from=&to=.
absl::StatusOr<baoxue::v1::Ledger> LedgerOf(const core::CaseDesk& desk,
                                            const WebCall& call) {
  const core::Caller& caller = call.session->caller;
  BAOXUE_ASSIGN_OR_RETURN(const store::Area area,
                          desk.AreaOf(caller, call.Param("area")));
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> from,
                          DayParam(call, "from"));
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> to,
                          DayParam(call, "to"));
  BAOXUE_ASSIGN_OR_RETURN(const store::Ledger ledger,
                          desk.Ledger(caller, area.division_code, from, to));
  baoxue::v1::Ledger out;
  convert::ToProto(area, ledger, &out);
  return out;
}

// The latest check report of the area asked for (or the caller's).
absl::StatusOr<baoxue::v1::CheckReport> CheckReportOf(
    const core::checks::CheckDesk& desk, const WebCall& call) {
  const core::Caller& caller = call.session->caller;
  BAOXUE_ASSIGN_OR_RETURN(const auto area_and_report,
                          desk.Report(caller, call.Param("area")));
  baoxue::v1::CheckReport out;
  convert::ToProto(area_and_report.first, area_and_report.second, &out);
  LogInfo(absl::StrCat(caller.Describe(), " read the check report of area ",
                       out.area_code()),
          call.request_id);
  return out;
}

absl::Status SendWorkbook(const std::vector<xlsx::Sheet>& sheets,
                          std::string filename, WebReply& reply) {
  BAOXUE_ASSIGN_OR_RETURN(reply.body, xlsx::WriteWorkbook(sheets));
  reply.content_type = kXlsx;
  reply.attachment = std::move(filename);
  return absl::OkStatus();
}

}  // namespace

std::string WebCall::Param(const char* name) const {
  const auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

absl::Status WebApi::Login(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  BAOXUE_ASSIGN_OR_RETURN(const core::SignedIn signed_in,
                          auth_->Login(body["login"], body["password"],
                                       call.remote_address, body["totp"]));
  reply.cookie = CookieHeader(signed_in.secret, secure_cookie_, false);
  reply.body = MeJson(signed_in.session);
  return absl::OkStatus();
}

absl::Status WebApi::TotpEnrol(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const core::TotpEnrolment enrolment,
                          auth_->EnrolTotp(call.session->account.account_id));
  JsonBuilder json;
  json.BeginObject().Key("otpauth_uri").String(enrolment.otpauth_uri);
  json.EndObject();
  reply.body = json.str();
  return absl::OkStatus();
}

absl::Status WebApi::TotpConfirm(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  BAOXUE_RETURN_IF_ERROR(
      auth_->ConfirmTotp(call.session->account.account_id, body["code"]));
  reply.body = "{}";
  return absl::OkStatus();
}

absl::Status WebApi::Logout(const WebCall& call, WebReply& reply) const {
  BAOXUE_RETURN_IF_ERROR(auth_->Logout(*call.session));
  reply.cookie = CookieHeader("", secure_cookie_, true);
  reply.body = "{}";
  return absl::OkStatus();
}

namespace {

template <typename Enum>
void AddTerms(absl::string_view prefix, google::protobuf::Struct& zh,
              google::protobuf::Struct& en) {
  for (const domain::Term<Enum>& term : domain::Vocabulary<Enum>::kTerms) {
    const std::string key = absl::StrCat(prefix, "_", term.code);
    (*zh.mutable_fields())[key].set_string_value(std::string(term.zh));
    (*en.mutable_fields())[key].set_string_value(std::string(term.en));
  }
}

}  // namespace

absl::Status WebApi::Vocabulary(const WebCall&, WebReply& reply) const {
  google::protobuf::Struct words;
  google::protobuf::Struct& zh =
      *(*words.mutable_fields())["zh"].mutable_struct_value();
  google::protobuf::Struct& en =
      *(*words.mutable_fields())["en"].mutable_struct_value();
  AddTerms<domain::RiskTier>("tier", zh, en);
  AddTerms<domain::CaseStatus>("status", zh, en);
  AddTerms<domain::CaseEventKind>("kind", zh, en);
  AddTerms<domain::CaseOutcome>("outcome", zh, en);
  AddTerms<domain::ChainRole>("role", zh, en);
  AddTerms<domain::OpenReason>("reason", zh, en);
  AddTerms<domain::CaseKind>("case_kind", zh, en);
  AddTerms<domain::CheckComparison>("comparison", zh, en);
  AddTerms<domain::CheckReason>("check_reason", zh, en);
  AddTerms<domain::CheckRowState>("check_row", zh, en);
  AddTerms<domain::KeyGroup>("key_group", zh, en);
  AddTerms<domain::ActorRole>("actor", zh, en);
  AddTerms<domain::CaseMeasure>("measure", zh, en);
  return SendProto(words, reply);
}

absl::Status WebApi::Me(const WebCall& call, WebReply& reply) const {
  reply.body = MeJson(*call.session);
  return absl::OkStatus();
}

absl::Status WebApi::RiskList(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::RiskList list,
                          RiskListOf(*risk_lists_, call));
  return SendProto(list, reply);
}

absl::Status WebApi::Cases(const WebCall& call, WebReply& reply) const {
  const core::Caller& caller = call.session->caller;
  BAOXUE_ASSIGN_OR_RETURN(core::CaseQuery query, CaseListQuery(call));
  BAOXUE_ASSIGN_OR_RETURN(const store::Area area,
                          cases_->AreaOf(caller, call.Param("area")));
  query.area_code = area.division_code;
  BAOXUE_ASSIGN_OR_RETURN(const store::CasePage page,
                          cases_->List(caller, query));
  LogInfo(absl::StrCat(caller.Describe(), " read the case board of area ",
                       area.division_code),
          call.request_id);
  baoxue::v1::ListCasesResponse response;
  convert::ToProto(area, page, &response);
  return SendProto(response, reply);
}

absl::Status WebApi::Case(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  return CaseReply(call.session->caller, id, reply);
}

absl::Status WebApi::RecordAction(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  if (body["kind"].empty()) return absl::InvalidArgumentError("kind: required");
  store::CaseRecordFacts facts;
  BAOXUE_ASSIGN_OR_RETURN(
      facts.happened_on,
      core::ParseRecordDay(body["happened_on"], "happened_on"));
  for (absl::string_view part :
       absl::StrSplit(body["attachment_ids"], ',', absl::SkipWhitespace())) {
    int64_t attachment = 0;
    if (!absl::SimpleAtoi(part, &attachment) || attachment <= 0) {
      return absl::InvalidArgumentError(
          "attachment_ids: comma-separated attachment ids");
    }
    facts.attachment_ids.push_back(attachment);
  }
  BAOXUE_RETURN_IF_ERROR(cases_->RecordAction(
      call.session->caller, id, body["kind"], body["note"], facts));
  return CaseReply(call.session->caller, id, reply);
}

absl::Status WebApi::Resolve(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  if (body["outcome"].empty()) {
    return absl::InvalidArgumentError("outcome: required");
  }
  store::CaseRecordFacts facts;
  BAOXUE_ASSIGN_OR_RETURN(
      facts.returned_on,
      core::ParseRecordDay(body["returned_on"], "returned_on"));
  BAOXUE_RETURN_IF_ERROR(cases_->Resolve(call.session->caller, id,
                                         body["outcome"], body["note"], facts));
  return CaseReply(call.session->caller, id, reply);
}

absl::Status WebApi::Acknowledge(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  const core::Caller& caller = call.session->caller;
  BAOXUE_RETURN_IF_ERROR(cases_->Acknowledge(caller, id, body["note"]));
  return CaseReply(caller, id, reply);
}

absl::Status WebApi::Assign(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  // Missing: 0, which core refuses after the case's area check.
  int64_t person_id = 0;
  if (!body["person_id"].empty() &&
      !absl::SimpleAtoi(body["person_id"], &person_id)) {
    return absl::InvalidArgumentError("person_id: a positive person id");
  }
  const core::Caller& caller = call.session->caller;
  BAOXUE_RETURN_IF_ERROR(cases_->Assign(caller, id, person_id, body["note"]));
  return CaseReply(caller, id, reply);
}

absl::Status WebApi::Assignees(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(const core::CaseAssignees assignees,
                          cases_->Assignees(call.session->caller, id));
  baoxue::v1::ListAssigneesResponse response;
  convert::ToProto(assignees, call.session->caller, &response);
  return SendProto(response, reply);
}

absl::Status WebApi::Reopen(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  BAOXUE_RETURN_IF_ERROR(
      cases_->Reopen(call.session->caller, id, body["note"]));
  return CaseReply(call.session->caller, id, reply);
}

absl::Status WebApi::UploadAttachment(const WebCall& call,
                                      WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  BAOXUE_ASSIGN_OR_RETURN(const int64_t attachment,
                          cases_->AddAttachment(call.session->caller, id,
                                                call.Param("name"), call.body));
  JsonBuilder json;
  json.BeginObject().Key("attachment_id").String(absl::StrCat(attachment));
  json.EndObject();
  reply.body = json.str();
  return absl::OkStatus();
}

absl::Status WebApi::Attachment(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, CaseId(call));
  int64_t attachment_id = 0;
  if (!absl::SimpleAtoi(call.path_sub_id, &attachment_id) ||
      attachment_id <= 0) {
    return absl::InvalidArgumentError("attachment_id: a positive number");
  }
  BAOXUE_ASSIGN_OR_RETURN(
      store::CaseAttachment file,
      cases_->Attachment(call.session->caller, id, attachment_id));
  reply.content_type = file.content_type;
  reply.attachment = file.file_name;
  reply.body = std::move(file.bytes);
  return absl::OkStatus();
}

absl::Status WebApi::Ledger(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::Ledger ledger,
                          LedgerOf(*cases_, call));
  return SendProto(ledger, reply);
}

absl::Status WebApi::ReportLedger(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(call.body));
  // The ledger exactly as GET /api/ledger shows it for the same days.
  WebCall ledger_call = call;
  ledger_call.params = {{"from", body["from"]}, {"to", body["to"]}};
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::Ledger ledger,
                          LedgerOf(*cases_, ledger_call));
  WebReply frozen;
  BAOXUE_RETURN_IF_ERROR(SendProto(ledger, frozen));
  const auto first = ledger.history().empty() ? "" : ledger.history(0).date();
  const auto last = ledger.history().empty()
                        ? ""
                        : ledger.history(ledger.history_size() - 1).date();
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> from,
                          core::ParseRecordDay(first, "from"));
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> to,
                          core::ParseRecordDay(last, "to"));
  if (!from.has_value() || !to.has_value()) {
    return absl::InvalidArgumentError("from: the ledger has no days");
  }
  BAOXUE_ASSIGN_OR_RETURN(
      const int64_t id,
      cases_->ReportLedger(call.session->caller, *from, *to, frozen.body,
                           body["reviewer_name"], body["note"]));
  JsonBuilder json;
  json.BeginObject().Key("report_id").String(absl::StrCat(id));
  json.EndObject();
  reply.body = json.str();
  return absl::OkStatus();
}

absl::Status WebApi::LedgerReports(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(
      const std::vector<store::LedgerReport> reports,
      cases_->LedgerReports(call.session->caller, call.Param("area")));
  JsonBuilder json;
  json.BeginObject().Key("reports").BeginArray();
  for (const store::LedgerReport& r : reports) {
    json.BeginObject();
    json.Key("report_id").String(absl::StrCat(r.report_id));
    json.Key("area_code").String(r.area_code);
    json.Key("from").String(absl::FormatCivilTime(r.from));
    json.Key("to").String(absl::FormatCivilTime(r.to));
    json.Key("reporter_name").String(r.reporter_name);
    json.Key("reviewer_name").String(r.reviewer_name);
    json.Key("note").String(r.note);
    json.Key("reported_at").Time(r.reported_at);
    json.EndObject();
  }
  json.EndArray().EndObject();
  reply.body = json.str();
  return absl::OkStatus();
}

absl::Status WebApi::Checks(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::CheckReport report,
                          CheckReportOf(*checks_, call));
  return SendProto(report, reply);
}

absl::Status WebApi::ModelDrift(const WebCall& call, WebReply& reply) const {
  if (drift_ == nullptr) {
    return absl::UnimplementedError("model drift is not served here");
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<int64_t> days,
                          IntParam(call, "days"));
  if (days.has_value() && (*days < 1 || *days > 366)) {
    return absl::InvalidArgumentError("days must be between 1 and 366");
  }
  BAOXUE_ASSIGN_OR_RETURN(const core::DriftReport report,
                          drift_->Report(call.session->caller, "",
                                         static_cast<int>(days.value_or(0))));
  baoxue::v1::GetDriftResponse response;
  convert::ToProto(report, drift_->settings(), &response);
  return SendProto(response, reply);
}

absl::Status WebApi::RiskListXlsx(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::RiskList list,
                          RiskListOf(*risk_lists_, call));
  LogInfo(absl::StrCat(call.session->caller.Describe(),
                       " exported the risk list of area ", list.area_code()),
          call.request_id);
  return SendWorkbook(
      {exports::RiskListSheet(list, Lang(call))},
      absl::StrCat("risk-list-", list.area_code(), "-",
                   list.run_id() == 0 ? "none" : list.as_of_date(), ".xlsx"),
      reply);
}

absl::Status WebApi::LedgerXlsx(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::Ledger ledger,
                          LedgerOf(*cases_, call));
  return SendWorkbook(exports::LedgerSheets(ledger, Lang(call)),
                      absl::StrCat("ledger-", ledger.area_code(), ".xlsx"),
                      reply);
}

absl::Status WebApi::ChecksXlsx(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::CheckReport report,
                          CheckReportOf(*checks_, call));
  return SendWorkbook(exports::CheckReportSheets(report, Lang(call)),
                      absl::StrCat("checks-", report.area_code(), ".xlsx"),
                      reply);
}

absl::Status WebApi::RiskListPrint(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::RiskList list,
                          RiskListOf(*risk_lists_, call));
  reply.content_type = kHtml;
  reply.body = exports::RiskListPrintHtml(list, Lang(call));
  return absl::OkStatus();
}

absl::Status WebApi::LedgerPrint(const WebCall& call, WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const baoxue::v1::Ledger ledger,
                          LedgerOf(*cases_, call));
  reply.content_type = kHtml;
  reply.body = exports::LedgerPrintHtml(ledger, Lang(call));
  return absl::OkStatus();
}

absl::Status WebApi::TrackRecord(const WebCall& call, WebReply& reply) const {
  if (track_record_ == nullptr) {
    return absl::UnimplementedError("this server keeps no track record");
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::optional<int64_t> limit,
                          IntParam(call, "limit"));
  BAOXUE_ASSIGN_OR_RETURN(
      const core::TrackRecord record,
      track_record_->Read(
          call.session->caller,
          static_cast<int>(std::clamp<int64_t>(
              limit.value_or(0), -1, core::kMaxTrackRecordRuns + 1))));
  baoxue::v1::GetTrackRecordResponse response;
  convert::ToProto(record, &response);
  return SendProto(response, reply);
}

absl::Status WebApi::CaseReply(const core::Caller& caller, int64_t case_id,
                               WebReply& reply) const {
  BAOXUE_ASSIGN_OR_RETURN(const store::CaseDetail detail,
                          cases_->Get(caller, case_id));
  baoxue::v1::Case out;
  convert::ToProto(detail, caller, &out);
  return SendProto(out, reply);
}

}  // namespace baoxue::web

#include "client/case_commands.h"

#include <iostream>
#include <optional>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/export_format.h"
#include "client/output.h"
#include "exports/case_list.h"
#include "exports/ledger.h"

ABSL_FLAG(std::string, status, "", "cases list: open or closed");
ABSL_FLAG(bool, overdue, false, "cases list: overdue cases only");
ABSL_FLAG(int, level, 0, "cases list: cases at this level (1-6)");
ABSL_FLAG(int, page_size, 0, "cases list: cases per page (default 50)");
ABSL_FLAG(std::string, page_token, "", "cases list: the page to show");
ABSL_FLAG(std::string, action, "",
          "cases act: call, home_visit, aid_referral, commitment_signed, "
          "return_notice or note");
ABSL_FLAG(std::string, outcome, "",
          "cases resolve: returned, transferred, home_delivery, not_at_risk "
          "or moved_out");
ABSL_FLAG(std::string, note, "",
          "cases ack|act|resolve|reopen|assign: what happened, or why");
ABSL_FLAG(std::string, happened_on, "",
          "cases act: the day it happened, YYYY-MM-DD (default today)");
ABSL_FLAG(std::string, returned_on, "",
          "cases resolve --outcome returned: the day back in class");
ABSL_FLAG(int64_t, after_event, 0,
          "cases watch: replay events after this id (default: new ones only)");
ABSL_FLAG(std::string, from, "", "ledger: first day YYYY-MM-DD");
ABSL_FLAG(std::string, to, "", "ledger: last day YYYY-MM-DD (default today)");

ABSL_DECLARE_FLAG(std::string, school);  // defined in main.cc
ABSL_DECLARE_FLAG(std::string, format);  // defined in main.cc
ABSL_DECLARE_FLAG(std::string, output);  // defined in main.cc

namespace baoxue::client {
namespace {

absl::StatusOr<int64_t> CaseIdArgument(const std::vector<std::string>& args) {
  int64_t id = 0;
  if (args.size() != 2 || !absl::SimpleAtoi(args[1], &id) || id <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cases ", args[0], " needs one case id, e.g. cases ", args[0], " 17"));
  }
  return id;
}

absl::Status List(const BaoxueClient& client, const std::string& area,
                  Words words, bool json) {
  baoxue::v1::ListCasesRequest request;
  request.set_area_code(area);
  const std::string status = absl::GetFlag(FLAGS_status);
  if (status == "open") {
    request.set_status(baoxue::v1::ListCasesRequest::OPEN);
  } else if (status == "closed") {
    request.set_status(baoxue::v1::ListCasesRequest::CLOSED);
  } else if (!status.empty()) {
    return absl::InvalidArgumentError("--status must be open or closed");
  }
  request.set_overdue_only(absl::GetFlag(FLAGS_overdue));
  request.set_level(absl::GetFlag(FLAGS_level));
  const std::string school = absl::GetFlag(FLAGS_school);
  int64_t school_id = 0;
  if (!school.empty() && !absl::SimpleAtoi(school, &school_id)) {
    return absl::InvalidArgumentError("--school must be a school id");
  }
  request.set_school_id(school_id);
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  return ShowResult(client.ListCases(request), json,
                    [words](const baoxue::v1::ListCasesResponse& response,
                            std::ostream& out) {
                      exports::PrintCaseList(response, words.language(), out);
                    });
}

absl::Status Watch(const BaoxueClient& client, const std::string& area,
                   Words words, bool json) {
  baoxue::v1::WatchCasesRequest request;
  request.set_area_code(area);
  request.set_after_event_id(absl::GetFlag(FLAGS_after_event));
  std::cerr << words("监听个案事件中（Ctrl-C 停止）……",
                     "watching case events (Ctrl-C to stop)...")
            << "\n";
  return client.WatchCases(
      request, [json, words](const baoxue::v1::CaseEvent& e) {
        if (json) {
          PrintJson(e, std::cout);
          std::cout << std::endl;
        } else {
          exports::PrintCaseEvent(e, words.language(), std::cout);
          std::cout.flush();
        }
        return true;
      });
}

// `cases assign CASE_ID PERSON_ID [--note TEXT]`.
absl::Status Assign(const BaoxueClient& client,
                    const std::vector<std::string>& args, Words words,
                    bool json) {
  baoxue::v1::AssignRequest request;
  int64_t case_id = 0;
  int64_t person_id = 0;
  if (args.size() != 3 || !absl::SimpleAtoi(args[1], &case_id) ||
      case_id <= 0 || !absl::SimpleAtoi(args[2], &person_id) ||
      person_id <= 0) {
    return absl::InvalidArgumentError(
        "cases assign needs a case id and a person id, e.g. cases assign 17 "
        "42 (cases assignees 17 lists who may be named)");
  }
  request.set_case_id(case_id);
  request.set_person_id(person_id);
  request.set_note(absl::GetFlag(FLAGS_note));
  return ShowResult(client.Assign(request), json,
                    [words](const baoxue::v1::Case& c, std::ostream& out) {
                      exports::PrintCase(c, words.language(), out);
                    });
}

// `cases assignees CASE_ID`: one line per person who may be named.
absl::Status Assignees(const BaoxueClient& client, int64_t case_id, Words words,
                       bool json) {
  baoxue::v1::ListAssigneesRequest request;
  request.set_case_id(case_id);
  return ShowResult(
      client.ListAssignees(request), json,
      [words](const baoxue::v1::ListAssigneesResponse& r, std::ostream& out) {
        const std::optional<domain::ChainRole> parsed =
            domain::Parse<domain::ChainRole>(r.role());
        const std::string role =
            parsed.has_value() ? std::string(words.Label(*parsed)) : r.role();
        out << (words.english()
                    ? absl::StrCat("case ", r.case_id(), " level ", r.level(),
                                   " ", role, ": who may be named\n")
                    : absl::StrCat("个案 ", r.case_id(), " 第", r.level(),
                                   "级 ", role, "：可指派的责任人\n"));
        if (r.assignees().empty()) {
          out << words("（无：已办结，或本级无登记人员）\n",
                       "(nobody: the case is closed, or nobody is on record "
                       "at this level)\n");
        }
        for (const baoxue::v1::Assignee& a : r.assignees()) {
          std::string post;
          if (a.grade() > 0) {
            post = words.english() ? absl::StrCat("  grade ", a.grade())
                                   : absl::StrCat("  ", a.grade(), "年级");
            if (!a.class_name().empty())
              absl::StrAppend(&post, " ", a.class_name());
          }
          out << "  " << a.person_id() << "  "
              << (a.name().empty() ? words("（姓名不公开）", "(name withheld)")
                                   : a.name())
              << post
              << (a.in_charge() ? words("  ← 当前责任人", "  ← in charge") : "")
              << "\n";
        }
      });
}

}  // namespace

absl::Status RunCasesCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const std::string& area, Words words, bool json) {
  const std::string sub = args.empty() ? "" : args[0];
  if (sub == "list") return List(client, area, words, json);
  if (sub == "watch") return Watch(client, area, words, json);
  if (sub == "assign") return Assign(client, args, words, json);
  if (sub != "show" && sub != "ack" && sub != "act" && sub != "resolve" &&
      sub != "reopen" && sub != "assignees") {
    return absl::InvalidArgumentError(
        "cases needs list, show, ack, act, resolve, reopen, assign, assignees "
        "or watch");
  }
  absl::StatusOr<int64_t> id = CaseIdArgument(args);
  if (!id.ok()) return id.status();
  if (sub == "assignees") return Assignees(client, *id, words, json);
  const std::string note = absl::GetFlag(FLAGS_note);
  absl::StatusOr<baoxue::v1::Case> result;
  if (sub == "show") {
    baoxue::v1::GetCaseRequest request;
    request.set_case_id(*id);
    result = client.GetCase(request);
  } else if (sub == "ack") {
    baoxue::v1::AcknowledgeRequest request;
    request.set_case_id(*id);
    request.set_note(note);  // kept on the same "acknowledged" event
    result = client.Acknowledge(request);
  } else if (sub == "act") {
    baoxue::v1::RecordActionRequest request;
    request.set_case_id(*id);
    request.set_action(absl::GetFlag(FLAGS_action));
    request.set_note(note);
    request.set_happened_on(absl::GetFlag(FLAGS_happened_on));
    result = client.RecordAction(request);
  } else if (sub == "resolve") {
    baoxue::v1::ResolveRequest request;
    request.set_case_id(*id);
    request.set_outcome(absl::GetFlag(FLAGS_outcome));
    request.set_note(note);
    request.set_returned_on(absl::GetFlag(FLAGS_returned_on));
    result = client.Resolve(request);
  } else {
    baoxue::v1::ReopenRequest request;
    request.set_case_id(*id);
    request.set_note(note);
    result = client.Reopen(request);
  }
  return ShowResult(result, json,
                    [words](const baoxue::v1::Case& c, std::ostream& out) {
                      exports::PrintCase(c, words.language(), out);
                    });
}

absl::Status RunLedgerCommand(const BaoxueClient& client,
                              const std::string& area, Words words, bool json) {
  baoxue::v1::GetLedgerRequest request;
  request.set_area_code(area);
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  const std::string format = absl::GetFlag(FLAGS_format);
  const std::string output = absl::GetFlag(FLAGS_output);
  if (absl::Status flags = CheckExportFlags(format, output, "ledger.xlsx");
      !flags.ok()) {
    return flags;
  }
  const domain::Language language = words.language();
  absl::StatusOr<baoxue::v1::Ledger> ledger = client.GetLedger(request);
  if (!ledger.ok()) return ledger.status();
  return WriteExport(*ledger, format, json, output,
                     {[&](std::ostream& out) {
                        exports::PrintLedgerTable(*ledger, language, out);
                      },
                      [&] { return exports::LedgerCsv(*ledger, language); },
                      [&] { return exports::LedgerSheets(*ledger, language); }},
                     words);
}

}  // namespace baoxue::client

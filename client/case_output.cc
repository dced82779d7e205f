#include "client/case_output.h"

#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baoxue::client {
namespace {

const char* RoleZh(const std::string& role) {
  if (role == "TEACHER") return "师长";
  if (role == "PRINCIPAL") return "校长";
  if (role == "PARENT") return "家长";
  if (role == "GROUP_HEAD") return "组长";
  if (role == "VILLAGE_HEAD") return "村长";
  if (role == "TOWNSHIP_HEAD") return "镇长";
  return "";
}

std::string Person(const std::string& name) {
  return name.empty() ? "(无登记 nobody on record)" : name;
}

void PrintLedgerRow(const baoxue::v1::LedgerRow& row, std::ostream& out) {
  out << absl::StrFormat("  %-14s %-16s %6d %6d %6d %6d %6d\n", row.code(),
                         row.name(), row.open(), row.overdue(), row.escalated(),
                         row.returned(), row.closed());
}

constexpr char kLedgerHeader[] =
    "  代码 code      名称 name          在办   逾期   升级   复学   办结\n"
    "                                    open overdue escal. return closed\n";

}  // namespace

void PrintCaseList(const baoxue::v1::ListCasesResponse& response,
                   std::ostream& out) {
  if (response.cases().empty()) out << "(无案件 no cases)\n";
  for (const baoxue::v1::CaseSummary& c : response.cases()) {
    out << absl::StrFormat(
        "案件 case %d  %s %d年级 %s %s  风险 risk %.2f  %s  第%d级 level %d "
        "%s %s: %s%s\n",
        c.case_id(), c.masked_name(), c.grade(), c.school_name(),
        c.village_name(), c.latest_probability(),
        c.status() == "open" ? "在办 open"
                             : "已办结 closed (" + c.outcome() + ")",
        c.level(), c.level(), RoleZh(c.role()), c.role(),
        Person(c.person_name()), c.overdue() ? "  逾期 OVERDUE" : "");
  }
  if (!response.next_page_token().empty()) {
    out << "更多 more: --page_token " << response.next_page_token() << "\n";
  }
}

void PrintCaseEvent(const baoxue::v1::CaseEvent& event, std::ostream& out) {
  out << absl::StrFormat("  [%s] 案件 case %d  %s  第%d级 level %d  %s%s%s\n",
                         event.at(), event.case_id(), event.kind(),
                         event.level(), event.level(), event.actor(),
                         event.note().empty() ? "" : "  — ", event.note());
}

void PrintCase(const baoxue::v1::Case& c, std::ostream& out) {
  const baoxue::v1::CaseSummary& s = c.summary();
  out << absl::StrFormat(
      "案件 case %d: %s (学生 student %d) %d年级 grade %d, %s, %s\n",
      s.case_id(),
      c.student_name().empty() ? s.masked_name() : c.student_name(),
      s.student_id(), s.grade(), s.grade(), s.school_name(), s.village_name());
  out << absl::StrFormat(
      "  状态 status: %s%s  开案 opened %s (%s)  重开 reopened %d×\n",
      s.status(), s.outcome().empty() ? "" : " / " + s.outcome(), s.opened_at(),
      s.opened_reason(), s.reopen_count());
  if (s.status() == "open") {
    out << absl::StrFormat(
        "  当前 now: 第%d级 level %d %s %s: %s  确认期限 ack by %s  办结期限 "
        "resolve by %s%s%s\n",
        s.level(), s.level(), RoleZh(s.role()), s.role(),
        Person(s.person_name()), s.ack_deadline(), s.resolve_deadline(),
        s.acknowledged_at().empty() ? "" : "  已确认 acknowledged ",
        s.acknowledged_at());
  }
  out << "  原因 reasons:\n";
  for (const baoxue::v1::CaseReason& r : c.reasons()) {
    out << "    - " << r.text_zh() << " | " << r.text_en() << "\n";
    if (!r.measures().empty()) {
      out << "      措施 measures: " << absl::StrJoin(r.measures(), "; ")
          << "\n";
    }
  }
  out << "  风险走势 trend:";
  for (const baoxue::v1::CaseScorePoint& p : c.scores()) {
    out << absl::StrFormat("  %s %.2f", p.as_of_date(), p.probability());
  }
  out << "\n  责任链 chain:\n";
  for (const baoxue::v1::CaseAssignment& a : c.assignments()) {
    out << absl::StrFormat(
        "    第%d级 %s %s: %s  assigned %s%s%s\n", a.level(), RoleZh(a.role()),
        a.role(), Person(a.person_name()), a.assigned_at(),
        a.acknowledged_at().empty() ? "" : "  ack ", a.acknowledged_at());
  }
  out << "  经过 timeline:\n";
  for (const baoxue::v1::CaseEvent& e : c.events()) PrintCaseEvent(e, out);
}

void PrintLedger(const baoxue::v1::Ledger& ledger, std::ostream& out) {
  out << "台账 ledger — 乡镇 by township:\n" << kLedgerHeader;
  for (const baoxue::v1::LedgerRow& row : ledger.townships()) {
    PrintLedgerRow(row, out);
  }
  baoxue::v1::LedgerRow total = ledger.total();
  total.set_name("合计 total");
  PrintLedgerRow(total, out);
  out << "\n学校 by school:\n" << kLedgerHeader;
  for (const baoxue::v1::LedgerRow& row : ledger.schools()) {
    PrintLedgerRow(row, out);
  }
  out << "\n每日 by day:  日期 date  新开 opened  在办 open  升级 escalated  "
         "复学 returned  办结 closed\n";
  for (const baoxue::v1::LedgerDay& day : ledger.history()) {
    out << absl::StrFormat("  %s %6d %6d %6d %6d %6d\n", day.date(),
                           day.opened(), day.open(), day.escalated(),
                           day.returned(), day.closed());
  }
}

}  // namespace baoxue::client

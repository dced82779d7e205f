#include "exports/case_list.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "exports/columns.h"
#include "exports/text.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace baoxue::exports {
namespace {

using C = CaseListColumn;
using domain::Language;

// The label of a code from the wire in `language`; the code itself if the
// vocabulary does not know it (a newer server).
template <typename Enum>
std::string LabelOf(const std::string& code, Language language) {
  const std::optional<Enum> value = domain::Parse<Enum>(code);
  return value.has_value() ? std::string(domain::Label(*value, language))
                           : code;
}

std::string RoleText(const std::string& role) {
  return absl::StrCat(LabelOf<domain::ChainRole>(role, Language::kZh), " ",
                      LabelOf<domain::ChainRole>(role, Language::kEn));
}

std::string Person(const std::string& name) {
  return name.empty() ? "(无登记 nobody on record)" : name;
}

std::string StatusText(const baoxue::v1::CaseSummary& c) {
  const std::string status =
      absl::StrCat(LabelOf<domain::CaseStatus>(c.status(), Language::kZh), " ",
                   LabelOf<domain::CaseStatus>(c.status(), Language::kEn));
  if (c.outcome().empty()) return status;
  return absl::StrCat(status, " (",
                      LabelOf<domain::CaseOutcome>(c.outcome(), Language::kZh),
                      ")");
}

}  // namespace

void PrintCaseList(const baoxue::v1::ListCasesResponse& response,
                   std::ostream& out) {
  if (!response.area_name().empty()) {
    out << response.area_name() << " " << response.area_code() << "\n";
  }
  if (response.cases().empty()) out << "(无案件 no cases)\n";
  for (const baoxue::v1::CaseSummary& c : response.cases()) {
    if (c.kind() == domain::Code(domain::CaseKind::kVerification)) {
      // A verification task (核查任务) has no risk score; a 户籍 child no
      // school or grade.
      out << absl::StrFormat(
          "核查 task %d  %s %s  %s  第%d级 level %d %s: %s%s\n", c.case_id(),
          c.masked_name(), c.village_name(), StatusText(c), c.level(),
          c.level(), RoleText(c.role()), Person(c.person_name()),
          c.overdue() ? "  逾期 OVERDUE" : "");
      continue;
    }
    out << absl::StrFormat(
        "案件 case %d  %s %d年级 %s %s  风险 risk %.2f  %s  第%d级 level %d "
        "%s: %s%s\n",
        c.case_id(), c.masked_name(), c.grade(), c.school_name(),
        c.village_name(), c.latest_probability(), StatusText(c), c.level(),
        c.level(), RoleText(c.role()), Person(c.person_name()),
        c.overdue() ? "  逾期 OVERDUE" : "");
  }
  if (!response.next_page_token().empty()) {
    out << "更多 more: --page_token " << response.next_page_token() << "\n";
  }
}

// Who did it, as the record names them (name and role); the attributable
// id ("web account 3") only when the event names nobody.
std::string ActorText(const baoxue::v1::CaseEvent& event) {
  google::protobuf::Struct details;
  if (event.details_json().empty() ||
      !google::protobuf::util::JsonStringToMessage(event.details_json(),
                                                   &details)
           .ok()) {
    return event.actor();
  }
  const auto& fields = details.fields();
  const auto name = fields.find("by_name");
  const auto role = fields.find("by_role");
  if (name == fields.end()) return event.actor();
  std::string text = name->second.string_value();
  if (role != fields.end()) {
    absl::StrAppend(
        &text, " (",
        LabelOf<domain::ActorRole>(role->second.string_value(), Language::kZh),
        ")");
  }
  return text;
}

void PrintCaseEvent(const baoxue::v1::CaseEvent& event, std::ostream& out) {
  out << absl::StrFormat(
      "  [%s] 案件 case %d  %s %s  第%d级 level %d  %s%s%s\n",
      CountyMinute(event.at()), event.case_id(),
      LabelOf<domain::CaseEventKind>(event.kind(), Language::kZh), event.kind(),
      event.level(), event.level(), ActorText(event),
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
      "  状态 status: %s  开案 opened %s (%s)  重开 reopened %d×\n",
      StatusText(s), CountyMinute(s.opened_at()),
      LabelOf<domain::OpenReason>(s.opened_reason(), Language::kZh),
      s.reopen_count());
  if (s.status() == "open") {
    out << absl::StrFormat(
        "  当前 now: 第%d级 level %d %s: %s  确认期限 ack by %s  办结期限 "
        "resolve by %s%s%s\n",
        s.level(), s.level(), RoleText(s.role()), Person(s.person_name()),
        CountyMinute(s.ack_deadline()), CountyMinute(s.resolve_deadline()),
        s.acknowledged_at().empty() ? "" : "  已确认 acknowledged ",
        CountyMinute(s.acknowledged_at()));
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
    out << absl::StrFormat("    第%d级 %s: %s  assigned %s%s%s\n", a.level(),
                           RoleText(a.role()), Person(a.person_name()),
                           CountyMinute(a.assigned_at()),
                           a.acknowledged_at().empty() ? "" : "  ack ",
                           CountyMinute(a.acknowledged_at()));
  }
  // In the order things happened (events come by id; an event recorded
  // later may carry an earlier time).
  std::vector<const baoxue::v1::CaseEvent*> events;
  for (const baoxue::v1::CaseEvent& e : c.events()) events.push_back(&e);
  std::stable_sort(
      events.begin(), events.end(),
      [](const baoxue::v1::CaseEvent* a, const baoxue::v1::CaseEvent* b) {
        // Every time is county time (one offset): text order
        // is time order.
        return a->at() < b->at();
      });
  out << "  经过 timeline:\n";
  for (const baoxue::v1::CaseEvent* e : events) PrintCaseEvent(*e, out);
}

std::string CaseListCsv(const baoxue::v1::ListCasesResponse& response,
                        Language language) {
  std::vector<std::string> header;
  for (const domain::Term<C>& term : domain::Vocabulary<C>::kTerms) {
    header.push_back(CsvHeader(term.value, language));
  }
  std::string csv = CsvLine(header);
  for (const baoxue::v1::CaseSummary& c : response.cases()) {
    csv += CsvLine({absl::StrCat(c.case_id()), c.masked_name(),
                    absl::StrCat(c.grade()), c.school_name(), c.village_name(),
                    LabelOf<domain::CaseStatus>(c.status(), language),
                    c.outcome().empty()
                        ? ""
                        : LabelOf<domain::CaseOutcome>(c.outcome(), language),
                    absl::StrCat(c.level()),
                    LabelOf<domain::ChainRole>(c.role(), language),
                    c.person_name(), CountyMinute(c.opened_at()),
                    CountyMinute(c.ack_deadline()),
                    CountyMinute(c.resolve_deadline()), c.overdue() ? "1" : "0",
                    absl::StrFormat("%.4f", c.latest_probability())});
  }
  return csv;
}

xlsx::Sheet CaseListSheet(const baoxue::v1::ListCasesResponse& response,
                          Language language) {
  const bool en = language == Language::kEn;
  xlsx::Sheet sheet;
  sheet.name = en ? "Cases" : "个案";
  sheet.title = absl::StrCat(response.area_name(), " ", response.area_code(),
                             en ? " (names masked)" : "（姓名已脱敏）");
  for (const domain::Term<C>& term : domain::Vocabulary<C>::kTerms) {
    sheet.columns.push_back({std::string(domain::Label(term.value, language)),
                             term.value == C::kSchool ? 22.0 : 12.0,
                             term.value == C::kProbability ? "0.0%" : ""});
  }
  for (const baoxue::v1::CaseSummary& c : response.cases()) {
    sheet.rows.push_back(
        {static_cast<double>(c.case_id()), c.masked_name(),
         static_cast<double>(c.grade()), c.school_name(), c.village_name(),
         LabelOf<domain::CaseStatus>(c.status(), language),
         c.outcome().empty()
             ? std::string()
             : LabelOf<domain::CaseOutcome>(c.outcome(), language),
         static_cast<double>(c.level()),
         LabelOf<domain::ChainRole>(c.role(), language), c.person_name(),
         CountyMinute(c.opened_at()), CountyMinute(c.ack_deadline()),
         CountyMinute(c.resolve_deadline()),
         std::string(c.overdue() ? (en ? "yes" : "是") : ""),
         c.latest_probability()});
  }
  return sheet;
}

}  // namespace baoxue::exports

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

std::string RoleText(const std::string& role, Language language) {
  return LabelOf<domain::ChainRole>(role, language);
}

std::string Person(const std::string& name, Language language) {
  if (!name.empty()) return name;
  return language == Language::kEn ? "(nobody on record)" : "（无登记）";
}

// "已办结（已复学）", "closed (returned to school)".
std::string StatusText(const baoxue::v1::CaseSummary& c, Language language) {
  const std::string status = LabelOf<domain::CaseStatus>(c.status(), language);
  if (c.outcome().empty()) return status;
  const std::string outcome =
      LabelOf<domain::CaseOutcome>(c.outcome(), language);
  return language == Language::kEn ? absl::StrCat(status, " (", outcome, ")")
                                   : absl::StrCat(status, "（", outcome, "）");
}

// "第3级 家长", "level 3 parent".
std::string LevelText(int level, const std::string& role, Language language) {
  return language == Language::kEn
             ? absl::StrFormat("level %d %s", level, RoleText(role, language))
             : absl::StrFormat("第%d级 %s", level, RoleText(role, language));
}

// The event's details; empty when it has none or they do not parse.
google::protobuf::Struct DetailsOf(const baoxue::v1::CaseEvent& event) {
  google::protobuf::Struct details;
  if (!event.details_json().empty() &&
      !google::protobuf::util::JsonStringToMessage(event.details_json(),
                                                   &details)
           .ok()) {
    details.Clear();
  }
  return details;
}

// What an event of `kind` says: its label, and for an "assigned" event who
// held the level before and who holds it now ("指派责任人：张三 → 李四").
std::string WhatText(const baoxue::v1::CaseEvent& event, Language language) {
  std::string text = LabelOf<domain::CaseEventKind>(event.kind(), language);
  if (event.kind() != domain::Code(domain::CaseEventKind::kAssigned)) {
    return text;
  }
  const google::protobuf::Struct details = DetailsOf(event);
  const auto& fields = details.fields();
  const auto name = [&](const char* key) {
    const auto it = fields.find(key);
    return Person(it == fields.end() ? "" : it->second.string_value(),
                  language);
  };
  absl::StrAppend(&text, language == Language::kEn ? ": " : "：",
                  name("from_name"), " → ", name("to_name"));
  return text;
}

// Who did it, as the record names them (name and role). An event that names
// nobody was the chain's own doing (a risk run opening it, an escalation, a
// reminder): said as the page says it, in the one language, not as the
// system's English record ("risk run 3", "escalation").
std::string ActorText(const baoxue::v1::CaseEvent& event, Language language) {
  const google::protobuf::Struct details = DetailsOf(event);
  const auto& fields = details.fields();
  const auto name = fields.find("by_name");
  const auto role = fields.find("by_role");
  if (name == fields.end() && role == fields.end()) {
    return language == Language::kEn ? "the chain (automatic)"
                                     : "系统（责任链自动）";
  }
  std::string text = name != fields.end() ? name->second.string_value() : "";
  if (role != fields.end()) {
    const std::string label =
        LabelOf<domain::ActorRole>(role->second.string_value(), language);
    absl::StrAppend(&text, language == Language::kEn ? " (" : "（", label,
                    language == Language::kEn ? ")" : "）");
  }
  return text;
}

}  // namespace

void PrintCaseList(const baoxue::v1::ListCasesResponse& response,
                   Language language, std::ostream& out) {
  const bool en = language == Language::kEn;
  if (!response.area_name().empty()) {
    out << response.area_name() << " " << response.area_code() << "\n";
  }
  if (response.cases().empty()) out << (en ? "(no cases)\n" : "（无个案）\n");
  for (const baoxue::v1::CaseSummary& c : response.cases()) {
    const std::string who =
        absl::StrCat(LevelText(c.level(), c.role(), language), en ? ": " : "：",
                     Person(c.person_name(), language),
                     c.overdue() ? (en ? "  OVERDUE" : "  逾期") : "");
    if (c.kind() == domain::Code(domain::CaseKind::kVerification)) {
      // A verification task (核查任务) has no risk score; a 户籍 child no
      // school or grade.
      out << absl::StrFormat("%s %d  %s %s  %s  %s\n", en ? "task" : "核查任务",
                             c.case_id(), c.masked_name(), c.village_name(),
                             StatusText(c, language), who);
      continue;
    }
    out << absl::StrFormat(
        "%s %d  %s %s %s %s  %s %.2f  %s  %s\n", en ? "case" : "个案",
        c.case_id(), c.masked_name(), GradeText(c.grade(), en), c.school_name(),
        c.village_name(), en ? "risk" : "风险", c.latest_probability(),
        StatusText(c, language), who);
  }
  if (!response.next_page_token().empty()) {
    out << (en ? "more: --page_token " : "更多：--page_token ")
        << response.next_page_token() << "\n";
  }
}

void PrintCaseEvent(const baoxue::v1::CaseEvent& event, Language language,
                    std::ostream& out) {
  const bool en = language == Language::kEn;
  out << absl::StrFormat("  [%s] %s %d  %s  %s  %s%s%s\n",
                         CountyMinute(event.at()), en ? "case" : "个案",
                         event.case_id(), WhatText(event, language),
                         en ? absl::StrFormat("level %d", event.level())
                            : absl::StrFormat("第%d级", event.level()),
                         ActorText(event, language),
                         event.note().empty() ? "" : "  — ", event.note());
}

void PrintCase(const baoxue::v1::Case& c, Language language,
               std::ostream& out) {
  const bool en = language == Language::kEn;
  const baoxue::v1::CaseSummary& s = c.summary();
  const std::string name =
      c.student_name().empty() ? s.masked_name() : c.student_name();
  const std::string opened_reason =
      LabelOf<domain::OpenReason>(s.opened_reason(), language);
  if (en) {
    out << absl::StrFormat("case %d: %s (student %d) %s, %s, %s\n", s.case_id(),
                           name, s.student_id(), GradeText(s.grade(), true),
                           s.school_name(), s.village_name())
        << absl::StrFormat("  status: %s  opened %s (%s)  reopened %d times\n",
                           StatusText(s, language), CountyMinute(s.opened_at()),
                           opened_reason, s.reopen_count());
  } else {
    out << absl::StrFormat("个案 %d：%s（学生 %d）%s，%s，%s\n", s.case_id(),
                           name, s.student_id(), GradeText(s.grade(), false),
                           s.school_name(), s.village_name())
        << absl::StrFormat("  状态：%s  开案 %s（%s）  重开 %d 次\n",
                           StatusText(s, language), CountyMinute(s.opened_at()),
                           opened_reason, s.reopen_count());
  }
  if (s.status() == "open") {
    const std::string acknowledged =
        s.acknowledged_at().empty()
            ? ""
            : absl::StrCat(en ? "  acknowledged " : "  已确认 ",
                           CountyMinute(s.acknowledged_at()));
    const std::string holder = LevelText(s.level(), s.role(), language);
    const std::string person = Person(s.person_name(), language);
    out << (en ? absl::StrFormat("  now: %s: %s  ack by %s  resolve by %s%s\n",
                                 holder, person, CountyMinute(s.ack_deadline()),
                                 CountyMinute(s.resolve_deadline()),
                                 acknowledged)
               : absl::StrFormat("  当前：%s：%s  确认期限 %s  办结期限 %s%s\n",
                                 holder, person, CountyMinute(s.ack_deadline()),
                                 CountyMinute(s.resolve_deadline()),
                                 acknowledged));
  }
  out << (en ? "  reasons:\n" : "  原因：\n");
  for (const baoxue::v1::CaseReason& r : c.reasons()) {
    out << "    - " << (en ? r.text_en() : r.text_zh()) << "\n";
    if (!r.measures().empty()) {
      std::vector<std::string> measures;
      for (const std::string& m : r.measures()) {
        measures.push_back(MeasureIn(m, en));
      }
      out << (en ? "      measures: " : "      措施：")
          << absl::StrJoin(measures, en ? "; " : "；") << "\n";
    }
  }
  out << (en ? "  trend:" : "  风险走势：");
  for (const baoxue::v1::CaseScorePoint& p : c.scores()) {
    out << absl::StrFormat("  %s %.2f", p.as_of_date(), p.probability());
  }
  out << (en ? "\n  chain:\n" : "\n  责任链：\n");
  for (const baoxue::v1::CaseAssignment& a : c.assignments()) {
    const std::string acknowledged =
        a.acknowledged_at().empty()
            ? ""
            : absl::StrCat(en ? "  ack " : "  确认 ",
                           CountyMinute(a.acknowledged_at()));
    out << "    " << LevelText(a.level(), a.role(), language)
        << (en ? ": " : "：") << Person(a.person_name(), language)
        << (en ? "  assigned " : "  指派 ") << CountyMinute(a.assigned_at())
        << acknowledged << "\n";
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
  out << (en ? "  timeline:\n" : "  经过：\n");
  for (const baoxue::v1::CaseEvent* e : events) {
    PrintCaseEvent(*e, language, out);
  }
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

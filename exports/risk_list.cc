#include "exports/risk_list.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "exports/columns.h"
#include "exports/print_page.h"
#include "exports/text.h"

namespace baoxue::exports {
namespace {

using C = RiskListColumn;
using domain::Language;

// The trend's label in `language` ("上升" / "up"); the code itself if the
// vocabulary does not know it (a newer server).
std::string TrendText(const std::string& code, Language language) {
  const std::optional<domain::RiskTrend> trend =
      domain::Parse<domain::RiskTrend>(code);
  return trend.has_value() ? std::string(domain::Label(*trend, language))
                           : code;
}

std::string Header(C column, Language language) {
  return std::string(domain::Label(column, language));
}

std::string TierText(baoxue::v1::RiskTier tier, Language language) {
  switch (tier) {
    case baoxue::v1::RISK_TIER_HIGH:
      return std::string(domain::Label(domain::RiskTier::kHigh, language));
    case baoxue::v1::RISK_TIER_MEDIUM:
      return std::string(domain::Label(domain::RiskTier::kMedium, language));
    case baoxue::v1::RISK_TIER_LOW:
      return std::string(domain::Label(domain::RiskTier::kLow, language));
    default:
      return "";
  }
}

std::string ChangeText(const baoxue::v1::ListedStudent& s, Language language) {
  if (!s.has_previous()) return language == Language::kEn ? "new" : "新";
  return absl::StrFormat("%+.1f%%", s.change() * 100);
}

std::string ReasonText(const baoxue::v1::Reason& reason, Language language) {
  return language == Language::kEn ? reason.text_en() : reason.text_zh();
}

std::string ReasonsText(const baoxue::v1::ListedStudent& s, Language language) {
  std::vector<std::string> texts;
  for (const baoxue::v1::Reason& r : s.reasons()) {
    texts.push_back(ReasonText(r, language));
  }
  return absl::StrJoin(texts, language == Language::kEn ? "; " : "；");
}

// Measures of every reason, each once, in the order they first appear.
std::string MeasuresText(const baoxue::v1::ListedStudent& s,
                         Language language) {
  std::vector<std::string> measures;
  for (const baoxue::v1::Reason& r : s.reasons()) {
    for (const std::string& whole : r.measures()) {
      const std::string m = MeasureIn(whole, language == Language::kEn);
      if (std::find(measures.begin(), measures.end(), m) == measures.end()) {
        measures.push_back(m);
      }
    }
  }
  return absl::StrJoin(measures, language == Language::kEn ? "; " : "；");
}

std::string CaseText(const baoxue::v1::ListedStudent& s) {
  if (s.case_id() == 0) return "-";
  return absl::StrCat(s.case_id(), "/L", s.case_level(),
                      s.case_overdue() ? "!" : "");
}

std::string SourceLine(const baoxue::v1::RiskList& list, Language language) {
  if (language == Language::kEn) {
    return absl::StrCat(list.area_name(), " ", list.area_code(), "  as of ",
                        list.as_of_date(), "  model ", list.model_version(),
                        "  run ", list.run_id());
  }
  return absl::StrCat(list.area_name(), " ", list.area_code(), "  截至 ",
                      list.as_of_date(), "  模型 ", list.model_version(),
                      "  评估批次 ", list.run_id());
}

// "82.3% 4.1×": the probability and how many times the run's average it is.
std::string ProbabilityText(const baoxue::v1::ListedStudent& s) {
  std::string text = absl::StrFormat("%.1f%%", s.probability() * 100);
  if (s.times_average() > 0) {
    absl::StrAppendFormat(&text, " %.1f×", s.times_average());
  }
  return text;
}

}  // namespace

void PrintRiskListTable(const baoxue::v1::RiskList& list, Language language,
                        std::ostream& out) {
  const bool en = language == Language::kEn;
  if (list.run_id() == 0) {
    // The hint is the server's (a command to start a run).
    out << (en ? "(no risk run) " : "（无风险评估）") << list.hint() << "\n";
    return;
  }
  out << SourceLine(list, language) << "\n";
  struct Column {
    C column;
    int width;
  };
  const std::vector<Column> columns = {
      {C::kStudent, 12}, {C::kGrade, 10},       {C::kSchool, 22},
      {C::kVillage, 14}, {C::kProbability, 14}, {C::kTier, 10},
      {C::kChange, 12},  {C::kCase, 11},        {C::kReasons, 0}};
  std::string header;
  for (const Column& c : columns) {
    header += PadToWidth(Header(c.column, language), c.width) + " ";
  }
  out << header << "\n";
  // Children already out of school are for 劝返, not a risk ranking: they
  // follow the others under their own heading (issue 17).
  const auto print_rows = [&](bool out_of_school) {
    for (const baoxue::v1::ListedStudent& s : list.students()) {
      if (s.out_of_school() != out_of_school) continue;
      const std::vector<std::string> cells = {
          s.masked_name(),
          absl::StrCat(s.grade()),
          s.school(),
          s.village(),
          ProbabilityText(s),
          TierText(s.tier(), language),
          ChangeText(s, language),
          CaseText(s),
          s.reasons().empty() ? "" : ReasonText(s.reasons(0), language)};
      std::string line;
      for (size_t k = 0; k < cells.size(); ++k) {
        line += PadToWidth(cells[k], columns[k].width) + " ";
      }
      out << line << "\n";
    }
  };
  print_rows(false);
  const int out_of_school = static_cast<int>(std::count_if(
      list.students().begin(), list.students().end(),
      [](const baoxue::v1::ListedStudent& s) { return s.out_of_school(); }));
  if (out_of_school > 0) {
    out << (en ? absl::StrFormat("-- already out of school (%d shown): to be "
                                 "brought back, not "
                                 "ranked as risk --\n",
                                 out_of_school)
               : absl::StrFormat(
                     "—— 已失学（显示 %d 名）：劝返对象，不按风险排序 ——\n",
                     out_of_school));
    print_rows(true);
  }
  if (en) {
    out << absl::StrFormat("%d students, %d shown", list.total(),
                           list.students_size());
    if (!list.previous_as_of_date().empty()) {
      out << "  change since " << list.previous_as_of_date();
    }
    out << "  case: id/level, ! = overdue  N× = N times the run's "
           "average\n";
  } else {
    out << absl::StrFormat("共 %d 名，显示 %d 名", list.total(),
                           list.students_size());
    if (!list.previous_as_of_date().empty()) {
      out << "  变化：与 " << list.previous_as_of_date() << " 相比";
    }
    out << "  个案：编号/层级，! = 逾期  N× = 本次评估平均风险的 N 倍\n";
  }
}

std::string RiskListCsv(const baoxue::v1::RiskList& list, Language language) {
  std::vector<std::string> header;
  for (const domain::Term<C>& term : domain::Vocabulary<C>::kTerms) {
    header.push_back(CsvHeader(term.value, language));
  }
  std::string csv = CsvLine(header);
  for (const baoxue::v1::ListedStudent& s : list.students()) {
    const std::vector<std::string> row = {
        absl::StrCat(s.student_id()),
        s.masked_name(),
        absl::StrCat(s.grade()),
        absl::StrCat(s.school_id()),
        s.school(),
        s.village_code(),
        s.village(),
        absl::StrFormat("%.4f", s.probability()),
        TierText(s.tier(), language),
        s.has_previous() ? absl::StrFormat("%+.4f", s.change()) : "",
        TrendText(s.trend(), language),
        ReasonsText(s, language),
        MeasuresText(s, language),
        s.case_id() == 0 ? "" : absl::StrCat(s.case_id()),
        s.case_id() == 0 ? "" : absl::StrCat(s.case_level()),
        s.case_id() == 0 ? "" : (s.case_overdue() ? "1" : "0")};
    csv += CsvLine(row);
  }
  return csv;
}

xlsx::Sheet RiskListSheet(const baoxue::v1::RiskList& list, Language language) {
  const bool en = language == Language::kEn;
  xlsx::Sheet sheet;
  sheet.name = en ? "Risk list" : "风险名单";
  sheet.title = absl::StrCat(list.area_name(), " ", list.area_code(),
                             en ? " — as of " : " — 截至 ",
                             list.run_id() == 0 ? "-" : list.as_of_date(),
                             en ? " (names masked)" : "（姓名已脱敏）");
  const auto col = [language](C column, double width, const char* format = "") {
    return xlsx::Column{Header(column, language), width, format};
  };
  sheet.columns = {col(C::kStudent, 10),
                   col(C::kGrade, 7),
                   col(C::kSchool, 22),
                   col(C::kVillage, 14),
                   col(C::kProbability, 9, "0.0%"),
                   col(C::kTier, 8),
                   col(C::kChange, 10, "+0.0%;-0.0%;0.0%"),
                   col(C::kReasons, 60),
                   col(C::kMeasures, 50),
                   col(C::kCase, 8),
                   col(C::kCaseLevel, 10),
                   col(C::kOverdue, 8)};
  for (const baoxue::v1::ListedStudent& s : list.students()) {
    std::vector<xlsx::Cell> row = {
        s.masked_name(), GradeText(s.grade(), en),    s.school(), s.village(),
        s.probability(), TierText(s.tier(), language)};
    if (s.has_previous()) {
      row.push_back(s.change());
    } else {
      row.push_back(std::string(en ? "new" : "新"));
    }
    row.push_back(ReasonsText(s, language));
    row.push_back(MeasuresText(s, language));
    if (s.case_id() != 0) {
      row.push_back(static_cast<double>(s.case_id()));
      row.push_back(static_cast<double>(s.case_level()));
      row.push_back(std::string(s.case_overdue() ? (en ? "yes" : "是") : ""));
    }
    sheet.rows.push_back(std::move(row));
  }
  for (std::vector<xlsx::Cell>& row : SignOffRows(language, list.area_name())) {
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

std::string RiskListPrintHtml(const baoxue::v1::RiskList& list,
                              Language language) {
  const bool en = language == Language::kEn;
  std::string body;
  if (list.run_id() == 0) {
    body = absl::StrCat("<p>", HtmlEscape(list.hint()), "</p>");
  } else {
    // The page prints its own sign-off block under the table.
    xlsx::Sheet sheet = RiskListSheet(list, language);
    sheet.rows.resize(sheet.rows.size() - SignOffRows(language, "").size());
    body = SheetHtml(sheet);
  }
  return PrintPage(
      language, en ? "Dropout risk list" : "控辍保学风险名单",
      absl::StrCat(list.area_name(), " ", list.area_code(), " · ",
                   en ? "as of " : "截至 ",
                   list.run_id() == 0 ? "-" : list.as_of_date(), " · ",
                   list.total(), en ? " students" : " 名学生"),
      body, list.area_name());
}

}  // namespace baoxue::exports

#include "client/risk_list_output.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baoxue::client {
namespace {

const char* TierText(baoxue::v1::RiskTier tier, Language language) {
  const bool en = language == Language::kEn;
  switch (tier) {
    case baoxue::v1::RISK_TIER_HIGH:
      return en ? "high" : "高";
    case baoxue::v1::RISK_TIER_MEDIUM:
      return en ? "medium" : "中";
    case baoxue::v1::RISK_TIER_LOW:
      return en ? "low" : "低";
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
    for (const std::string& m : r.measures()) {
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

std::string SourceLine(const baoxue::v1::RiskList& list) {
  return absl::StrCat(list.area_name(), " ", list.area_code(), "  截至 as of ",
                      list.as_of_date(), "  模型 model ", list.model_version(),
                      "  风险评估 run ", list.run_id());
}

}  // namespace

void PrintRiskListTable(const baoxue::v1::RiskList& list, std::ostream& out) {
  if (list.run_id() == 0) {
    out << "(无风险评估 no risk run) " << list.hint() << "\n";
    return;
  }
  out << SourceLine(list) << "\n";
  struct Column {
    const char* header;
    int width;
  };
  const std::vector<Column> columns = {
      {"学生 student", 12}, {"年级 grade", 10}, {"学校 school", 22},
      {"村 village", 14},   {"风险 risk", 10},  {"等级 tier", 10},
      {"变化 change", 12},  {"个案 case", 11},  {"主要原因 top reason", 0}};
  std::string header;
  for (const Column& c : columns) header += PadToWidth(c.header, c.width) + " ";
  out << header << "\n";
  for (const baoxue::v1::ListedStudent& s : list.students()) {
    const std::vector<std::string> cells = {
        s.masked_name(),
        absl::StrCat(s.grade()),
        s.school(),
        s.village(),
        absl::StrFormat("%.1f%%", s.probability() * 100),
        TierText(s.tier(), Language::kZh),
        ChangeText(s, Language::kZh),
        CaseText(s),
        s.reasons().empty() ? "" : s.reasons(0).text_zh()};
    std::string line;
    for (size_t k = 0; k < cells.size(); ++k) {
      line += PadToWidth(cells[k], columns[k].width) + " ";
    }
    out << line << "\n";
  }
  out << absl::StrFormat("共 %d 名，显示 %d 名 (%d students, %d shown)",
                         list.total(), list.students_size(), list.total(),
                         list.students_size());
  if (!list.previous_as_of_date().empty()) {
    out << "  变化对比 change since " << list.previous_as_of_date();
  }
  out << "  个案 case: ID/层级 level, ! = 逾期 overdue\n";
}

std::string RiskListCsv(const baoxue::v1::RiskList& list, Language language) {
  const bool en = language == Language::kEn;
  const std::vector<std::string> header =
      en ? std::vector<std::string>{"student_id", "student",
                                    "grade",      "school_id",
                                    "school",     "village_code",
                                    "village",    "probability",
                                    "tier",       "change",
                                    "trend",      "reasons",
                                    "measures",   "case_id",
                                    "case_level", "case_overdue"}
         : std::vector<std::string>{
               "学生编号", "学生", "年级",     "学校编号", "学校", "村代码",
               "村",       "风险", "等级",     "变化",     "趋势", "主要原因",
               "建议措施", "个案", "当前层级", "逾期"};
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
        s.trend(),
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
  const auto col = [en](const char* zh, const char* english, double width,
                        const char* format = "") {
    return xlsx::Column{en ? english : zh, width, format};
  };
  sheet.columns = {col("学生", "Student", 10),
                   col("年级", "Grade", 7),
                   col("学校", "School", 22),
                   col("村", "Village", 14),
                   col("风险", "Risk", 9, "0.0%"),
                   col("等级", "Tier", 8),
                   col("变化", "Change", 10, "+0.0%;-0.0%;0.0%"),
                   col("主要原因", "Reasons", 60),
                   col("建议措施", "Measures", 50),
                   col("个案", "Case", 8),
                   col("当前层级", "Case level", 10),
                   col("逾期", "Overdue", 8)};
  for (const baoxue::v1::ListedStudent& s : list.students()) {
    std::vector<xlsx::Cell> row = {
        s.masked_name(), static_cast<double>(s.grade()),
        s.school(),      s.village(),
        s.probability(), std::string(TierText(s.tier(), language))};
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
  return sheet;
}

}  // namespace baoxue::client

#include "exports/check_report.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "exports/text.h"

namespace baoxue::exports {
namespace {

using domain::Language;

template <typename Enum>
std::string LabelOfCode(const std::string& code, Language language) {
  const std::optional<Enum> value = domain::Parse<Enum>(code);
  return value.has_value() ? std::string(domain::Label(*value, language))
                           : code;
}

std::string OutcomeLabel(const baoxue::v1::CheckReportRow& row,
                         Language language) {
  if (!row.outcome().empty()) {
    return LabelOfCode<domain::CaseOutcome>(row.outcome(), language);
  }
  return std::string(domain::Label(
      row.comparison() ==
              domain::Code(domain::CheckComparison::kDropoutsVsPoverty)
          ? domain::CheckRowState::kDropoutsNow
          : domain::CheckRowState::kBeingVerified,
      language));
}

std::vector<std::string> Header(Language language) {
  std::vector<std::string> header;
  if (language == Language::kZh) {
    header = {"乡镇代码", "乡镇", "比对", "结果", "人数"};
  } else {
    header = {"Township code", "Township", "Comparison", "Outcome", "Count"};
  }
  for (const auto& term : domain::Vocabulary<domain::KeyGroup>::kTerms) {
    header.emplace_back(language == Language::kZh ? term.zh : term.en);
  }
  return header;
}

// The row's count of each key group in the header's order, found by code:
// a server older or newer than the client may send fewer groups, or others
// (0 for a group the row lacks).
std::vector<int64_t> KeyGroupCounts(const baoxue::v1::CheckReportRow& row) {
  std::vector<int64_t> counts;
  for (const auto& term : domain::Vocabulary<domain::KeyGroup>::kTerms) {
    int64_t count = 0;
    for (const baoxue::v1::KeyGroupCount& group : row.key_groups()) {
      if (group.key_group() == term.code) count = group.count();
    }
    counts.push_back(count);
  }
  return counts;
}

std::vector<std::string> Line(const baoxue::v1::CheckReportRow& row,
                              Language language) {
  std::vector<std::string> line = {
      row.township_code(), row.township_name(),
      LabelOfCode<domain::CheckComparison>(row.comparison(), language),
      OutcomeLabel(row, language), absl::StrCat(row.count())};
  for (const int64_t count : KeyGroupCounts(row)) {
    line.push_back(absl::StrCat(count));
  }
  return line;
}

}  // namespace

void PrintCheckResult(const baoxue::v1::CheckResult& result, Language language,
                      std::ostream& out) {
  const bool en = language == Language::kEn;
  if (en) {
    out << "check " << result.area_name() << " (" << result.area_code() << ") "
        << result.as_of_date() << "\n"
        << "school age: born after " << result.born_after() << ", on or before "
        << result.born_on_or_before()
        << "; on the roll but absent: " << result.absence_days()
        << " school days\n";
  } else {
    out << "核查 " << result.area_name() << "（" << result.area_code() << "）"
        << result.as_of_date() << "\n"
        << "适龄：出生于 " << result.born_after() << " 之后、"
        << result.born_on_or_before() << " 及以前；名在人不在：缺勤 "
        << result.absence_days() << " 个上学日\n";
  }
  for (const baoxue::v1::ComparisonResult& comparison : result.comparisons()) {
    out << "  "
        << PadToWidth(LabelOfCode<domain::CheckComparison>(
                          comparison.comparison(), language),
                      30);
    if (en) {
      out << " found " << comparison.suspects() << ", tasks opened "
          << comparison.opened() << ", already open "
          << comparison.already_open() << ", settled " << comparison.settled()
          << "\n";
    } else {
      out << " 发现 " << comparison.suspects() << "，新任务 "
          << comparison.opened() << "，已在核查 " << comparison.already_open()
          << "，已核结 " << comparison.settled() << "\n";
    }
  }
  const std::vector<std::string> header = Header(language);
  std::vector<std::vector<std::string>> lines = {header};
  for (const baoxue::v1::CheckReportRow& row : result.report().rows()) {
    lines.push_back(Line(row, language));
  }
  std::vector<int> widths(header.size(), 0);
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
  }
  out << "\n";
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      out << PadToWidth(line[i], widths[i])
          << (i + 1 < line.size() ? "  " : "");
    }
    out << "\n";
  }
}

std::string CheckReportCsv(const baoxue::v1::CheckReport& report,
                           Language language) {
  std::string csv = CsvLine(Header(language));
  for (const baoxue::v1::CheckReportRow& row : report.rows()) {
    csv += CsvLine(Line(row, language));
  }
  return csv;
}

std::vector<xlsx::Sheet> CheckReportSheets(
    const baoxue::v1::CheckReport& report, Language language) {
  xlsx::Sheet sheet;
  sheet.name = language == Language::kZh ? "核查统计" : "check report";
  sheet.title = absl::StrCat(report.area_name(), " (", report.area_code(), ")");
  for (const std::string& header : Header(language)) {
    sheet.columns.push_back({header, 14, ""});
  }
  for (const baoxue::v1::CheckReportRow& row : report.rows()) {
    std::vector<xlsx::Cell> cells;
    const std::vector<std::string> line = Line(row, language);
    for (size_t i = 0; i < 4; ++i) cells.emplace_back(line[i]);
    cells.emplace_back(static_cast<double>(row.count()));
    for (const int64_t count : KeyGroupCounts(row)) {
      cells.emplace_back(static_cast<double>(count));
    }
    sheet.rows.push_back(std::move(cells));
  }
  return {sheet};
}

}  // namespace baoxue::exports

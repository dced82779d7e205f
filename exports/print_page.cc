#include "exports/print_page.h"

#include <cmath>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "exports/text.h"

namespace baoxue::exports {
namespace {

// A number as its column's Excel format shows it (the formats used here).
std::string NumberText(double value, const std::string& format) {
  if (format == "0.0%") return absl::StrFormat("%.1f%%", value * 100);
  if (absl::StartsWith(format, "+0.0%")) {
    return absl::StrFormat("%+.1f%%", value * 100);
  }
  if (value == std::floor(value)) return absl::StrFormat("%.0f", value);
  return absl::StrFormat("%g", value);
}

}  // namespace

std::string SheetHtml(const xlsx::Sheet& sheet) {
  std::string html = "<table><thead><tr>";
  for (const xlsx::Column& column : sheet.columns) {
    absl::StrAppend(&html, "<th>", HtmlEscape(column.header), "</th>");
  }
  html += "</tr></thead><tbody>";
  for (const std::vector<xlsx::Cell>& row : sheet.rows) {
    html += "<tr>";
    for (size_t k = 0; k < row.size(); ++k) {
      if (const double* n = std::get_if<double>(&row[k])) {
        const std::string& format =
            k < sheet.columns.size() ? sheet.columns[k].number_format : "";
        absl::StrAppend(&html, "<td class=n>", NumberText(*n, format), "</td>");
      } else {
        absl::StrAppend(&html, "<td>",
                        HtmlEscape(std::get<std::string>(row[k])), "</td>");
      }
    }
    html += "</tr>";
  }
  html += "</tbody></table>";
  return html;
}

namespace {

// The four sign-off labels, in the page's language.
std::vector<std::string> SignOffLabels(domain::Language language) {
  if (language == domain::Language::kEn) {
    return {"Reporting unit", "Reported by", "Reviewed by", "Date"};
  }
  return {"填报单位", "填报人", "审核", "日期"};
}

}  // namespace

std::vector<std::vector<xlsx::Cell>> SignOffRows(domain::Language language,
                                                 absl::string_view unit) {
  std::vector<std::vector<xlsx::Cell>> rows = {{std::string()}};
  const std::vector<std::string> labels = SignOffLabels(language);
  for (size_t i = 0; i < labels.size(); ++i) {
    rows.push_back({absl::StrCat(
        labels[i], language == domain::Language::kEn ? ": " : "：",
        i == 0 ? unit : "")});
  }
  return rows;
}

std::string PrintPage(domain::Language language, absl::string_view title,
                      absl::string_view subtitle, absl::string_view body,
                      absl::string_view unit) {
  const bool en = language == domain::Language::kEn;
  std::string sign_off = "<table class=\"sign\"><tr>";
  const std::vector<std::string> labels = SignOffLabels(language);
  for (size_t i = 0; i < labels.size(); ++i) {
    absl::StrAppend(&sign_off, "<th>", HtmlEscape(labels[i]), "</th><td>",
                    i == 0 ? HtmlEscape(unit) : "", "</td>");
  }
  sign_off += "</tr></table>";
  return absl::StrCat(
      "<!doctype html><html lang=\"", en ? "en" : "zh-CN",
      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width,initial-scale=1\"><title>",
      HtmlEscape(title),
      "</title><style>"
      "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
      "margin:1.5em;color:#111}h1{font-size:1.3em;margin:0}"
      "h2{font-size:1.1em;margin:1em 0 .4em}"
      ".sub{color:#555;margin:.3em 0 1em}table{border-collapse:collapse;"
      "width:100%;font-size:.85em}th,td{border:1px solid #999;padding:.25em "
      ".4em;text-align:left;vertical-align:top}th{background:#eef3fa}"
      "td.n{text-align:right}.foot{margin-top:1em;color:#555;font-size:.8em}"
      "table.sign{margin-top:1.5em;font-size:.95em}"
      "table.sign th{width:6em;white-space:nowrap}table.sign td{width:14em;"
      "height:2.2em}"
      "th{white-space:nowrap}td{word-break:keep-all;overflow-wrap:anywhere}"
      "@media print{@page{size:A4 landscape;margin:12mm}body{margin:0}"
      "thead{display:table-header-group}tr{page-break-inside:avoid}}"
      "</style></head><body><h1>",
      HtmlEscape(title), "</h1><p class=\"sub\">", HtmlEscape(subtitle), "</p>",
      body, sign_off, "<p class=\"foot\">",
      en ? "Names are masked. For internal use in meetings only."
         : "姓名已脱敏，仅供工作会议内部使用。",
      "</p></body></html>");
}

}  // namespace baoxue::exports

#include "exports/ledger.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "exports/columns.h"
#include "exports/print_page.h"
#include "exports/text.h"

namespace baoxue::exports {
namespace {

using C = LedgerColumn;
using domain::Language;

std::string Header(C column, Language language) {
  return std::string(domain::Label(column, language));
}

// The columns of a row (township, total, school) and of a day.
constexpr C kRowColumns[] = {C::kCode,    C::kName,      C::kOpen,
                             C::kOverdue, C::kEscalated, C::kReturned,
                             C::kClosed,  C::kReturnRate};
constexpr C kDayColumns[] = {C::kDate,      C::kOpened,   C::kOpen,
                             C::kEscalated, C::kReturned, C::kClosed};

std::string AreaTitle(const baoxue::v1::Ledger& ledger) {
  return absl::StrCat(ledger.area_name(), " ", ledger.area_code());
}

std::string TotalName(Language language) {
  return language == Language::kEn ? "Total" : "合计";
}

std::vector<std::string> RowFields(const std::string& section,
                                   const baoxue::v1::LedgerRow& row) {
  return {section,
          row.code(),
          row.name(),
          absl::StrCat(row.open()),
          absl::StrCat(row.overdue()),
          absl::StrCat(row.escalated()),
          absl::StrCat(row.returned()),
          absl::StrCat(row.closed()),
          ""};
}

// 劝返率: the share of the row's cases (open or closed) closed as returned
// to school.
double ReturnRate(const baoxue::v1::LedgerRow& row) {
  const int64_t all = row.open() + row.closed();
  return all == 0 ? 0.0 : static_cast<double>(row.returned()) / all;
}

std::vector<xlsx::Cell> RowCells(const baoxue::v1::LedgerRow& row) {
  return {row.code(),
          row.name(),
          static_cast<double>(row.open()),
          static_cast<double>(row.overdue()),
          static_cast<double>(row.escalated()),
          static_cast<double>(row.returned()),
          static_cast<double>(row.closed()),
          ReturnRate(row)};
}

void PrintRow(const baoxue::v1::LedgerRow& row, std::ostream& out) {
  out << "  " << PadToWidth(row.code(), 14) << " " << PadToWidth(row.name(), 20)
      << absl::StrFormat(" %8d %8d %8d %8d %8d\n", row.open(), row.overdue(),
                         row.escalated(), row.returned(), row.closed());
}

// Right-aligned in 8 columns each.
void PrintCountHeaders(std::initializer_list<C> columns, Language language,
                       std::ostream& out) {
  for (C column : columns) {
    const std::string label = Header(column, language);
    out << " " << std::string(std::max(0, 8 - DisplayWidth(label)), ' ')
        << label;
  }
  out << "\n";
}

void PrintRowsHeader(Language language, std::ostream& out) {
  out << "  " << PadToWidth(Header(C::kCode, language), 14) << " "
      << PadToWidth(Header(C::kName, language), 20);
  PrintCountHeaders(
      {C::kOpen, C::kOverdue, C::kEscalated, C::kReturned, C::kClosed},
      language, out);
}

}  // namespace

void PrintLedgerTable(const baoxue::v1::Ledger& ledger, Language language,
                      std::ostream& out) {
  const bool en = language == Language::kEn;
  out << (en ? "ledger " : "台账 ") << AreaTitle(ledger)
      << (en ? " — by township:\n" : " — 按乡镇：\n");
  PrintRowsHeader(language, out);
  for (const baoxue::v1::LedgerRow& row : ledger.townships()) {
    PrintRow(row, out);
  }
  baoxue::v1::LedgerRow total = ledger.total();
  total.set_name(TotalName(language));
  PrintRow(total, out);
  out << (en ? "\nby school:\n" : "\n按学校：\n");
  PrintRowsHeader(language, out);
  for (const baoxue::v1::LedgerRow& row : ledger.schools()) {
    PrintRow(row, out);
  }
  out << (en ? "\nby day:\n  " : "\n按日：\n  ")
      << PadToWidth(Header(C::kDate, language), 10);
  PrintCountHeaders(
      {C::kOpened, C::kOpen, C::kEscalated, C::kReturned, C::kClosed}, language,
      out);
  for (const baoxue::v1::LedgerDay& day : ledger.history()) {
    out << "  " << PadToWidth(day.date(), 10)
        << absl::StrFormat(" %8d %8d %8d %8d %8d\n", day.opened(), day.open(),
                           day.escalated(), day.returned(), day.closed());
  }
}

std::string LedgerCsv(const baoxue::v1::Ledger& ledger, Language language) {
  const bool en = language == Language::kEn;
  std::vector<std::string> header;
  for (C column : {C::kSection, C::kCode, C::kName, C::kOpen, C::kOverdue,
                   C::kEscalated, C::kReturned, C::kClosed, C::kOpened}) {
    header.push_back(CsvHeader(column, language));
  }
  std::string csv = CsvLine(header);
  for (const baoxue::v1::LedgerRow& row : ledger.townships()) {
    csv += CsvLine(RowFields(en ? "township" : "乡镇", row));
  }
  baoxue::v1::LedgerRow total = ledger.total();
  if (total.name().empty()) total.set_name(TotalName(language));
  csv += CsvLine(RowFields(TotalName(language), total));
  for (const baoxue::v1::LedgerRow& row : ledger.schools()) {
    csv += CsvLine(RowFields(en ? "school" : "学校", row));
  }
  for (const baoxue::v1::LedgerDay& day : ledger.history()) {
    // A day's `open` is the count at its end; overdue is not kept by day.
    // The day stands in the code column.
    csv += CsvLine({en ? "day" : "每日", day.date(), "",
                    absl::StrCat(day.open()), "", absl::StrCat(day.escalated()),
                    absl::StrCat(day.returned()), absl::StrCat(day.closed()),
                    absl::StrCat(day.opened())});
  }
  return csv;
}

std::vector<xlsx::Sheet> LedgerSheets(const baoxue::v1::Ledger& ledger,
                                      Language language) {
  const bool en = language == Language::kEn;
  std::vector<xlsx::Column> row_columns;
  for (C column : kRowColumns) {
    row_columns.push_back({Header(column, language),
                           column == C::kName   ? 22.0
                           : column == C::kCode ? 14.0
                                                : 9.0,
                           column == C::kReturnRate ? "0.0%" : ""});
  }
  std::vector<xlsx::Column> day_columns;
  for (C column : kDayColumns) {
    day_columns.push_back(
        {Header(column, language), column == C::kDate ? 12.0 : 9.0, ""});
  }
  const std::string area = AreaTitle(ledger);

  xlsx::Sheet townships{
      en ? "By township" : "乡镇",
      absl::StrCat(en ? "Ledger by township " : "控辍保学台账（乡镇） ", area),
      row_columns,
      {}};
  for (const baoxue::v1::LedgerRow& row : ledger.townships()) {
    townships.rows.push_back(RowCells(row));
  }
  baoxue::v1::LedgerRow total = ledger.total();
  total.set_name(TotalName(language));
  townships.rows.push_back(RowCells(total));
  for (std::vector<xlsx::Cell>& row :
       SignOffRows(language, ledger.area_name())) {
    townships.rows.push_back(std::move(row));
  }

  xlsx::Sheet schools{
      en ? "By school" : "学校",
      absl::StrCat(en ? "Ledger by school " : "控辍保学台账（学校） ", area),
      row_columns,
      {}};
  for (const baoxue::v1::LedgerRow& row : ledger.schools()) {
    schools.rows.push_back(RowCells(row));
  }

  xlsx::Sheet days{
      en ? "By day" : "每日",
      absl::StrCat(en ? "Ledger by day " : "控辍保学台账（每日） ", area),
      day_columns,
      {}};
  for (const baoxue::v1::LedgerDay& day : ledger.history()) {
    days.rows.push_back({day.date(), static_cast<double>(day.opened()),
                         static_cast<double>(day.open()),
                         static_cast<double>(day.escalated()),
                         static_cast<double>(day.returned()),
                         static_cast<double>(day.closed())});
  }
  return {std::move(townships), std::move(schools), std::move(days)};
}

std::string LedgerPrintHtml(const baoxue::v1::Ledger& ledger,
                            Language language) {
  std::string body;
  std::vector<xlsx::Sheet> sheets = LedgerSheets(ledger, language);
  // The page prints its own sign-off block under the tables.
  std::vector<std::vector<xlsx::Cell>>& rows = sheets.front().rows;
  rows.resize(rows.size() - SignOffRows(language, "").size());
  for (const xlsx::Sheet& sheet : sheets) {
    absl::StrAppend(&body, "<h2>", HtmlEscape(sheet.name), "</h2>",
                    SheetHtml(sheet));
  }
  return PrintPage(
      language,
      language == Language::kEn ? "Dropout-control ledger" : "控辍保学台账",
      AreaTitle(ledger), body, ledger.area_name());
}

}  // namespace baoxue::exports

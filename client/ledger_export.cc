#include "client/ledger_export.h"

#include "absl/strings/str_cat.h"

namespace baoxue::client {
namespace {

struct Labels {
  const char* open;
  const char* overdue;
  const char* escalated;
  const char* returned;
  const char* closed;
  const char* opened;
};

Labels LabelsFor(Language language) {
  if (language == Language::kEn) {
    return {"open", "overdue", "escalated", "returned", "closed", "opened"};
  }
  return {"在办", "逾期", "升级", "复学", "办结", "新开"};
}

std::vector<std::string> RowFields(const char* section,
                                   const baoxue::v1::LedgerRow& row) {
  return {section,
          row.code(),
          row.name(),
          absl::StrCat(row.open()),
          absl::StrCat(row.overdue()),
          absl::StrCat(row.escalated()),
          absl::StrCat(row.returned()),
          absl::StrCat(row.closed())};
}

std::vector<xlsx::Cell> RowCells(const baoxue::v1::LedgerRow& row) {
  return {row.code(),
          row.name(),
          static_cast<double>(row.open()),
          static_cast<double>(row.overdue()),
          static_cast<double>(row.escalated()),
          static_cast<double>(row.returned()),
          static_cast<double>(row.closed())};
}

}  // namespace

std::string LedgerCsv(const baoxue::v1::Ledger& ledger, Language language) {
  const bool en = language == Language::kEn;
  const Labels labels = LabelsFor(language);
  std::string csv = CsvLine({en ? "section" : "类别", en ? "code" : "代码",
                             en ? "name" : "名称", labels.open, labels.overdue,
                             labels.escalated, labels.returned, labels.closed,
                             labels.opened});
  for (const baoxue::v1::LedgerRow& row : ledger.townships()) {
    csv += CsvLine(RowFields(en ? "township" : "乡镇", row));
  }
  baoxue::v1::LedgerRow total = ledger.total();
  if (total.name().empty()) total.set_name(en ? "total" : "合计");
  csv += CsvLine(RowFields(en ? "total" : "合计", total));
  for (const baoxue::v1::LedgerRow& row : ledger.schools()) {
    csv += CsvLine(RowFields(en ? "school" : "学校", row));
  }
  for (const baoxue::v1::LedgerDay& day : ledger.history()) {
    // A day's `open` is the count at its end; overdue is not kept by day.
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
  const Labels labels = LabelsFor(language);
  const std::vector<xlsx::Column> row_columns = {
      {en ? "Code" : "代码", 14}, {en ? "Name" : "名称", 22},
      {labels.open, 9},           {labels.overdue, 9},
      {labels.escalated, 9},      {labels.returned, 9},
      {labels.closed, 9}};

  xlsx::Sheet townships{en ? "By township" : "乡镇",
                        en ? "Ledger by township" : "控辍保学台账（乡镇）",
                        row_columns,
                        {}};
  for (const baoxue::v1::LedgerRow& row : ledger.townships()) {
    townships.rows.push_back(RowCells(row));
  }
  baoxue::v1::LedgerRow total = ledger.total();
  total.set_name(en ? "total" : "合计");
  townships.rows.push_back(RowCells(total));

  xlsx::Sheet schools{en ? "By school" : "学校",
                      en ? "Ledger by school" : "控辍保学台账（学校）",
                      row_columns,
                      {}};
  for (const baoxue::v1::LedgerRow& row : ledger.schools()) {
    schools.rows.push_back(RowCells(row));
  }

  xlsx::Sheet days{en ? "By day" : "每日",
                   en ? "Ledger by day" : "控辍保学台账（每日）",
                   {{en ? "Date" : "日期", 12},
                    {labels.opened, 9},
                    {labels.open, 9},
                    {labels.escalated, 9},
                    {labels.returned, 9},
                    {labels.closed, 9}},
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

}  // namespace baoxue::client

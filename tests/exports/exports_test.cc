// The exports library's shared rules: one label table per report (every
// ledger column in zh and en), CSV quoting, HTML escaping, one time format.
#include <set>
#include <sstream>
#include <string>
#include <variant>

#include "absl/strings/str_split.h"
#include "exports/case_list.h"
#include "exports/columns.h"
#include "exports/ledger.h"
#include "exports/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::exports {
namespace {

using domain::Language;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

baoxue::v1::Ledger OneTownshipLedger() {
  baoxue::v1::Ledger ledger;
  ledger.set_area_code("360799000000");
  ledger.set_area_name("示范县");
  baoxue::v1::LedgerRow* township = ledger.add_townships();
  township->set_code("360799101000");
  township->set_name("青山镇, \"东\"");
  township->set_open(4);
  township->set_overdue(1);
  township->set_escalated(2);
  township->set_returned(3);
  township->set_closed(5);
  *ledger.mutable_total() = *township;
  ledger.mutable_total()->set_name("");
  baoxue::v1::LedgerDay* day = ledger.add_history();
  day->set_date("2026-11-20");
  day->set_opened(1);
  day->set_open(4);
  return ledger;
}

TEST(LedgerColumnsTest, EveryColumnHasItsOwnChineseAndEnglishLabel) {
  std::set<std::string> zh, en, codes;
  for (const auto& term : domain::Vocabulary<LedgerColumn>::kTerms) {
    EXPECT_FALSE(term.zh.empty()) << term.code;
    EXPECT_FALSE(term.en.empty()) << term.code;
    zh.emplace(term.zh);
    en.emplace(term.en);
    codes.emplace(term.code);
  }
  const size_t n = std::size(domain::Vocabulary<LedgerColumn>::kTerms);
  EXPECT_EQ(zh.size(), n);
  EXPECT_EQ(en.size(), n);
  EXPECT_EQ(codes.size(), n);
  // The words the two old exports disagreed on, settled once.
  EXPECT_EQ(domain::Label(LedgerColumn::kEscalated, Language::kZh), "已升级");
  EXPECT_EQ(domain::Label(LedgerColumn::kReturned, Language::kZh), "已复学");
  EXPECT_EQ(domain::Label(LedgerColumn::kClosed, Language::kZh), "已办结");
  EXPECT_EQ(domain::Label(LedgerColumn::kClosed, Language::kEn), "Closed");
}

TEST(LedgerColumnsTest, CsvSheetsAndTableUseTheSameLabels) {
  const baoxue::v1::Ledger ledger = OneTownshipLedger();
  for (Language language : {Language::kZh, Language::kEn}) {
    const std::string csv = LedgerCsv(ledger, language);
    const std::vector<xlsx::Sheet> sheets = LedgerSheets(ledger, language);
    ASSERT_EQ(sheets.size(), 3u);
    std::ostringstream table;
    PrintLedgerTable(ledger, language, table);
    for (LedgerColumn column :
         {LedgerColumn::kOpen, LedgerColumn::kOverdue, LedgerColumn::kEscalated,
          LedgerColumn::kReturned, LedgerColumn::kClosed}) {
      const std::string label(domain::Label(column, language));
      EXPECT_THAT(csv.substr(0, csv.find("\r\n")),
                  HasSubstr(CsvHeader(column, language)));
      bool in_sheet = false;
      for (const xlsx::Column& c : sheets[0].columns) {
        in_sheet = in_sheet || c.header == label;
      }
      EXPECT_TRUE(in_sheet) << label;
      EXPECT_THAT(table.str(), HasSubstr(label));
    }
  }
  EXPECT_EQ(LedgerSheets(ledger, Language::kZh)[0].columns[4].header, "已升级");
  EXPECT_EQ(LedgerSheets(ledger, Language::kEn)[2].columns[1].header, "Opened");
}

TEST(LedgerCsvTest, QuotesNamesAndNamesTheTotal) {
  const std::string csv = LedgerCsv(OneTownshipLedger(), Language::kZh);
  const std::vector<std::string> lines =
      absl::StrSplit(csv, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "类别,代码,名称,在办,逾期,已升级,已复学,已办结,新增");
  EXPECT_EQ(lines[1], "乡镇,360799101000,\"青山镇, \"\"东\"\"\",4,1,2,3,5,");
  EXPECT_THAT(lines[2], HasSubstr("合计"));
  EXPECT_EQ(lines[3], "每日,2026-11-20,,4,,0,0,0,1");
  // In English the headers are the stable codes scripts key on.
  EXPECT_EQ(LedgerCsv(OneTownshipLedger(), Language::kEn).substr(0, 23),
            "section,code,name,open,");
}

TEST(CsvLineTest, QuotesOnlyWhereRfc4180Needs) {
  EXPECT_EQ(CsvLine({"a", "b c", "", "张*明"}), "a,b c,,张*明\r\n");
  EXPECT_EQ(CsvLine({"a,b", "say \"hi\"", "two\nlines"}),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
}

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom's & Jerry</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("青山镇"), "青山镇");
}

TEST(CountyMinuteTest, EveryInstantReadsInCountyTime) {
  EXPECT_EQ(CountyMinute("2026-11-22T09:30:00+08:00"), "2026-11-22 09:30");
  EXPECT_EQ(CountyMinute("2026-11-22T01:30:00Z"), "2026-11-22 09:30");
  EXPECT_EQ(CountyMinute("2026-11-21T17:30:00-08:00"), "2026-11-22 09:30");
  EXPECT_EQ(CountyMinute(""), "");
  EXPECT_EQ(CountyMinute("soon"), "soon");
}

TEST(CaseListTest, RolesStatusesAndTimesComeFromTheVocabulary) {
  baoxue::v1::ListCasesResponse response;
  response.set_area_code("360799101000");
  response.set_area_name("青山镇");
  baoxue::v1::CaseSummary* c = response.add_cases();
  c->set_case_id(17);
  c->set_masked_name("张*明");
  c->set_status("closed");
  c->set_outcome("returned");
  c->set_level(3);
  c->set_role("PARENT");
  c->set_opened_at("2026-11-22T01:30:00Z");
  c->set_latest_probability(0.5);
  const std::vector<std::string> zh = absl::StrSplit(
      CaseListCsv(response, Language::kZh), "\r\n", absl::SkipEmpty());
  ASSERT_EQ(zh.size(), 2u);
  EXPECT_THAT(zh[0], HasSubstr("责任岗位"));
  EXPECT_THAT(zh[1], HasSubstr(",已办结,已复学,3,家长,"));
  EXPECT_THAT(zh[1], HasSubstr(",2026-11-22 09:30,"));
  const std::string en = CaseListCsv(response, Language::kEn);
  EXPECT_THAT(en, HasSubstr(",closed,returned to school,3,parent,"));
  const xlsx::Sheet sheet = CaseListSheet(response, Language::kEn);
  EXPECT_EQ(sheet.columns.size(), sheet.rows[0].size());
  std::ostringstream zh_table;
  PrintCaseList(response, Language::kZh, zh_table);
  EXPECT_THAT(zh_table.str(), HasSubstr("第3级 家长"));
  EXPECT_THAT(zh_table.str(), HasSubstr("已办结（已复学）"));
  EXPECT_THAT(zh_table.str(), Not(HasSubstr("parent")));
  std::ostringstream en_table;
  PrintCaseList(response, Language::kEn, en_table);
  EXPECT_THAT(en_table.str(), HasSubstr("level 3 parent"));
  EXPECT_THAT(en_table.str(), HasSubstr("closed (returned to school)"));
  EXPECT_THAT(en_table.str(), Not(HasSubstr("PARENT")));
}

TEST(LedgerSheetsTest, CarryTheReturnRateAndTheSignOffBlock) {
  const std::vector<xlsx::Sheet> sheets =
      LedgerSheets(OneTownshipLedger(), Language::kZh);
  const xlsx::Sheet& townships = sheets.front();
  EXPECT_EQ(townships.columns.back().header, "劝返率");
  EXPECT_EQ(townships.columns.back().number_format, "0.0%");
  // 3 returned of 9 cases (4 open + 5 closed).
  EXPECT_DOUBLE_EQ(std::get<double>(townships.rows[0].back()), 3.0 / 9.0);
  std::string last_rows;
  for (size_t i = townships.rows.size() - 4; i < townships.rows.size(); ++i) {
    last_rows += std::get<std::string>(townships.rows[i][0]) + "|";
  }
  EXPECT_EQ(last_rows, "填报单位：示范县|填报人：|审核：|日期：|");
  const std::string printed =
      LedgerPrintHtml(OneTownshipLedger(), Language::kEn);
  EXPECT_THAT(printed, HasSubstr("Reporting unit"));
  EXPECT_THAT(printed, HasSubstr("Reviewed by"));
  EXPECT_THAT(printed, HasSubstr("33.3%"));
  // The print page has its own block, not the sheet's rows as well.
  EXPECT_THAT(printed, Not(HasSubstr("Reporting unit: ")));
}

TEST(TextTest, GradesAndMeasuresReadInOneLanguage) {
  EXPECT_EQ(GradeText(2, false), "二年级");
  EXPECT_EQ(GradeText(9, false), "九年级");
  EXPECT_EQ(GradeText(2, true), "Grade 2");
  EXPECT_EQ(GradeText(0, false), "-");
  EXPECT_EQ(MeasureIn("家访 (home visit)", false), "家访");
  EXPECT_EQ(MeasureIn("家访 (home visit)", true), "home visit");
  EXPECT_EQ(MeasureIn("送教上门", true), "送教上门");
}

}  // namespace
}  // namespace baoxue::exports

// The CLI's human-readable lines in each language (--lang): Chinese lines
// hold no English word, English lines no Chinese character, and both carry
// the same data.
#include <sstream>
#include <string>

#include "baoxue/v1/admin.pb.h"
#include "baoxue/v1/imports.pb.h"
#include "baoxue/v1/runs.pb.h"
#include "baoxue/v1/scoring.pb.h"
#include "client/import_view.h"
#include "client/output.h"
#include "client/run_commands.h"
#include "client/token_commands.h"
#include "client/words.h"
#include "exports/case_list.h"
#include "exports/ledger.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/one_language.h"

namespace baoxue::client {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr Words kZh(domain::Language::kZh);
constexpr Words kEn(domain::Language::kEn);

void FillScore(baoxue::v1::RiskScore& score) {
  score.set_probability(0.823);
  score.set_tier(baoxue::v1::RISK_TIER_HIGH);
  score.set_model_version("v3");
  score.set_as_of_date("2026-11-20");
  baoxue::v1::Reason& reason = *score.add_reasons();
  reason.set_feature("absence_rate_30d");
  reason.set_text_zh("近30个上学日缺勤9天");
  reason.set_text_en("absent 9 of the last 30 school days");
  reason.set_contribution(1.25);
  reason.add_measures("家访 (home visit)");
}

baoxue::v1::ScoreStudentsResponse Scores() {
  baoxue::v1::ScoreStudentsResponse response;
  baoxue::v1::StudentScore& scored = *response.add_scores();
  scored.set_student_number("G360721201501010012");
  scored.set_school_code("3136000001");
  FillScore(*scored.mutable_score());
  baoxue::v1::StudentScore& unknown = *response.add_scores();
  unknown.set_student_id(987654321);
  unknown.mutable_error()->set_code(baoxue::v1::StudentError::NOT_FOUND);
  unknown.mutable_error()->set_message("no such student in the caller's area");
  return response;
}

std::string ScoresIn(Words words) {
  std::ostringstream out;
  PrintScores(Scores(), words, out);
  return out.str();
}

TEST(RenderScoresTest, ChineseLineHasTheDataAndNoEnglish) {
  const std::string text = ScoresIn(kZh);
  EXPECT_THAT(
      text,
      AllOf(HasSubstr("学生 G360721201501010012"), HasSubstr("风险 0.823  高"),
            HasSubstr("模型 v3"), HasSubstr("日期 2026-11-20"),
            HasSubstr("学校标识码 3136000001"),
            HasSubstr("近30个上学日缺勤9天  (+1.25)"), HasSubstr("措施：家访"),
            HasSubstr("学生 987654321：错误：查无此学生")));
  EXPECT_THAT(testing::EnglishWords(text), IsEmpty()) << text;
}

TEST(RenderScoresTest, EnglishLineHasTheDataAndNoChinese) {
  const std::string text = ScoresIn(kEn);
  EXPECT_THAT(
      text,
      AllOf(HasSubstr("student G360721201501010012"),
            HasSubstr("risk 0.823  high"), HasSubstr("model v3"),
            HasSubstr("as of 2026-11-20"), HasSubstr("school code 3136000001"),
            HasSubstr("absent 9 of the last 30 school days  (+1.25)"),
            HasSubstr("measures: home visit"),
            HasSubstr("student 987654321: error: no such student")));
  EXPECT_THAT(testing::ChineseCharacters(text), IsEmpty()) << text;
}

baoxue::v1::ListTopRisksResponse TopRisks(bool pinyin) {
  baoxue::v1::ListTopRisksResponse response;
  response.set_area_code("360721100000");
  response.set_area_name(pinyin ? "Qingshan" : "青山镇");
  response.set_students_scored(230);
  baoxue::v1::AtRiskStudent& s = *response.add_students();
  s.set_student_id(42);
  s.set_masked_name(pinyin ? "Zhang*ming" : "张*明");
  s.set_grade(2);
  s.set_school_name(pinyin ? "Qingshan Primary" : "青山小学");
  s.set_village_name(pinyin ? "Longtang" : "龙塘村");
  FillScore(*s.mutable_score());
  return response;
}

TEST(RenderTopRisksTest, OneLanguageWithTheGradeAsPeopleSayIt) {
  std::ostringstream zh;
  PrintTopRisks(TopRisks(/*pinyin=*/false), kZh, zh);
  EXPECT_THAT(zh.str(),
              AllOf(HasSubstr("青山镇（360721100000）：共评估 230 名"),
                    HasSubstr(" 1. 张*明  二年级  青山小学  龙塘村"),
                    HasSubstr("风险 0.823 高"), HasSubstr("（编号 42）")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();

  // The names are the county's data: pinyin here, so the labels show.
  std::ostringstream en;
  PrintTopRisks(TopRisks(/*pinyin=*/true), kEn, en);
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("Qingshan (360721100000): scored 230 students"),
                    HasSubstr("Grade 2"), HasSubstr("risk 0.823 high"),
                    HasSubstr("(id 42)")));
  EXPECT_THAT(testing::ChineseCharacters(en.str()), IsEmpty()) << en.str();
}

baoxue::v1::RiskRun CountyRun() {
  baoxue::v1::RiskRun run;
  run.set_run_id(7);
  run.set_area_code("360721000000");
  run.set_as_of_date("2026-11-20");
  run.set_model_version("v3");
  run.set_status(baoxue::v1::RUN_STATUS_SUCCEEDED);
  run.set_students_total(100);
  run.set_students_scored(90);
  run.set_students_high(5);
  run.set_students_medium(12);
  run.set_cases_opened(4);
  return run;
}

TEST(RenderRunTest, RunLineInEachLanguage) {
  std::ostringstream zh;
  PrintRun(CountyRun(), kZh, zh);
  EXPECT_THAT(
      zh.str(),
      AllOf(HasSubstr("评估批次 7  地区 360721000000  日期 2026-11-20"
                      "  模型 v3  完成"),
            HasSubstr("已评估 90/100  高风险 5  中风险 12  新建个案 4")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();

  std::ostringstream en;
  PrintRun(CountyRun(), kEn, en);
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("run 7  area 360721000000  as of 2026-11-20"
                              "  model v3  succeeded"),
                    HasSubstr("scored 90/100  high 5  medium 12  "
                              "cases opened 4")));
  EXPECT_THAT(testing::ChineseCharacters(en.str()), IsEmpty()) << en.str();
}

TEST(RenderRunTest, InterruptedRunOfASchoolSaysWhy) {
  baoxue::v1::RiskRun run = CountyRun();
  run.clear_area_code();
  run.set_school_id(3);
  run.set_status(baoxue::v1::RUN_STATUS_INTERRUPTED);
  run.set_error("database is read-only");
  std::ostringstream zh;
  PrintRun(run, kZh, zh);
  EXPECT_THAT(zh.str(), AllOf(HasSubstr("学校 3"), HasSubstr("中断"),
                              HasSubstr("错误：database is read-only")));
  std::ostringstream en;
  PrintRun(run, kEn, en);
  EXPECT_THAT(en.str(), AllOf(HasSubstr("school 3"), HasSubstr("interrupted"),
                              HasSubstr("error: database is read-only")));
  EXPECT_THAT(testing::ChineseCharacters(en.str()), IsEmpty()) << en.str();
}

TEST(RenderTokenTest, CreatedTokenAloneOnStdoutTheRestInOneLanguage) {
  baoxue::v1::CreateTokenResponse created;
  created.set_token_id(2);
  created.set_token("bx_secret");
  created.set_expires_at("2027-03-01T08:00:00+08:00");
  for (const Words words : {kZh, kEn}) {
    std::ostringstream info;
    std::ostringstream out;
    PrintTokenCreated(created, words, info, out);
    EXPECT_EQ(out.str(), "bx_secret\n");
    EXPECT_THAT(info.str(), Not(HasSubstr("bx_secret")));
    if (words.english()) {
      EXPECT_EQ(info.str(),
                "token 2 expires 2027-03-01T08:00:00+08:00 (shown once):\n");
      EXPECT_THAT(testing::ChineseCharacters(info.str()), IsEmpty());
    } else {
      EXPECT_EQ(info.str(),
                "令牌 2，到期 2027-03-01T08:00:00+08:00（只显示一次）：\n");
      EXPECT_THAT(testing::EnglishWords(info.str()), IsEmpty());
    }
  }
}

TEST(RenderTokenTest, ListNamesTheRoleInWordsAndKeepsTheIdFirst) {
  baoxue::v1::ListTokensResponse response;
  baoxue::v1::TokenInfo& token = *response.add_tokens();
  token.set_token_id(5);
  token.set_role(baoxue::v1::CALLER_ROLE_OFFICIAL);
  token.set_area_code("360721100000");
  token.set_expires_at("2027-03-01T08:00:00+08:00");
  std::ostringstream zh;
  PrintTokens(response, kZh, zh);
  EXPECT_THAT(zh.str(), AllOf(HasSubstr("编号\t角色\t区域"),
                              HasSubstr("\n5\t工作人员\t360721100000")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();
  std::ostringstream en;
  PrintTokens(response, kEn, en);
  EXPECT_THAT(en.str(), AllOf(HasSubstr("id\trole\tarea"),
                              HasSubstr("\n5\tofficial\t360721100000")));
  EXPECT_THAT(testing::ChineseCharacters(en.str()), IsEmpty()) << en.str();
}

// The terminal tables of exports/ the CLI prints (cases list, cases show,
// ledger) follow --lang too.
baoxue::v1::ListCasesResponse TwoCases() {
  baoxue::v1::ListCasesResponse response;
  response.set_area_code("360721100000");
  response.set_area_name("青山镇");
  baoxue::v1::CaseSummary& c = *response.add_cases();
  c.set_case_id(17);
  c.set_masked_name("张*明");
  c.set_grade(2);
  c.set_school_name("青山小学");
  c.set_village_name("龙塘村");
  c.set_status("open");
  c.set_level(3);
  c.set_role("PARENT");
  c.set_latest_probability(0.82);
  c.set_overdue(true);
  baoxue::v1::CaseSummary& task = *response.add_cases();
  task.set_case_id(18);
  task.set_kind("verification");
  task.set_masked_name("李*红");
  task.set_village_name("龙塘村");
  task.set_status("closed");
  task.set_outcome("returned");
  task.set_level(5);
  task.set_role("VILLAGE_HEAD");
  task.set_person_name("王村长");
  return response;
}

TEST(RenderCaseListTest, OneLanguagePerTable) {
  std::ostringstream zh;
  exports::PrintCaseList(TwoCases(), kZh.language(), zh);
  EXPECT_THAT(zh.str(),
              AllOf(HasSubstr("个案 17  张*明 二年级 青山小学 龙塘村  风险 0.82"
                              "  在办  第3级 家长：（无登记）  逾期"),
                    HasSubstr("核查任务 18  李*红 龙塘村  已办结（已复学）  "
                              "第5级 村长：王村长")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();
  std::ostringstream en;
  exports::PrintCaseList(TwoCases(), kEn.language(), en);
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("case 17"), HasSubstr("Grade 2"),
                    HasSubstr("risk 0.82  open  level 3 parent: (nobody on "
                              "record)  OVERDUE"),
                    HasSubstr("task 18"),
                    HasSubstr("closed (returned to school)  level 5 village "
                              "head")));
  EXPECT_EQ(
      testing::ChineseCharacters(en.str()).size(),
      testing::ChineseCharacters("青山镇张*明青山小学龙塘村李*红龙塘村王村长")
          .size())
      << "only the county's names are Chinese:\n"
      << en.str();
}

TEST(RenderCaseTest, ShowInEachLanguage) {
  baoxue::v1::Case c;
  *c.mutable_summary() = TwoCases().cases(0);
  c.mutable_summary()->set_opened_reason("high_tier");
  baoxue::v1::CaseReason& reason = *c.add_reasons();
  reason.set_text_zh("近30个上学日缺勤9天");
  reason.set_text_en("absent 9 of the last 30 school days");
  reason.add_measures("家访 (home visit)");
  baoxue::v1::CaseEvent& event = *c.add_events();
  event.set_case_id(17);
  event.set_kind("home_visit");
  event.set_level(3);
  event.set_at("2026-11-22T01:30:00Z");
  event.set_details_json(R"({"by_name": "赵老师", "by_role": "principal"})");
  // The chain's own doing names nobody: said in the one language.
  baoxue::v1::CaseEvent& escalated = *c.add_events();
  escalated.set_case_id(17);
  escalated.set_kind("escalated");
  escalated.set_level(4);
  escalated.set_at("2026-11-23T01:30:00Z");
  escalated.set_actor("escalation");
  std::ostringstream zh;
  exports::PrintCase(c, kZh.language(), zh);
  EXPECT_THAT(zh.str(), AllOf(HasSubstr("个案 17：张*明"), HasSubstr("高风险"),
                              HasSubstr("措施：家访\n"),
                              HasSubstr("[2026-11-22 09:30] 个案 17  家访  "
                                        "第3级  赵老师（校长）"),
                              HasSubstr("系统（责任链自动）")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();
  std::ostringstream en;
  exports::PrintCase(c, kEn.language(), en);
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("case 17: 张*明"), HasSubstr("high risk"),
                    HasSubstr("absent 9 of the last 30 school days"),
                    HasSubstr("measures: home visit\n"),
                    HasSubstr("home visit  level 3  赵老师 (principal)"),
                    HasSubstr("the chain (automatic)")));
  EXPECT_THAT(en.str(), Not(HasSubstr("缺勤")));
}

TEST(RenderLedgerTest, OneLanguagePerTable) {
  baoxue::v1::Ledger ledger;
  ledger.set_area_code("360721000000");
  ledger.set_area_name("青山县");
  baoxue::v1::LedgerRow& township = *ledger.add_townships();
  township.set_code("360721100000");
  township.set_name("青山镇");
  township.set_open(4);
  township.set_closed(5);
  ledger.mutable_total()->set_open(4);
  baoxue::v1::LedgerDay& day = *ledger.add_history();
  day.set_date("2026-11-20");
  day.set_opened(1);
  std::ostringstream zh;
  exports::PrintLedgerTable(ledger, kZh.language(), zh);
  EXPECT_THAT(zh.str(), AllOf(HasSubstr("台账 青山县 360721000000 — 按乡镇："),
                              HasSubstr("在办"), HasSubstr("合计"),
                              HasSubstr("按学校："), HasSubstr("按日：")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();
  ledger.set_area_name("Qingshan");
  ledger.mutable_townships(0)->set_name("Qingshan town");
  std::ostringstream en;
  exports::PrintLedgerTable(ledger, kEn.language(), en);
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("ledger Qingshan 360721000000 — by township:"),
                    HasSubstr("Open"), HasSubstr("Total"),
                    HasSubstr("by school:"), HasSubstr("by day:")));
  EXPECT_THAT(testing::ChineseCharacters(en.str()), IsEmpty()) << en.str();
}

// An import's result as `baoxue import` prints it: the refused rows' reasons
// in the one language, English only from an older server without reason_zh.
baoxue::v1::ImportResult RefusedImport() {
  baoxue::v1::ImportResult result;
  result.set_import_id(12);
  result.set_kind(baoxue::v1::IMPORT_KIND_STUDENTS);
  result.mutable_counts()->set_rows(3);
  result.mutable_counts()->set_accepted(1);
  result.mutable_counts()->set_inserted(1);
  result.mutable_counts()->set_rejected(2);
  baoxue::v1::RowError& check = *result.add_errors();
  check.set_row(20003);
  check.set_column("身份证件号");
  check.set_reason(
      "the check character does not match (a digit is mistyped or two are "
      "swapped)");
  check.set_reason_zh("校验码不符（某位数字输错或两位颠倒）");
  baoxue::v1::RowError& school = *result.add_errors();
  school.set_row(20004);
  school.set_column("学校标识码");
  school.set_reason("no such school (import the schools first)");
  school.set_reason_zh("无此学校（请先导入学校）");
  return result;
}

TEST(RenderImportTest, ChineseResultGivesTheReasonsInChineseOnly) {
  std::ostringstream zh;
  PrintImportResult(RefusedImport(), domain::Language::kZh, zh);
  EXPECT_THAT(
      zh.str(),
      AllOf(HasSubstr("第 20003 行 身份证件号：校验码不符"),
            HasSubstr("第 20004 行 学校标识码：无此学校（请先导入学校）")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();
}

TEST(RenderImportTest, EnglishResultGivesTheEnglishReasons) {
  std::ostringstream en;
  PrintImportResult(RefusedImport(), domain::Language::kEn, en);
  EXPECT_THAT(en.str(), HasSubstr("row 20004 学校标识码: no such school"));
  EXPECT_THAT(en.str(), Not(HasSubstr("无此学校")));
}

TEST(RenderImportTest, ChineseFallsBackToTheEnglishOfAnOlderServer) {
  baoxue::v1::ImportResult result = RefusedImport();
  result.mutable_errors(1)->clear_reason_zh();
  std::ostringstream zh;
  PrintImportResult(result, domain::Language::kZh, zh);
  EXPECT_THAT(zh.str(), HasSubstr("学校标识码：no such school"));
}

}  // namespace
}  // namespace baoxue::client

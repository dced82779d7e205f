// County data in, end to end below gRPC: ImportDesk over PgImportStore on a
// fresh migrated database. Every kind of bad row is named by row and column,
// re-imports change nothing, dry runs and failed imports write nothing, and
// a township account cannot import for another township.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/imports/import_desk.h"
#include "server/core/imports/resident_id.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_import_store.h"
#include "tests/imports/fixtures.h"
#include "tests/imports/import_database_fixture.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::imports {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;
using testing::Id;
using testing::kAreas;
using testing::kSchools;
using ::testing::Not;
using testing::Request;

std::string StudentHeader() {
  return "全国学籍号,姓名,性别,出生日期,民族,身份证件类型,身份证件号,"
         "学校标识码,年级,班级,户籍地区划代码,是否留守儿童,就读方式\n";
}

std::string Student(const std::string& number, const std::string& name,
                    const std::string& birth, const std::string& id,
                    const std::string& school, const std::string& village,
                    const std::string& grade = "三年级") {
  return number + "," + name + ",男," + birth + ",汉族,居民身份证," + id + "," +
         school + "," + grade + ",1班," + village + ",双亲留守,走读\n";
}

using ImportIntegrationTest = testing::ImportDatabaseTest;

TEST_F(ImportIntegrationTest, ANewCountyBootstrapsItsAreasFromAGbkCsv) {
  // SetUp imported kAreas as UTF-8; the same file as Excel on Chinese
  // Windows saves it changes nothing.
  absl::StatusOr<ImportReport> report =
      desk_->BootstrapAreas(Request(store::ImportKind::kAreas, "areas-gbk.csv",
                                    tabular::testing::FromUtf8(kAreas, "GBK")),
                            "test");
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->rows, 6);
  EXPECT_EQ(report->unchanged, 6);
  EXPECT_EQ(report->inserted, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas"), 6);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas WHERE level = 'group' "
                  "AND parent_id IS NOT NULL"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.imports"), 3);
}

TEST_F(ImportIntegrationTest, AreasOfAnotherCountyOrWithoutParentAreRefused) {
  absl::StatusOr<ImportReport> report =
      desk_->BootstrapAreas(Request(store::ImportKind::kAreas, "more.csv",
                                    "行政区划代码,名称\n"
                                    "360799103000,丙镇\n"
                                    "360799104201,无镇之村\n"
                                    "360730000000,他县\n"
                                    "36079910420,短码\n"),
                            "test");
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->inserted, 1);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0].row, 3);
  EXPECT_THAT(report->errors[0].reason, HasSubstr("area above it"));
  EXPECT_EQ(report->errors[1].row, 4);
  EXPECT_THAT(report->errors[1].reason, HasSubstr("one county at a time"));
  EXPECT_EQ(report->errors[2].row, 5);
  EXPECT_EQ(report->errors[2].column, "行政区划代码");
}

TEST_F(ImportIntegrationTest, EveryKindOfBadStudentRowIsNamed) {
  const std::string csv =
      StudentHeader() +
      Student("G1", "张小明", "2016-09-01", Id("20160901", "123"), "3607990001",
              "360799101201") +
      // Row 3: the check character is wrong.
      Student("G2", "李四", "2016-03-01",
              Id("20160301", "124").substr(0, 17) + "0", "3607990001",
              "360799101201") +
      // Row 4: the birth date disagrees with the ID.
      Student("G3", "王五", "2016-03-02", Id("20160301", "125"), "3607990001",
              "360799101201") +
      // Row 5: no such school.
      Student("G4", "赵六", "2015-01-01", Id("20150101", "126"), "3607999999",
              "360799101201") +
      // Row 6: the same 学籍号 as row 2.
      Student("G1", "张小明", "2016-09-01", Id("20160901", "123"), "3607990001",
              "360799101201") +
      // Row 7: an ID typed as a number in Excel.
      Student("G5", "钱七", "2015-01-01", "3.60799E+17", "3607990001",
              "360799101201") +
      // Row 8: no such village.
      Student("G6", "孙八", "2015-01-01", Id("20150101", "127"), "3607990001",
              "360799101299") +
      // Row 9: a grade that does not exist.
      Student("G7", "周九", "2015-01-01", Id("20150101", "128"), "3607990001",
              "360799101201", "十年级");
  absl::StatusOr<ImportReport> report = desk_->Import(
      county_, Request(store::ImportKind::kStudents, "roster.csv", csv),
      nullptr);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->rows, 8);
  EXPECT_EQ(report->accepted, 1);
  EXPECT_EQ(report->inserted, 1);
  EXPECT_EQ(report->rejected, 7);
  auto error_at = [&](int64_t row) {
    for (const RowError& e : report->errors) {
      if (e.row == row) return e;
    }
    return RowError{};
  };
  EXPECT_EQ(error_at(3).column, "身份证件号");
  EXPECT_THAT(error_at(3).reason, HasSubstr("check"));
  EXPECT_EQ(error_at(4).column, "身份证件号");
  EXPECT_EQ(error_at(5).column, "学校标识码");
  EXPECT_THAT(error_at(5).reason, HasSubstr("no such school"));
  EXPECT_THAT(error_at(6).reason, HasSubstr("same record as row 2"));
  EXPECT_THAT(error_at(7).reason, HasSubstr("text"));
  EXPECT_EQ(error_at(8).column, "户籍地区划代码");
  EXPECT_EQ(error_at(9).column, "年级");
  // No reason and no refused row carries an ID number in clear.
  const std::string id = Id("20160301", "125");
  for (const RowError& e : report->errors) {
    EXPECT_THAT(e.reason, ::testing::Not(HasSubstr(id.substr(0, 10))));
    EXPECT_THAT(e.reason_zh, ::testing::Not(HasSubstr(id.substr(0, 10))));
    EXPECT_FALSE(e.reason_zh.empty()) << e.row << " " << e.reason;
  }
  ASSERT_EQ(report->rejected_rows.rows.size(), 7u);
  EXPECT_EQ(report->rejected_rows.header.back(), "失败原因");
  EXPECT_EQ(report->rejected_rows.rows[1][6], "**************" + id.substr(14));
  // The student is stored with a keyed hash and the last four only.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G1' AND octet_length(id_hash) = 32 AND "
                  "id_last4 = '" +
                  Id("20160901", "123").substr(14) +
                  "' AND left_behind = 2 AND grade = 3"),
            1);
}

TEST_F(ImportIntegrationTest, RefusedRowsCarryTheirReasonsInChineseToo) {
  const std::string csv =
      StudentHeader() +
      // Row 2: the check character is wrong.
      Student("G2", "李四", "2016-03-01",
              Id("20160301", "124").substr(0, 17) + "0", "3607990001",
              "360799101201") +
      // Row 3: no such school.
      Student("G4", "赵六", "2015-01-01", Id("20150101", "126"), "3607999999",
              "360799101201") +
      // Row 4: an ID typed as a number in Excel.
      Student("G5", "钱七", "2015-01-01", "3.60799E+17", "3607990001",
              "360799101201") +
      // Row 5: a birth date that is no date.
      Student("G6", "孙八", "2015-13-45", "", "3607990001", "360799101201") +
      // Row 6: the residence is a township, not a village.
      Student("G7", "周九", "2015-01-01", Id("20150101", "128"), "3607990001",
              "360799101000");
  absl::StatusOr<ImportReport> report = desk_->Import(
      county_, Request(store::ImportKind::kStudents, "roster.csv", csv),
      nullptr);
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->rejected, 5);
  auto error_at = [&](int64_t row) {
    for (const RowError& e : report->errors) {
      if (e.row == row) return e;
    }
    return RowError{};
  };
  EXPECT_EQ(error_at(2).reason_zh, "校验码不符（某位数字输错或两位颠倒）");
  EXPECT_EQ(error_at(3).reason_zh, "无此学校（请先导入学校）");
  EXPECT_THAT(error_at(4).reason_zh, HasSubstr("科学计数法"));
  EXPECT_EQ(error_at(5).column, "出生日期");
  EXPECT_THAT(error_at(5).reason_zh,
              AllOf(HasSubstr("应填日期"), HasSubstr("2015-13-45")));
  EXPECT_EQ(error_at(6).column, "户籍地区划代码");
  EXPECT_EQ(error_at(6).reason_zh, "不是村级 12 位区划代码");
  // The English stays as it was.
  EXPECT_THAT(error_at(2).reason, HasSubstr("check character"));
  EXPECT_THAT(error_at(6).reason, HasSubstr("expected a village"));
  // The file of refused rows (导入失败明细) gives the reasons in Chinese.
  ASSERT_EQ(report->rejected_rows.rows.size(), 5u);
  EXPECT_EQ(report->rejected_rows.rows[1].back(),
            "学校标识码：无此学校（请先导入学校）");
  for (const std::vector<std::string>& row : report->rejected_rows.rows) {
    EXPECT_THAT(row.back(), Not(HasSubstr("expected")));
  }
}

TEST_F(ImportIntegrationTest, ReimportChangesNothingAndALaterRosterUpdates) {
  const std::string csv =
      StudentHeader() +
      Student("G1", "张小明", "2016-09-01", Id("20160901", "123"), "3607990001",
              "360799101201") +
      Student("G2", "李四", "2016-03-01", Id("20160301", "124"), "3607990002",
              "360799102201");
  ASSERT_THAT(desk_->Import(county_,
                            Request(store::ImportKind::kStudents, "r.csv", csv),
                            nullptr),
              IsOk());
  absl::StatusOr<ImportReport> again = desk_->Import(
      county_, Request(store::ImportKind::kStudents, "r.csv", csv), nullptr);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households"), 2);

  const std::string promoted =
      StudentHeader() + Student("G1", "张小明", "2016-09-01",
                                Id("20160901", "123"), "3607990001",
                                "360799101201", "四年级");
  ImportRequest full =
      Request(store::ImportKind::kStudents, "r2.csv", promoted);
  full.full = true;
  absl::StatusOr<ImportReport> later = desk_->Import(county_, full, nullptr);
  ASSERT_THAT(later, IsOk());
  EXPECT_EQ(later->updated, 1);
  EXPECT_EQ(later->missing_from_roster, 1);
  EXPECT_EQ(Count("SELECT grade FROM baoxue.students WHERE student_number = "
                  "'G1'"),
            4);
  // Missing from the roster is recorded, never deleted.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE student_number "
                  "= 'G2' AND missing_from_roster_since = '2026-11-22'"),
            1);
}

// A roster without a column (here 是否随班就读) keeps what is stored: an
// import never clears data the file does not carry.
TEST_F(ImportIntegrationTest, AColumnTheFileLacksKeepsTheStoredValue) {
  const std::string csv =
      StudentHeader() + Student("G1", "张小明", "2016-09-01",
                                Id("20160901", "123"), "3607990001",
                                "360799101201");
  ASSERT_THAT(desk_->Import(county_,
                            Request(store::ImportKind::kStudents, "r.csv", csv),
                            nullptr),
              IsOk());
  Execute("UPDATE baoxue.students SET disability = true");
  absl::StatusOr<ImportReport> again = desk_->Import(
      county_, Request(store::ImportKind::kStudents, "r.csv", csv), nullptr);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE disability"), 1);
}

// Other systems' names for an imported student: the 全国学籍号 finds them
// and their school's 学校标识码 (what ScoreStudents by number answers with).
TEST_F(ImportIntegrationTest, ImportedStudentsAreFoundByTheirStudentNumber) {
  ASSERT_THAT(desk_->Import(county_,
                            Request(store::ImportKind::kStudents, "r.csv",
                                    StudentHeader() +
                                        Student("G1", "张小明", "2016-09-01",
                                                Id("20160901", "123"),
                                                "3607990001", "360799101201")),
                            nullptr),
              IsOk());
  store::PgDirectoryStore directory(pool_.get());
  const std::string numbers[] = {"G1", "G404"};
  absl::StatusOr<std::vector<store::StudentKey>> keys =
      directory.StudentKeys(numbers);
  ASSERT_THAT(keys, IsOk());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].student_number, "G1");
  EXPECT_EQ((*keys)[0].school_code, "3607990001");
}

TEST_F(ImportIntegrationTest, ADryRunReportsButWritesNothing) {
  ImportRequest request =
      Request(store::ImportKind::kStudents, "r.csv",
              StudentHeader() + Student("G1", "张小明", "2016-09-01",
                                        Id("20160901", "123"), "3607990001",
                                        "360799101201"));
  request.dry_run = true;
  const int64_t imports = Count("SELECT count(*) FROM baoxue.imports");
  absl::StatusOr<ImportReport> report =
      desk_->Import(county_, request, nullptr);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->inserted, 1);
  EXPECT_EQ(report->import_id, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.imports"), imports);
}

TEST_F(ImportIntegrationTest, ATownshipCannotImportForAnother) {
  absl::StatusOr<ImportReport> report = desk_->Import(
      township_,
      Request(store::ImportKind::kStudents, "r.csv",
              StudentHeader() +
                  Student("G1", "张小明", "2016-09-01", Id("20160901", "123"),
                          "3607990001", "360799101201") +
                  Student("G2", "李四", "2016-03-01", Id("20160301", "124"),
                          "3607990002", "360799102201")),
      nullptr);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->inserted, 1);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].row, 3);
  EXPECT_THAT(report->errors[0].reason, HasSubstr("outside your area"));
  // The school calendar is the county's.
  EXPECT_THAT(desk_->Import(township_,
                            Request(store::ImportKind::kSchoolCalendar,
                                    "days.csv", "日期\n2026-11-20\n"),
                            nullptr),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // Officials do not import at all.
  Caller official = township_;
  official.role = store::CallerRole::kOfficial;
  EXPECT_THAT(
      desk_->Import(official,
                    Request(store::ImportKind::kSchools, "s.csv", kSchools),
                    nullptr),
      StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(ImportIntegrationTest, AttendanceNeedsSchoolDaysAndKnownStudents) {
  ASSERT_THAT(desk_->Import(county_,
                            Request(store::ImportKind::kStudents, "r.csv",
                                    StudentHeader() +
                                        Student("G1", "张小明", "2016-09-01",
                                                Id("20160901", "123"),
                                                "3607990001", "360799101201")),
                            nullptr),
              IsOk());
  ASSERT_THAT(
      desk_->Import(county_,
                    Request(store::ImportKind::kSchoolCalendar, "days.csv",
                            "日期\n2026-11-19\n2026/11/20\n"),
                    nullptr),
      IsOk());
  absl::StatusOr<ImportReport> report =
      desk_->Import(county_,
                    Request(store::ImportKind::kAttendance, "absent.csv",
                            "学籍号,日期,缺勤类型\n"
                            "G1,2026-11-19,旷课\n"
                            "G1,2026-11-21,病假\n"
                            "G9,2026-11-20,事假\n"
                            "G1,2026-11-20,迟到\n"),
                    nullptr);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->inserted, 1);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_THAT(report->errors[0].reason, HasSubstr("not a school day"));
  EXPECT_THAT(report->errors[1].reason, HasSubstr("no such student"));
  EXPECT_EQ(report->errors[2].column, "缺勤类型");
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.absences WHERE kind = "
                  "'unexcused'"),
            1);
}

TEST_F(ImportIntegrationTest, AFailedImportLeavesNothingBehind) {
  const int64_t areas = Count("SELECT count(*) FROM baoxue.areas");
  const int64_t imports = Count("SELECT count(*) FROM baoxue.imports");
  // Two good townships and a group number the database's check refuses
  // (core would never send it): the whole batch must roll back.
  store::ImportBatch batch;
  batch.kind = store::ImportKind::kAreas;
  batch.file_name = "broken.csv";
  batch.file_sha256 = std::string(32, 'x');
  batch.actor = "test";
  batch.now = clock_.Now();
  batch.rows_read = 3;
  batch.row_numbers = {2, 3, 4};
  batch.rows = {{"360799105000", "", "戊镇"},
                {"360799106000", "", "己镇"},
                {"360799101201", "0", "零组"}};
  EXPECT_FALSE(store_->Write(batch).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas"), areas);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.imports"), imports);
}

TEST_F(ImportIntegrationTest, ImportsAreListedForTheirArea) {
  absl::StatusOr<std::vector<store::ImportRecordRow>> listed =
      desk_->List(county_, 10);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1u);  // the schools (the areas had no account)
  EXPECT_EQ((*listed)[0].kind, store::ImportKind::kSchools);
  EXPECT_EQ((*listed)[0].file_name, "schools.csv");
  EXPECT_EQ((*listed)[0].actor, "token 7");
  EXPECT_EQ((*listed)[0].file_sha256_hex.size(), 64u);
}

// Legacy .xls goes through libfreexl, which is not memory-safe on crafted
// files: refused (before anything is staged) unless the server allows it.
TEST_F(ImportIntegrationTest, LegacyXlsIsRefusedUnlessTheServerAllowsIt) {
  const std::string xls = ::baoxue::tabular::testing::ReadFileBytes(
      BAOXUE_IMPORTS_TESTDATA "/roster.xls");
  ASSERT_FALSE(xls.empty());
  const int64_t imports_before = Count("SELECT count(*) FROM baoxue.imports");
  EXPECT_THAT(
      desk_->Import(county_,
                    Request(store::ImportKind::kStudents, "roster.xls", xls),
                    nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("as .xlsx")));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.imports"), imports_before);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students"), 0);

  const ImportDesk allowing(store_.get(), ids_.get(), &clock_,
                            /*allow_xls=*/true);
  // Read this time: the fixture is no 学籍 roster, so its columns are named.
  EXPECT_THAT(
      allowing.Import(county_,
                      Request(store::ImportKind::kStudents, "roster.xls", xls),
                      nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("全国学籍号")));
}

}  // namespace
}  // namespace baoxue::core::imports

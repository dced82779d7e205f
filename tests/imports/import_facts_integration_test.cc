// The imports that had no test of their own against the real database:
// routes to school, enrolment events, bad school rows, the duplicates a
// roster can only have against the database (an ID number another student
// holds, a student of another area), and a county's own headers through a
// column mapping. ImportDesk over PgImportStore on a fresh migrated
// database (tests/imports/import_database_fixture.h).
#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/imports/import_desk.h"
#include "tests/imports/import_database_fixture.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::imports {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using testing::Id;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::Request;

constexpr char kStudentHeader[] =
    "全国学籍号,姓名,性别,出生日期,身份证件号,学校标识码,年级,户籍地区划代码\n";

// G1 and G2 at 甲镇中心小学 (甲镇), G3 at 乙镇中学 (乙镇).
std::string ThreeStudents() {
  return std::string(kStudentHeader) + "G1,张小明,男,2016-09-01," +
         Id("20160901", "123") + ",3607990001,三年级,360799101201\n" +
         "G2,李小红,女,2016-03-01," + Id("20160301", "124") +
         ",3607990001,三年级,360799101201\n" + "G3,王小刚,男,2012-05-05," +
         Id("20120505", "125") + ",3607990002,初一,360799102201\n";
}

class ImportFactsIntegrationTest : public testing::ImportDatabaseTest {
 protected:
  void SetUp() override {
    testing::ImportDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    const ImportReport students =
        Import(county_, store::ImportKind::kStudents, ThreeStudents());
    ASSERT_EQ(students.inserted, 3);
  }

  ImportReport Import(const Caller& caller, store::ImportKind kind,
                      const std::string& csv,
                      std::map<std::string, std::string> mapping = {}) {
    ImportRequest request = Request(kind, "file.csv", csv);
    request.column_mapping = std::move(mapping);
    absl::StatusOr<ImportReport> report =
        desk_->Import(caller, request, nullptr);
    EXPECT_THAT(report, IsOk());
    return report.ok() ? *std::move(report) : ImportReport{};
  }

  static RowError ErrorAt(const ImportReport& report, int64_t row) {
    for (const RowError& e : report.errors) {
      if (e.row == row) return e;
    }
    return RowError{};
  }

  // Every refused row says why in Chinese too, the store's refusals included.
  static void ExpectEveryReasonInChinese(const ImportReport& report) {
    EXPECT_FALSE(report.errors.empty());
    for (const RowError& e : report.errors) {
      EXPECT_THAT(e.reason_zh, Not(IsEmpty())) << e.row << " " << e.reason;
    }
  }
};

// ---------------------------------------------------------------------------
// routes
// ---------------------------------------------------------------------------

TEST_F(ImportFactsIntegrationTest, RoutesAreWrittenAndReimportedUnchanged) {
  const std::string csv =
      "学籍号,上学距离(公里),单程时间(分钟),是否山路\n"
      "G1,4.5,35,是\n"
      "G2,0.8,10,\n"
      "G3,14,80,否\n";
  const ImportReport report = Import(county_, store::ImportKind::kRoutes, csv);
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.inserted, 3);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.student_routes r JOIN "
                  "baoxue.students s USING (student_id) WHERE "
                  "s.student_number = 'G1' AND r.distance_km = 4.5 AND "
                  "r.travel_minutes = 35 AND r.mountain_route"),
            1);
  // An empty 是否山路 is a route without mountain road.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.student_routes r JOIN "
                  "baoxue.students s USING (student_id) WHERE "
                  "s.student_number = 'G2' AND NOT r.mountain_route"),
            1);

  const ImportReport again = Import(county_, store::ImportKind::kRoutes, csv);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_EQ(again.inserted + again.updated, 0);

  // A family moved: the later file updates the route. A file without 是否山路
  // keeps the mountain road on record.
  const ImportReport moved =
      Import(county_, store::ImportKind::kRoutes,
             "学籍号,上学距离(公里),单程时间(分钟)\nG3,2,15\nG1,4.5,30\n");
  EXPECT_EQ(moved.updated, 2);
  EXPECT_EQ(Count("SELECT travel_minutes FROM baoxue.student_routes r JOIN "
                  "baoxue.students s USING (student_id) WHERE "
                  "s.student_number = 'G3'"),
            15);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.student_routes "
                  "WHERE mountain_route"),
            1);
}

TEST_F(ImportFactsIntegrationTest, EveryKindOfBadRouteRowIsNamed) {
  const std::string csv =
      "学籍号,上学距离(公里),单程时间(分钟),是否山路\n"
      "G1,4.5,35,是\n"    // row 2: good
      "G2,301,35,否\n"    // row 3: too far
      "G2,-1,35,否\n"     // row 4: negative distance
      "G3,4,一小时,否\n"  // row 5: minutes not a number
      "G3,4,601,否\n"     // row 6: too long
      "G3,4,30,也许\n"    // row 7: not yes or no
      "G9,4,30,否\n"      // row 8: no such student
      "G1,5,40,否\n"      // row 9: the same student as row 2
      "G-2,5,40,否\n";    // row 10: not a student number
  const ImportReport report = Import(county_, store::ImportKind::kRoutes, csv);
  EXPECT_EQ(report.rows, 9);
  EXPECT_EQ(report.accepted, 1);
  EXPECT_EQ(report.rejected, 8);
  EXPECT_EQ(ErrorAt(report, 3).column, "上学距离(公里)");
  EXPECT_THAT(ErrorAt(report, 3).reason, HasSubstr("0 to 300"));
  EXPECT_EQ(ErrorAt(report, 4).column, "上学距离(公里)");
  EXPECT_EQ(ErrorAt(report, 5).column, "单程时间(分钟)");
  EXPECT_THAT(ErrorAt(report, 5).reason, HasSubstr("0 to 600"));
  EXPECT_EQ(ErrorAt(report, 6).column, "单程时间(分钟)");
  EXPECT_EQ(ErrorAt(report, 7).column, "是否山路");
  EXPECT_EQ(ErrorAt(report, 8).column, "学籍号");
  EXPECT_THAT(ErrorAt(report, 8).reason, HasSubstr("no such student"));
  EXPECT_EQ(ErrorAt(report, 9).column, "");
  EXPECT_THAT(ErrorAt(report, 9).reason, HasSubstr("same record as row 2"));
  EXPECT_EQ(ErrorAt(report, 10).column, "学籍号");
  EXPECT_THAT(ErrorAt(report, 10).reason, HasSubstr("letters and digits"));
  ASSERT_EQ(report.rejected_rows.rows.size(), 8u);
  EXPECT_THAT(report.rejected_rows.rows[0].back(), HasSubstr("上学距离"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.student_routes"), 1);
  ExpectEveryReasonInChinese(report);
}

TEST_F(ImportFactsIntegrationTest, ATownshipCannotImportAnothersRoutes) {
  const ImportReport report =
      Import(township_, store::ImportKind::kRoutes,
             "学籍号,上学距离(公里),单程时间(分钟)\nG1,3,20\nG3,3,20\n");
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(ErrorAt(report, 3).column, "学籍号");
  EXPECT_THAT(ErrorAt(report, 3).reason, HasSubstr("outside your area"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.student_routes"), 1);
}

// ---------------------------------------------------------------------------
// enrolment events
// ---------------------------------------------------------------------------

TEST_F(ImportFactsIntegrationTest, EachEnrolmentEventKindIsStored) {
  const std::string csv =
      "学籍号,异动日期,异动类型,备注\n"
      "G1,2026-03-01,辍学,外出打工\n"
      "G1,2026-04-01,复学,劝返成功\n"
      "G2,2026-05-01,转出,转往外县\n"
      "G2,2026-09-01,转学,\n"
      "G3,2026-06-01,迁出,\n"
      "G3,2026-06-02,死亡,\n"
      "G3,2026-06-03,出国,\n"
      "G3,2026-06-04,出境,\n"
      "G2,2026-10-08,转入,从外县转回\n";
  const ImportReport report =
      Import(county_, store::ImportKind::kEnrolmentEvents, csv);
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.inserted, 9);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events e JOIN "
                  "baoxue.students s USING (student_id) WHERE "
                  "s.student_number = 'G1' AND e.kind = 'dropout' AND "
                  "e.event_date = '2026-03-01' AND e.note = '外出打工'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events "
                  "WHERE kind = 'return'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events "
                  "WHERE kind = 'transfer_out'"),
            2);
  // 迁出, 死亡 and 出国/出境 are three kinds (migration 0019).
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events e JOIN "
                  "baoxue.students s USING (student_id) WHERE "
                  "s.student_number = 'G3' AND e.kind = 'moved_out'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events WHERE "
                  "kind = 'deceased' AND event_date = '2026-06-02'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events "
                  "WHERE kind = 'emigrated'"),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events e JOIN "
                  "baoxue.students s USING (student_id) WHERE "
                  "s.student_number = 'G2' AND e.kind = 'transfer_in' AND "
                  "e.note = '从外县转回'"),
            1);

  // The same file again changes nothing; a new note updates the event.
  const ImportReport again =
      Import(county_, store::ImportKind::kEnrolmentEvents, csv);
  EXPECT_EQ(again.unchanged, 9);
  EXPECT_EQ(again.inserted + again.updated, 0);
  const ImportReport noted =
      Import(county_, store::ImportKind::kEnrolmentEvents,
             "学籍号,异动日期,异动类型,备注\nG1,2026-03-01,辍学,随父母外出\n");
  EXPECT_EQ(noted.updated, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events "
                  "WHERE note = '随父母外出'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events"), 9);
}

TEST_F(ImportFactsIntegrationTest, EveryKindOfBadEnrolmentEventRowIsNamed) {
  const std::string csv =
      "学籍号,异动日期,异动类型,备注\n"
      "G1,2026-03-01,辍学,\n"  // row 2: good
      "G1,2026-13-01,复学,\n"  // row 3: no such month
      "G1,2026-04-01,休学,\n"  // row 4: not a kind we know
      "G9,2026-04-01,辍学,\n"  // row 5: no such student
      ",2026-04-01,辍学,\n"    // row 6: no student number
      "G2,,辍学,\n"            // row 7: no date
      "G1,2026/3/1,辍学,\n"    // row 8: the same event as row 2
      "G2,2026-04-01,辍学," +
      std::string(201, 'x') + "\n";  // row 9: a note too long
  const ImportReport report =
      Import(county_, store::ImportKind::kEnrolmentEvents, csv);
  EXPECT_EQ(report.rows, 8);
  EXPECT_EQ(report.accepted, 1);
  EXPECT_EQ(ErrorAt(report, 3).column, "异动日期");
  EXPECT_EQ(ErrorAt(report, 4).column, "异动类型");
  EXPECT_THAT(ErrorAt(report, 4).reason, HasSubstr("休学"));
  EXPECT_EQ(ErrorAt(report, 5).column, "学籍号");
  EXPECT_THAT(ErrorAt(report, 5).reason, HasSubstr("no such student"));
  EXPECT_EQ(ErrorAt(report, 6).column, "学籍号");
  EXPECT_THAT(ErrorAt(report, 6).reason, HasSubstr("required"));
  EXPECT_EQ(ErrorAt(report, 7).column, "异动日期");
  EXPECT_THAT(ErrorAt(report, 8).reason, HasSubstr("same record as row 2"));
  EXPECT_EQ(ErrorAt(report, 9).column, "备注");
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events"), 1);
  ExpectEveryReasonInChinese(report);
}

TEST_F(ImportFactsIntegrationTest, ATownshipCannotImportAnothersEvents) {
  const ImportReport report =
      Import(township_, store::ImportKind::kEnrolmentEvents,
             "学籍号,异动日期,异动类型\nG3,2026-03-01,辍学\n");
  EXPECT_EQ(report.accepted, 0);
  EXPECT_THAT(ErrorAt(report, 2).reason, HasSubstr("outside your area"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events"), 0);
}

// ---------------------------------------------------------------------------
// key groups on the student roster
// ---------------------------------------------------------------------------

TEST_F(ImportFactsIntegrationTest, TheRosterCarriesTheKeyGroups) {
  // The national system's headers, values as 是/否, Y/N and 1/0; G3 leaves
  // the columns empty.
  const std::string header =
      "全国学籍号,姓名,性别,出生日期,身份证件号,学校标识码,年级,"
      "户籍地区划代码,是否孤儿,是否事实无人抚养儿童,是否困境儿童,"
      "是否进城务工人员随迁子女\n";
  const std::string csv = header + "G1,张小明,男,2016-09-01," +
                          Id("20160901", "123") +
                          ",3607990001,三年级,360799101201,是,否,Y,1\n" +
                          "G2,李小红,女,2016-03-01," + Id("20160301", "124") +
                          ",3607990001,三年级,360799101201,否,是,N,0\n" +
                          "G3,王小刚,男,2012-05-05," + Id("20120505", "125") +
                          ",3607990002,初一,360799102201,,,,\n";
  const ImportReport report =
      Import(county_, store::ImportKind::kStudents, csv);
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.updated, 2);
  EXPECT_EQ(report.unchanged, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G1' AND orphan AND NOT "
                  "de_facto_unsupported AND in_distress AND migrant_child"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G2' AND NOT orphan AND "
                  "de_facto_unsupported AND NOT in_distress AND NOT "
                  "migrant_child"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G3' AND NOT (orphan OR "
                  "de_facto_unsupported OR in_distress OR migrant_child)"),
            1);
  // Re-importing changes nothing.
  EXPECT_EQ(Import(county_, store::ImportKind::kStudents, csv).unchanged, 3);

  // The short headers and the English aliases; an empty cell (or a roster
  // without the column) keeps what is stored.
  const ImportReport aliases =
      Import(county_, store::ImportKind::kStudents,
             "student_number,name,gender,birth_date,school_code,grade,"
             "residence_code,ORPHAN,随迁子女,事实无人抚养\n"
             "G1,张小明,男,2016-09-01,3607990001,3,360799101201,否,,\n"
             "G3,王小刚,男,2012-05-05,3607990002,7,360799102201,,是,1\n");
  EXPECT_THAT(aliases.errors, IsEmpty());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G1' AND NOT orphan AND in_distress AND "
                  "migrant_child"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G3' AND migrant_child AND "
                  "de_facto_unsupported AND NOT orphan"),
            1);
  // A value that is no yes or no is refused, naming the column.
  const ImportReport bad =
      Import(county_, store::ImportKind::kStudents,
             "student_number,name,gender,birth_date,school_code,grade,"
             "residence_code,是否困境儿童\n"
             "G1,张小明,男,2016-09-01,3607990001,3,360799101201,也许\n");
  EXPECT_EQ(ErrorAt(bad, 2).column, "是否困境儿童");
}

// ---------------------------------------------------------------------------
// schools
// ---------------------------------------------------------------------------

TEST_F(ImportFactsIntegrationTest, EveryKindOfBadSchoolRowIsNamed) {
  const std::string csv =
      "学校标识码,学校名称,办学类型,所在地区划代码,是否寄宿制学校\n"
      "3607990003,一村教学点,教学点,360799101201,否\n"  // row 2: good
      "360799000,短码小学,小学,360799101000,否\n"       // row 3: 9 digits
      "3607990004,甲镇二小,职高,360799101000,否\n"      // row 4: kind
      "3607990005,县直小学,小学,360799000000,否\n"      // row 5: a county
      "3607990006,丙镇小学,小学,360799103000,否\n"      // row 6: no such
      "3607990007,甲镇三小,小学,360799101000,也许\n"    // row 7: boarding
      "3607990003,一村教学点,教学点,360799101201,否\n"  // row 8: = row 2
      "3607990008,,小学,360799101000,否\n";             // row 9: no name
  const ImportReport report = Import(county_, store::ImportKind::kSchools, csv);
  EXPECT_EQ(report.rows, 8);
  EXPECT_EQ(report.accepted, 1);
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(ErrorAt(report, 3).column, "学校标识码");
  EXPECT_THAT(ErrorAt(report, 3).reason, HasSubstr("10 digits"));
  EXPECT_EQ(ErrorAt(report, 4).column, "办学类型");
  EXPECT_THAT(ErrorAt(report, 4).reason, HasSubstr("职高"));
  EXPECT_EQ(ErrorAt(report, 5).column, "所在地区划代码");
  EXPECT_THAT(ErrorAt(report, 5).reason, HasSubstr("township or village"));
  EXPECT_EQ(ErrorAt(report, 6).column, "所在地区划代码");
  EXPECT_THAT(ErrorAt(report, 6).reason, HasSubstr("no such township"));
  EXPECT_EQ(ErrorAt(report, 7).column, "是否寄宿制学校");
  EXPECT_THAT(ErrorAt(report, 8).reason, HasSubstr("same record as row 2"));
  EXPECT_EQ(ErrorAt(report, 9).column, "学校名称");
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.schools"), 3);
  ExpectEveryReasonInChinese(report);
}

TEST_F(ImportFactsIntegrationTest, ATownshipCannotTakeOrPlaceAnothersSchool) {
  const ImportReport report =
      Import(township_, store::ImportKind::kSchools,
             "学校标识码,学校名称,办学类型,所在地区划代码\n"
             // row 2: 乙镇中学 belongs to 乙镇, moved into 甲镇 here
             "3607990002,乙镇中学,初中,360799101000\n"
             // row 3: a new school in 乙镇
             "3607990009,乙镇二小,小学,360799102000\n");
  EXPECT_EQ(report.accepted, 0);
  EXPECT_EQ(ErrorAt(report, 2).column, "学校标识码");
  EXPECT_THAT(ErrorAt(report, 2).reason, HasSubstr("belongs to another area"));
  EXPECT_EQ(ErrorAt(report, 3).column, "所在地区划代码");
  EXPECT_THAT(ErrorAt(report, 3).reason, HasSubstr("outside your area"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.schools s JOIN baoxue.areas a "
                  "USING (area_id) WHERE s.school_code = '3607990002' AND "
                  "a.division_code = '360799102000'"),
            1);
}

// ---------------------------------------------------------------------------
// duplicates against the database
// ---------------------------------------------------------------------------

TEST_F(ImportFactsIntegrationTest, AnIdNumberAnotherStudentHoldsIsRefused) {
  // G4 carries G1's ID number: a typo in one of the two rosters.
  const ImportReport report =
      Import(county_, store::ImportKind::kStudents,
             std::string(kStudentHeader) + "G4,张小明,男,2016-09-01," +
                 Id("20160901", "123") + ",3607990001,三年级,360799101201\n" +
                 "G5,赵小龙,男,2016-10-01," + Id("20161001", "133") +
                 ",3607990001,三年级,360799101201\n");
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(ErrorAt(report, 2).column, "身份证件号");
  EXPECT_THAT(ErrorAt(report, 2).reason,
              HasSubstr("another student in the database has this ID number"));
  EXPECT_THAT(ErrorAt(report, 2).reason,
              ::testing::Not(HasSubstr(Id("20160901", "123").substr(6, 8))));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students WHERE "
                  "student_number = 'G4'"),
            0);
  // G1 itself re-imported with its own ID is no duplicate.
  const ImportReport own =
      Import(county_, store::ImportKind::kStudents, ThreeStudents());
  EXPECT_THAT(own.errors, IsEmpty());
  EXPECT_EQ(own.unchanged, 3);
}

TEST_F(ImportFactsIntegrationTest,
       AStudentRegisteredInAnotherAreaIsRefusedForATownship) {
  // G3 is at 乙镇中学; 甲镇's data staff list them at their own school.
  const ImportReport report =
      Import(township_, store::ImportKind::kStudents,
             std::string(kStudentHeader) + "G3,王小刚,男,2012-05-05," +
                 Id("20120505", "125") + ",3607990001,初一,360799101201\n");
  EXPECT_EQ(report.accepted, 0);
  EXPECT_EQ(ErrorAt(report, 2).column, "全国学籍号");
  EXPECT_THAT(ErrorAt(report, 2).reason,
              HasSubstr("registered in another area"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students s JOIN "
                  "baoxue.schools sc USING (school_id) WHERE "
                  "s.student_number = 'G3' AND sc.school_code = '3607990002'"),
            1);
  // A county account moves them.
  const ImportReport moved =
      Import(county_, store::ImportKind::kStudents,
             std::string(kStudentHeader) + "G3,王小刚,男,2012-05-05," +
                 Id("20120505", "125") + ",3607990001,初一,360799101201\n");
  EXPECT_EQ(moved.updated, 1);
}

// ---------------------------------------------------------------------------
// a county's own headers (--mapping)
// ---------------------------------------------------------------------------

TEST_F(ImportFactsIntegrationTest, AMappingNamesACountysOwnHeaders) {
  const std::map<std::string, std::string> mapping = {
      {"学生编号", "student_number"},
      {"路程（公里）", "distance_km"},  // normalised like the file's header
      {"路上时间", "travel_minutes"}};
  const ImportReport report = Import(county_, store::ImportKind::kRoutes,
                                     "学生编号,路程（公里）,路上时间,其他列\n"
                                     "G1,3.5,25,ignored\n"
                                     "G2,999,25,ignored\n",
                                     mapping);
  EXPECT_EQ(report.inserted, 1);
  // Errors name the county's own header.
  EXPECT_EQ(ErrorAt(report, 3).column, "路程(公里)");
  EXPECT_EQ(Count("SELECT travel_minutes FROM baoxue.student_routes"), 25);

  // Without the mapping the required columns are missing, named.
  ImportRequest unmapped =
      Request(store::ImportKind::kRoutes, "file.csv",
              "学生编号,路程（公里）,路上时间\nG1,3.5,25\n");
  EXPECT_THAT(desk_->Import(county_, unmapped, nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("missing column")));
  // A mapping to a field the kind does not have is refused, naming it.
  unmapped.column_mapping = {{"学生编号", "student_no"}};
  EXPECT_THAT(
      desk_->Import(county_, unmapped, nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("student_no")));
  // A mapped header and a known one for the same field: keep one.
  ImportRequest doubled =
      Request(store::ImportKind::kRoutes, "file.csv",
              "学生编号,学籍号,上学距离,单程时间\nG1,G1,3.5,25\n");
  doubled.column_mapping = {{"学生编号", "student_number"}};
  EXPECT_THAT(
      desk_->Import(county_, doubled, nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("keep one")));
}

}  // namespace
}  // namespace baoxue::core::imports

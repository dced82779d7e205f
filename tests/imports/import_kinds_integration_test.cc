// The households, household registration (户籍) and six heads imports, end
// to end below gRPC: ImportDesk over PgImportStore on a fresh migrated
// database. Every kind of bad row is named, re-imports change nothing, a
// township cannot import for another, a student imported before their
// household moves into it, a new head of a post replaces the old in place,
// and the case chain finds the imported heads.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/imports/import_desk.h"
#include "server/core/imports/resident_id.h"
#include "tests/imports/import_database_fixture.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::imports {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::HasSubstr;
using testing::Id;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::Request;

constexpr char kHouseholdHeader[] =
    "户编号,村区划代码,村民小组,户主姓名,姓名,身份证号,与户主关系,户类型,"
    "人均纯收入,易地扶贫搬迁\n";

constexpr char kStudentHeader[] =
    "全国学籍号,姓名,性别,出生日期,身份证件号,学校标识码,年级,"
    "户籍地区划代码,是否留守儿童\n";

constexpr char kRegistrationHeader[] =
    "公民身份号码,姓名,性别,出生日期,户籍地区划代码,户号,监护人姓名\n";

constexpr char kHeadsHeader[] =
    "角色,姓名,联系电话,学校标识码,年级,户编号,区划代码,村民小组\n";

// A 10-year-old boy of 一村's household H1 (three members), attending
// grade 3 of 甲镇中心小学.
const std::string& ChildId() {
  static const std::string* const id = new std::string(Id("20160901", "123"));
  return *id;
}

std::string H1() {
  return std::string(kHouseholdHeader) + "H1,360799101201,1,张大山,张大山," +
         Id("19850101", "011") +
         ",户主,脱贫户,5200.5,否\n"
         "H1,360799101201,1,张大山,李红," +
         Id("19870202", "022") +
         ",配偶,\"脱贫户、低保户\",5200.50,\n"
         "H1,360799101201,1,张大山,张小明," +
         ChildId() + ",子,脱贫户,5200.5,是\n";
}

class ImportKindsIntegrationTest : public testing::ImportDatabaseTest {
 protected:
  ImportReport Import(const Caller& caller, store::ImportKind kind,
                      const std::string& csv, bool full = false) {
    ImportRequest request = Request(kind, "file.csv", csv);
    request.full = full;
    absl::StatusOr<ImportReport> report =
        desk_->Import(caller, request, nullptr);
    EXPECT_THAT(report, IsOk());
    return report.ok() ? *std::move(report) : ImportReport{};
  }

  // The child of H1 on the student roster.
  void ImportChildAsStudent() {
    const ImportReport report =
        Import(county_, store::ImportKind::kStudents,
               std::string(kStudentHeader) + "G1,张小明,男,2016-09-01," +
                   ChildId() + ",3607990001,三年级,360799101201,双亲留守\n");
    ASSERT_EQ(report.inserted, 1);
  }
};

RowError ErrorAt(const ImportReport& report, int64_t row) {
  for (const RowError& e : report.errors) {
    if (e.row == row) return e;
  }
  return RowError{};
}

// ---------------------------------------------------------------------------
// households
// ---------------------------------------------------------------------------

TEST_F(ImportKindsIntegrationTest, HouseholdsAggregateTheirMemberRows) {
  const ImportReport report =
      Import(county_, store::ImportKind::kHouseholds,
             H1() + "H2,360799102201,,王老汉,王老汉," + Id("19500303", "031") +
                 ",户主,特困供养,,\n");
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.inserted, 4);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households h JOIN "
                  "baoxue.areas g ON g.area_id = h.group_area_id "
                  "WHERE h.household_number = 'H1' AND h.members = 3 "
                  "AND h.registered_poor AND h.subsistence_allowance "
                  "AND NOT h.poverty_monitoring AND NOT h.extreme_poverty "
                  "AND h.relocated AND h.per_capita_income = 5200.50 "
                  "AND h.poverty_line = 7300 AND g.group_no = 1 "
                  "AND g.division_code = '360799101201'"),
            1);
  // 二村 had no villager group: H2 is in a new 未分组 group 1.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households h JOIN "
                  "baoxue.areas g ON g.area_id = h.group_area_id "
                  "WHERE h.household_number = 'H2' AND h.members = 1 "
                  "AND h.extreme_poverty AND NOT h.registered_poor "
                  "AND h.per_capita_income IS NULL AND g.group_no = 1 "
                  "AND g.name = '二村（未分组）'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.household_members m JOIN "
                  "baoxue.households h USING (household_id) WHERE "
                  "h.household_number = 'H1' AND octet_length(m.id_hash) = 32"),
            3);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.household_members "
                  "WHERE relation = '配偶'"),
            1);
}

TEST_F(ImportKindsIntegrationTest, EveryKindOfBadHouseholdRowIsNamed) {
  const std::string csv = H1() +
                          // Row 5: another income than H1's first row.
                          "H1,360799101201,1,张大山,张老三," +
                          Id("19600101", "041") +
                          ",父亲,脱贫户,6000,\n"
                          // Row 6: a township where a village is expected.
                          "H3,360799101000,,赵一,赵一," +
                          Id("19800101", "051") +
                          ",户主,监测户,3000,\n"
                          // Row 7: an unknown household type.
                          "H4,360799101201,,钱二,钱二," +
                          Id("19800101", "061") +
                          ",户主,富裕户,3000,\n"
                          // Row 8: a negative income.
                          "H5,360799101201,,孙三,孙三," +
                          Id("19800101", "071") +
                          ",户主,低保户,-5,\n"
                          // Row 9: the check character is wrong.
                          "H6,360799101201,,李四,李四," +
                          Id("19800101", "081").substr(0, 17) +
                          (Id("19800101", "081").back() == '0' ? "1" : "0") +
                          ",户主,低保户,100,\n"
                          // Row 10: no such villager group.
                          "H7,360799101201,9,周五,周五," +
                          Id("19800101", "091") +
                          ",户主,低保户,100,\n"
                          // Row 11: no such village.
                          "H8,360799101299,,吴六,吴六," +
                          Id("19800101", "101") +
                          ",户主,低保户,100,\n"
                          // Row 12: the same person as row 2.
                          "H9,360799101201,,郑七,郑七," +
                          Id("19850101", "011") +
                          ",户主,低保户,100,\n"
                          // Row 13: another village than H1's first row.
                          "H1,360799102201,,张大山,张老四," +
                          Id("19620101", "111") + ",兄弟,脱贫户,5200.5,\n";
  const ImportReport report =
      Import(county_, store::ImportKind::kHouseholds, csv);
  EXPECT_EQ(report.rows, 12);
  EXPECT_EQ(report.accepted, 3);
  EXPECT_EQ(report.rejected, 9);
  EXPECT_EQ(ErrorAt(report, 5).column, "人均纯收入");
  EXPECT_THAT(ErrorAt(report, 5).reason, HasSubstr("first row"));
  EXPECT_EQ(ErrorAt(report, 6).column, "村区划代码");
  EXPECT_EQ(ErrorAt(report, 7).column, "户类型");
  EXPECT_EQ(ErrorAt(report, 8).column, "人均纯收入");
  EXPECT_EQ(ErrorAt(report, 9).column, "身份证号");
  EXPECT_THAT(ErrorAt(report, 9).reason, HasSubstr("check"));
  EXPECT_EQ(ErrorAt(report, 10).column, "村民小组");
  EXPECT_THAT(ErrorAt(report, 10).reason, HasSubstr("no such villager group"));
  EXPECT_EQ(ErrorAt(report, 11).column, "村区划代码");
  EXPECT_THAT(ErrorAt(report, 11).reason, HasSubstr("no such village"));
  EXPECT_EQ(ErrorAt(report, 12).column, "身份证号");
  EXPECT_THAT(ErrorAt(report, 12).reason, HasSubstr("as row 2"));
  EXPECT_EQ(ErrorAt(report, 13).column, "村区划代码");
  // Every reason in Chinese too, set-based refusals of the store included.
  for (const RowError& e : report.errors) {
    EXPECT_THAT(e.reason_zh, Not(IsEmpty())) << e.row << " " << e.reason;
  }
  EXPECT_EQ(ErrorAt(report, 5).reason_zh,
            "人均收入与该户第一行不一致：每户只填一个");
  EXPECT_EQ(ErrorAt(report, 6).reason_zh, "不是村级 12 位区划代码");
  EXPECT_EQ(ErrorAt(report, 11).reason_zh, "无此村（请先导入行政区划）");
  EXPECT_EQ(ErrorAt(report, 12).reason_zh, "身份证件号与第 2 行相同");
  // The file of refused rows masks the ID column.
  ASSERT_EQ(report.rejected_rows.rows.size(), 9u);
  EXPECT_EQ(report.rejected_rows.rows[0][5].substr(0, 14),
            std::string(14, '*'));
  EXPECT_EQ(Count("SELECT members FROM baoxue.households "
                  "WHERE household_number = 'H1'"),
            3);
}

TEST_F(ImportKindsIntegrationTest, ReimportingHouseholdsChangesNothing) {
  const std::string csv = H1();
  Import(county_, store::ImportKind::kHouseholds, csv);
  const ImportReport again =
      Import(county_, store::ImportKind::kHouseholds, csv);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.household_members"), 3);

  // A later export: the household left 脱贫 for 监测 and lost a member.
  const std::string later =
      std::string(kHouseholdHeader) + "H1,360799101201,1,张大山,张大山," +
      Id("19850101", "011") + ",户主,监测户,8000,否\n" +
      "H1,360799101201,1,张大山,张小明," + ChildId() + ",子,监测户,8000,否\n";
  const ImportReport changed =
      Import(county_, store::ImportKind::kHouseholds, later);
  EXPECT_EQ(changed.updated, 2);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households WHERE members = 2 "
                  "AND poverty_monitoring AND NOT registered_poor "
                  "AND per_capita_income = 8000 AND NOT relocated"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.household_members"), 2);
}

TEST_F(ImportKindsIntegrationTest, AStudentImportedFirstMovesIntoTheHousehold) {
  ImportChildAsStudent();
  // The roster gave the child a household of their own.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households "
                  "WHERE household_number = 'SG1'"),
            1);
  const ImportReport report =
      Import(county_, store::ImportKind::kHouseholds, H1());
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students x JOIN "
                  "baoxue.households h USING (household_id) WHERE "
                  "x.student_number = 'G1' AND h.household_number = 'H1' "
                  "AND h.parents_working_away"),
            1);
  // The emptied household of their own is gone.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households "
                  "WHERE household_number = 'SG1'"),
            0);
  // A re-import of the roster keeps them there.
  const ImportReport roster =
      Import(county_, store::ImportKind::kStudents,
             std::string(kStudentHeader) + "G1,张小明,男,2016-09-01," +
                 ChildId() + ",3607990001,三年级,360799101201,双亲留守\n");
  EXPECT_EQ(roster.unchanged, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households"), 1);
}

TEST_F(ImportKindsIntegrationTest, AnOwnHouseholdWithAParentOnRecordStays) {
  ImportChildAsStudent();
  Import(county_, store::ImportKind::kHeads,
         std::string(kHeadsHeader) + "家长,张大山,13800000001,,,SG1,,\n");
  Import(county_, store::ImportKind::kHouseholds, H1());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students x JOIN "
                  "baoxue.households h USING (household_id) WHERE "
                  "h.household_number = 'H1'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households "
                  "WHERE household_number = 'SG1'"),
            1);
}

TEST_F(ImportKindsIntegrationTest, ATownshipCannotImportHouseholdsOfAnother) {
  const ImportReport report =
      Import(township_, store::ImportKind::kHouseholds,
             H1() + "H2,360799102201,,王老汉,王老汉," + Id("19500303", "031") +
                 ",户主,特困供养,,\n");
  EXPECT_EQ(report.inserted, 3);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].row, 5);
  EXPECT_EQ(report.errors[0].column, "村区划代码");
  EXPECT_THAT(report.errors[0].reason, HasSubstr("outside your area"));
}

// ---------------------------------------------------------------------------
// household_registration (户籍)
// ---------------------------------------------------------------------------

TEST_F(ImportKindsIntegrationTest, EveryKindOfBadRegistrationRowIsNamed) {
  const std::string csv =
      std::string(kRegistrationHeader) + ChildId() +
      ",张小明,男,2016-09-01,360799101201,000123,张大山\n"
      // Row 3: the birth date disagrees with the ID.
      + Id("20150505", "131") +
      ",李小华,男,2015-05-06,360799101201,,\n"
      // Row 4: the sex disagrees with the ID (an even sequence: a girl).
      + Id("20150505", "132") +
      ",王小丽,男,2015-05-05,360799101201,,\n"
      // Row 5: no such village.
      + Id("20150505", "133") +
      ",赵小军,男,,360799101299,,\n"
      // Row 6: the ID lost its digits in Excel.
      "3.60799E+17,钱小宝,男,,360799101201,,\n"
      // Row 7: no name.
      + Id("20150505", "135") +
      ",,男,,360799101201,,\n"
      // Row 8: the same child as row 2.
      + ChildId() + ",张小明,男,2016-09-01,360799101201,000123,张大山\n";
  const ImportReport report =
      Import(county_, store::ImportKind::kHouseholdRegistration, csv);
  EXPECT_EQ(report.rows, 7);
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(report.rejected, 6);
  EXPECT_EQ(ErrorAt(report, 3).column, "公民身份号码");
  EXPECT_EQ(ErrorAt(report, 4).column, "性别");
  EXPECT_EQ(ErrorAt(report, 5).column, "户籍地区划代码");
  EXPECT_THAT(ErrorAt(report, 5).reason, HasSubstr("no such village"));
  EXPECT_EQ(ErrorAt(report, 6).column, "公民身份号码");
  EXPECT_THAT(ErrorAt(report, 6).reason, HasSubstr("text"));
  EXPECT_EQ(ErrorAt(report, 7).column, "姓名");
  EXPECT_THAT(ErrorAt(report, 8).reason, HasSubstr("row 2"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.registered_children WHERE "
                  "id_last4 = '" +
                  ChildId().substr(14) +
                  "' AND gender = 'M' AND birth_date = '2016-09-01' "
                  "AND registration_book = '000123' "
                  "AND guardian_name = '张大山'"),
            1);
}

TEST_F(ImportKindsIntegrationTest, AFullRegistrationRosterReplacesTheArea) {
  const std::string first =
      std::string(kRegistrationHeader) + ChildId() +
      ",张小明,,,360799101201,,\n" + Id("20150505", "131") +
      ",李小华,,,360799101201,,\n" + Id("20140404", "141") +
      ",王小二,,,360799102201,,\n";
  EXPECT_EQ(Import(county_, store::ImportKind::kHouseholdRegistration, first)
                .inserted,
            3);
  const ImportReport again =
      Import(county_, store::ImportKind::kHouseholdRegistration, first);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 3);

  // 甲镇's new snapshot lacks 李小华 and renames the child's guardian; a
  // refused row keeps the snapshot from deleting anything.
  const std::string later = std::string(kRegistrationHeader) + ChildId() +
                            ",张小明,,,360799101201,,张大山\n";
  const ImportReport refused = Import(
      township_, store::ImportKind::kHouseholdRegistration,
      later + Id("20140404", "141") + ",王小二,,,360799102201,,\n", true);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_THAT(refused.errors[0].reason, HasSubstr("outside your area"));
  EXPECT_EQ(refused.missing_from_roster, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.registered_children"), 3);

  const ImportReport full =
      Import(township_, store::ImportKind::kHouseholdRegistration, later, true);
  EXPECT_EQ(full.unchanged, 1);
  EXPECT_EQ(full.missing_from_roster, 1);
  // 乙镇's child is outside 甲镇's snapshot and stays.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.registered_children"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.registered_children "
                  "WHERE guardian_name = '张大山'"),
            1);
}

// ---------------------------------------------------------------------------
// heads (六长名册)
// ---------------------------------------------------------------------------

std::string SixHeads() {
  return std::string(kHeadsHeader) +
         "班主任,陈老师,13900000001,3607990001,三年级,,,\n"
         "校长,刘校长,13900000002,3607990001,,,,\n"
         "家长,张大山,13900000003,,,H1,,\n"
         "组长,张组长,13900000004,,,,360799101201,1\n"
         "村主任,李村长,0797-1234567,,,,360799101201,\n"
         "乡镇长,王镇长,+86 13900000006,,,,360799101,\n";
}

TEST_F(ImportKindsIntegrationTest, TheCaseChainFindsTheImportedHeads) {
  ImportChildAsStudent();
  Import(county_, store::ImportKind::kHouseholds, H1());
  const ImportReport report =
      Import(county_, store::ImportKind::kHeads, SixHeads());
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.inserted, 6);
  const std::string student =
      "(SELECT student_id FROM baoxue.students WHERE student_number = 'G1')";
  const char* const roles[] = {"TEACHER",    "PRINCIPAL",    "PARENT",
                               "GROUP_HEAD", "VILLAGE_HEAD", "TOWNSHIP_HEAD"};
  for (int level = 1; level <= 6; ++level) {
    EXPECT_EQ(Count("SELECT count(*) FROM baoxue.responsible_people WHERE "
                    "person_id = baoxue.case_person(" +
                    student + ", " + std::to_string(level) + ") AND role = '" +
                    roles[level - 1] + "'"),
              1)
        << "level " << level;
  }

  const ImportReport again =
      Import(county_, store::ImportKind::kHeads, SixHeads());
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 6);
}

TEST_F(ImportKindsIntegrationTest, ANewHeadOfAPostReplacesTheOldInPlace) {
  Import(county_, store::ImportKind::kHouseholds, H1());
  Import(county_, store::ImportKind::kHeads, SixHeads());
  const int64_t teacher = Count(
      "SELECT person_id FROM baoxue.responsible_people WHERE role = 'TEACHER'");
  const ImportReport report = Import(
      county_, store::ImportKind::kHeads,
      std::string(kHeadsHeader) +
          "TEACHER,黄老师,13900000009,3607990001,3,,,\n"
          // Same village head, no phone given: the phone on record stays.
          "村长,李村长,,,,,360799101201,\n"
          // A second parent of the household is another person.
          "家长,李红,,,,H1,,\n");
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.updated, 1);
  EXPECT_EQ(report.unchanged, 1);
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(Count("SELECT person_id FROM baoxue.responsible_people WHERE "
                  "role = 'TEACHER' AND name = '黄老师' "
                  "AND phone = '13900000009'"),
            teacher);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.responsible_people WHERE "
                  "role = 'VILLAGE_HEAD' AND phone = '0797-1234567'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.responsible_people"), 7);
}

// 班主任 per class: a row with 班级 is that class's head teacher, a row
// without is the grade's. The chain's teacher of a student is their class's,
// else their grade's.
TEST_F(ImportKindsIntegrationTest, AClassHasItsOwnHeadTeacher) {
  const ImportReport students = Import(
      county_, store::ImportKind::kStudents,
      "全国学籍号,姓名,性别,出生日期,学校标识码,年级,班级,户籍地区划代码\n"
      "G1,张一,男,2016-09-01,3607990001,三年级,1班,360799101201\n"
      "G2,张二,男,2016-09-01,3607990001,三年级,2班,360799101201\n"
      "G3,张三,男,2016-09-01,3607990001,四年级,1班,360799101201\n");
  ASSERT_EQ(students.inserted, 3);
  const std::string heads =
      "角色,姓名,联系电话,学校标识码,年级,班级\n"
      "班主任,王老师,13900000001,3607990001,三年级,1班\n"
      "班主任,李老师,13900000002,3607990001,三年级,\n"
      "班主任,赵老师,13900000003,3607990001,四年级,2班\n";
  const ImportReport report = Import(county_, store::ImportKind::kHeads, heads);
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.inserted, 3);
  // The name of the chain's teacher of `number`, "" for nobody on record.
  auto teacher_of = [&](const std::string& number) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    const pqxx::row row = tx.exec1(
        "SELECT coalesce((SELECT p.name FROM baoxue.responsible_people p "
        "WHERE p.person_id = baoxue.case_person((SELECT student_id FROM "
        "baoxue.students WHERE student_number = " +
        tx.quote(number) + "), 1)), '')");
    return row[0].as<std::string>();
  };
  EXPECT_EQ(teacher_of("G1"), "王老师");  // 1班's own head teacher
  EXPECT_EQ(teacher_of("G2"), "李老师");  // nobody for 2班: the grade's
  EXPECT_EQ(teacher_of("G3"), "");        // 四年级1班: nobody on record
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.responsible_people WHERE "
                  "class_name = '1班' AND grade = 3"),
            1);

  // The class is part of the post: the same file changes nothing, a new
  // head teacher of 1班 replaces 王老师 in place and leaves the grade's.
  EXPECT_EQ(Import(county_, store::ImportKind::kHeads, heads).unchanged, 3);
  const int64_t post = Count(
      "SELECT person_id FROM baoxue.responsible_people WHERE name = '王老师'");
  const ImportReport replaced = Import(county_, store::ImportKind::kHeads,
                                       "角色,姓名,学校标识码,年级,班级\n"
                                       "班主任,周老师,3607990001,3,1班\n");
  EXPECT_EQ(replaced.updated, 1);
  EXPECT_EQ(Count("SELECT person_id FROM baoxue.responsible_people WHERE "
                  "name = '周老师'"),
            post);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.responsible_people WHERE "
                  "name = '李老师' AND class_name IS NULL"),
            1);
}

TEST_F(ImportKindsIntegrationTest, EveryKindOfBadHeadRowIsNamed) {
  Import(county_, store::ImportKind::kHouseholds, H1());
  const std::string csv =
      std::string(kHeadsHeader) +
      "书记,某人,13900000001,,,,,\n"                      // 2: role
      "班主任,陈老师,13900000001,3607990001,,,,\n"        // 3: no grade
      "校长,刘校长,电话号码,3607990001,,,,\n"             // 4: phone
      "校长,刘校长,13900000002,3607999999,,,,\n"          // 5: no school
      "家长,张大山,13900000003,,,,,\n"                    // 6: no 户编号
      "家长,张大山,13900000003,,,H404,,\n"                // 7: no such
      "组长,张组长,13900000004,,,,360799101201,\n"        // 8: no group
      "组长,张组长,13900000004,,,,360799101201,7\n"       // 9: no such
      "镇长,王镇长,13900000006,,,,360799101201,\n"        // 10: a village
      "村长,李村长,13900000005,,,,360799101299,\n"        // 11: no such
      "村长,,13900000005,,,,360799101201,\n"              // 12: no name
      "班主任,陈老师,13900000001,3607990001,三年级,,,\n"  // 13: good
      "班主任,何老师,13900000007,3607990001,3,,,\n";      // 14: same post
  const ImportReport report = Import(county_, store::ImportKind::kHeads, csv);
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(report.rejected, 12);
  EXPECT_EQ(ErrorAt(report, 2).column, "角色");
  EXPECT_EQ(ErrorAt(report, 3).column, "年级");
  EXPECT_EQ(ErrorAt(report, 4).column, "联系电话");
  EXPECT_EQ(ErrorAt(report, 5).column, "学校标识码");
  EXPECT_THAT(ErrorAt(report, 5).reason, HasSubstr("no such school"));
  EXPECT_EQ(ErrorAt(report, 6).column, "户编号");
  EXPECT_EQ(ErrorAt(report, 7).column, "户编号");
  EXPECT_THAT(ErrorAt(report, 7).reason, HasSubstr("no such household"));
  EXPECT_EQ(ErrorAt(report, 8).column, "村民小组");
  EXPECT_EQ(ErrorAt(report, 9).column, "村民小组");
  EXPECT_THAT(ErrorAt(report, 9).reason, HasSubstr("no such villager group"));
  EXPECT_EQ(ErrorAt(report, 10).column, "区划代码");
  EXPECT_EQ(ErrorAt(report, 11).column, "区划代码");
  EXPECT_THAT(ErrorAt(report, 11).reason, HasSubstr("no such area"));
  EXPECT_EQ(ErrorAt(report, 12).column, "姓名");
  EXPECT_THAT(ErrorAt(report, 14).reason, HasSubstr("row 13"));
}

TEST_F(ImportKindsIntegrationTest, ATownshipCannotNameHeadsOfAnother) {
  Import(county_, store::ImportKind::kHouseholds,
         std::string(kHouseholdHeader) + "H2,360799102201,,王老汉,王老汉," +
             Id("19500303", "031") + ",户主,特困供养,,\n");
  const ImportReport report =
      Import(township_, store::ImportKind::kHeads,
             std::string(kHeadsHeader) +
                 "镇长,王镇长,13900000006,,,,360799101000,\n"
                 "镇长,赵镇长,13900000008,,,,360799102000,\n"
                 "校长,孙校长,13900000002,3607990002,,,,\n"
                 "家长,王老汉,,,,H2,,\n");
  EXPECT_EQ(report.inserted, 1);
  ASSERT_EQ(report.errors.size(), 3u);
  EXPECT_EQ(report.errors[0].column, "区划代码");
  EXPECT_EQ(report.errors[1].column, "学校标识码");
  EXPECT_EQ(report.errors[2].column, "户编号");
  for (const RowError& e : report.errors) {
    EXPECT_THAT(e.reason, HasSubstr("outside your area"));
    EXPECT_EQ(e.reason_zh, "不在您的管辖范围内");
  }
}

}  // namespace
}  // namespace baoxue::core::imports

// Naming who is in charge of a case (docs/cases.md, "Naming who is in
// charge"), decided without a database: each test is one rule.
#include "server/core/case_assignees.h"

#include <optional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using domain::ChainRole;
using store::PersonKeyKind;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr int64_t kSchool = 11;
constexpr int64_t kHousehold = 22;
constexpr int64_t kGroup = 33;
constexpr int64_t kVillage = 44;
constexpr int64_t kTownship = 55;
constexpr char kVillageCode[] = "360799101201";

Caller TownshipOfficial(const std::string& township = "360799101000") {
  Caller caller;
  caller.role = store::CallerRole::kOfficial;
  caller.scope.division_code = township;
  caller.scope.level = domain::AreaLevel::kTownship;
  return caller;
}

store::CaseSubjectKeys StudentKeys() {
  store::CaseSubjectKeys keys;
  keys.school_id = kSchool;
  keys.household_id = kHousehold;
  keys.group_area_id = kGroup;
  keys.village_area_id = kVillage;
  keys.township_area_id = kTownship;
  return keys;
}

// An open case of a student at `level`, held by person 1.
store::AssignmentTarget OpenCaseAt(int level) {
  store::AssignmentTarget target;
  target.case_id = 7;
  target.level = level;
  target.person_id = 1;
  target.subject = StudentKeys();
  return target;
}

store::ResponsiblePerson Person(int64_t id, ChainRole role) {
  store::ResponsiblePerson person;
  person.person_id = id;
  person.role = role;
  person.name = "某人";
  person.division_code = kVillageCode;
  switch (role) {
    case ChainRole::kTeacher:
    case ChainRole::kPrincipal:
      person.school_id = kSchool;
      break;
    case ChainRole::kParent:
      person.household_id = kHousehold;
      break;
    case ChainRole::kGroupHead:
      person.area_id = kGroup;
      break;
    case ChainRole::kVillageHead:
      person.area_id = kVillage;
      break;
    case ChainRole::kTownshipHead:
      person.area_id = kTownship;
      person.division_code = "360799101000";
      break;
  }
  return person;
}

TEST(CaseAssigneesTest, EachRoleIsCoveredByItsRegisterKey) {
  const store::CaseSubjectKeys keys = StudentKeys();
  struct Expected {
    ChainRole role;
    PersonKeyKind kind;
    int64_t id;
  };
  for (const Expected& e :
       {Expected{ChainRole::kTeacher, PersonKeyKind::kSchool, kSchool},
        Expected{ChainRole::kPrincipal, PersonKeyKind::kSchool, kSchool},
        Expected{ChainRole::kParent, PersonKeyKind::kHousehold, kHousehold},
        Expected{ChainRole::kGroupHead, PersonKeyKind::kArea, kGroup},
        Expected{ChainRole::kVillageHead, PersonKeyKind::kArea, kVillage},
        Expected{ChainRole::kTownshipHead, PersonKeyKind::kArea, kTownship}}) {
    const std::optional<store::PersonKey> key = CoveringKey(e.role, keys);
    ASSERT_TRUE(key.has_value()) << domain::Code(e.role);
    EXPECT_EQ(key->role, e.role);
    EXPECT_EQ(key->kind, e.kind) << domain::Code(e.role);
    EXPECT_EQ(key->id, e.id) << domain::Code(e.role);
  }
}

TEST(CaseAssigneesTest, ARegisteredChildHasOnlyVillageAndTownshipHeads) {
  store::CaseSubjectKeys child;
  child.village_area_id = kVillage;
  child.township_area_id = kTownship;
  EXPECT_EQ(CoveringKey(ChainRole::kTeacher, child), std::nullopt);
  EXPECT_EQ(CoveringKey(ChainRole::kParent, child), std::nullopt);
  EXPECT_EQ(CoveringKey(ChainRole::kGroupHead, child), std::nullopt);
  EXPECT_THAT(CoveringKey(ChainRole::kVillageHead, child),
              Optional(::testing::Field(&store::PersonKey::id, kVillage)));
}

TEST(CaseAssigneesTest, APersonIsKeptUnderTheirOwnKeyOnly) {
  const store::PersonKey key{ChainRole::kVillageHead, PersonKeyKind::kArea,
                             kVillage};
  EXPECT_TRUE(IsKeptUnder(Person(2, ChainRole::kVillageHead), key));
  store::ResponsiblePerson other = Person(2, ChainRole::kVillageHead);
  other.area_id = 99;
  EXPECT_FALSE(IsKeptUnder(other, key));
  // A group head of the same area id is not a village head.
  store::ResponsiblePerson group_head = Person(3, ChainRole::kGroupHead);
  group_head.area_id = kVillage;
  EXPECT_FALSE(IsKeptUnder(group_head, key));
}

TEST(CaseAssigneesTest, AnOfficialNamesTheLevelsPersonAndKeepsTheLevel) {
  for (int level = 1; level <= 6; ++level) {
    const ChainRole role = *domain::RoleAtLevel(level);
    absl::StatusOr<store::AssignmentChange> change =
        DecideAssignment(TownshipOfficial(), OpenCaseAt(level), 2,
                         Person(2, role), "班主任病假");
    ASSERT_THAT(change.status(), IsOk()) << level;
    EXPECT_EQ(change->case_id, 7);
    EXPECT_EQ(change->level, level);
    EXPECT_EQ(change->from_person_id, std::optional<int64_t>(1));
    EXPECT_EQ(change->to_person_id, 2);
    EXPECT_EQ(change->note, "班主任病假");
  }
}

TEST(CaseAssigneesTest, ALevelWithNobodyOnRecordCanBeFilled) {
  store::AssignmentTarget target = OpenCaseAt(3);
  target.person_id = std::nullopt;
  absl::StatusOr<store::AssignmentChange> change = DecideAssignment(
      TownshipOfficial(), target, 2, Person(2, ChainRole::kParent), "");
  ASSERT_THAT(change.status(), IsOk());
  EXPECT_EQ(change->from_person_id, std::nullopt);
}

TEST(CaseAssigneesTest, AVerificationTaskFollowsTheSameRule) {
  store::AssignmentTarget task = OpenCaseAt(5);
  task.kind = domain::CaseKind::kVerification;
  task.subject = {};
  task.subject.village_area_id = kVillage;
  task.subject.township_area_id = kTownship;
  EXPECT_THAT(DecideAssignment(TownshipOfficial(), task, 2,
                               Person(2, ChainRole::kVillageHead), "")
                  .status(),
              IsOk());
  store::ResponsiblePerson elsewhere = Person(3, ChainRole::kVillageHead);
  elsewhere.area_id = 45;
  EXPECT_THAT(
      DecideAssignment(TownshipOfficial(), task, 3, elsewhere, "").status(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("does not answer for the child")));
}

TEST(CaseAssigneesTest, AClosedCaseIsRefused) {
  store::AssignmentTarget closed = OpenCaseAt(2);
  closed.status = domain::CaseStatus::kClosed;
  EXPECT_THAT(DecideAssignment(TownshipOfficial(), closed, 2,
                               Person(2, ChainRole::kPrincipal), "")
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("case_id: case 7 is closed")));
}

TEST(CaseAssigneesTest, ACaseWithoutALevelIsRefused) {
  EXPECT_THAT(DecideAssignment(TownshipOfficial(), OpenCaseAt(0), 2,
                               Person(2, ChainRole::kTeacher), "")
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no level in charge")));
}

TEST(CaseAssigneesTest, APersonOfAnotherRoleIsRefusedNamingTheField) {
  EXPECT_THAT(
      DecideAssignment(TownshipOfficial(), OpenCaseAt(1), 2,
                       Person(2, ChainRole::kPrincipal), "")
          .status(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("person_id: person 2 is a PRINCIPAL; level 1 of case "
                         "7 needs a TEACHER")));
}

TEST(CaseAssigneesTest, APersonWhoDoesNotCoverTheStudentIsRefused) {
  store::ResponsiblePerson other_school = Person(2, ChainRole::kTeacher);
  other_school.school_id = 12;
  EXPECT_THAT(
      DecideAssignment(TownshipOfficial(), OpenCaseAt(1), 2, other_school, "")
          .status(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("person_id: person 2 does not answer for the "
                         "student of case 7")));
  store::ResponsiblePerson other_group = Person(3, ChainRole::kGroupHead);
  other_group.area_id = 34;
  EXPECT_THAT(
      DecideAssignment(TownshipOfficial(), OpenCaseAt(4), 3, other_group, "")
          .status(),
      StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(CaseAssigneesTest, AnUnknownPersonAnswersLikeOneOutsideTheArea) {
  const absl::Status missing =
      DecideAssignment(TownshipOfficial(), OpenCaseAt(5), 9,
                       absl::NotFoundError("no person 9"), "")
          .status();
  store::ResponsiblePerson foreign = Person(9, ChainRole::kVillageHead);
  foreign.division_code = "360799102201";  // another township's village
  const absl::Status outside =
      DecideAssignment(TownshipOfficial(), OpenCaseAt(5), 9, foreign, "")
          .status();
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound,
                                "no person 9 in the caller's area"));
  EXPECT_EQ(missing, outside);
}

TEST(CaseAssigneesTest, AStoreFailureReadingThePersonPassesThrough) {
  EXPECT_THAT(DecideAssignment(TownshipOfficial(), OpenCaseAt(5), 9,
                               absl::UnavailableError("database down"), "")
                  .status(),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(CaseAssigneesTest, ACountyOfficialReachesTheTownshipHead) {
  Caller county = TownshipOfficial("360799000000");
  county.scope.level = domain::AreaLevel::kCounty;
  EXPECT_THAT(DecideAssignment(county, OpenCaseAt(6), 2,
                               Person(2, ChainRole::kTownshipHead), "")
                  .status(),
              IsOk());
}

TEST(CaseAssigneesTest, NamingThePersonAlreadyInChargeIsRefused) {
  EXPECT_THAT(DecideAssignment(TownshipOfficial(), OpenCaseAt(3), 1,
                               Person(1, ChainRole::kParent), "")
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("person_id: person 1 is already in charge")));
}

TEST(CaseAssigneesTest, ANonPositivePersonIdIsInvalid) {
  EXPECT_THAT(
      DecideAssignment(TownshipOfficial(), OpenCaseAt(3), 0,
                       absl::NotFoundError("no person 0"), "")
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("person_id")));
}

TEST(CaseAssigneesTest, OnlyOfficialsAndAdminsReadNames) {
  Caller caller = TownshipOfficial();
  EXPECT_TRUE(MayReadAssigneeNames(caller));
  caller.account_id = 3;  // on the page too: they choose by name
  EXPECT_TRUE(MayReadAssigneeNames(caller));
  caller.role = store::CallerRole::kAdmin;
  EXPECT_TRUE(MayReadAssigneeNames(caller));
  caller.role = store::CallerRole::kSystem;
  EXPECT_FALSE(MayReadAssigneeNames(caller));
}

}  // namespace
}  // namespace baoxue::core

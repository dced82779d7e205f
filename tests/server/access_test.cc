// Who may see which area and which names: core's rules, over the fake
// directory (no database).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/area_access.h"
#include "server/core/name_mask.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

Caller OfficialOf(const store::Area& area) {
  return Caller{1, store::CallerRole::kOfficial, area};
}

TEST(ResolveAreaTest, EmptyCodeIsTheCallersOwnArea) {
  testing::FakeDirectoryStore directory;
  absl::StatusOr<store::Area> area =
      ResolveArea(OfficialOf(testing::TownshipA()), "", directory);
  ASSERT_TRUE(area.ok()) << area.status();
  EXPECT_EQ(area->division_code, testing::kTownshipA);
}

TEST(ResolveAreaTest, AnAreaInsideTheCallersIsFound) {
  testing::FakeDirectoryStore directory;
  absl::StatusOr<store::Area> area = ResolveArea(
      OfficialOf(testing::County()), testing::kTownshipB, directory);
  ASSERT_TRUE(area.ok()) << area.status();
  EXPECT_EQ(area->level, store::AreaLevel::kTownship);
  EXPECT_EQ(area->division_code, testing::kTownshipB);
}

TEST(ResolveAreaTest, UnknownAndForeignAreasAreRefusedAlike) {
  testing::FakeDirectoryStore directory;
  const Caller county = OfficialOf(testing::County());
  const Caller township = OfficialOf(testing::TownshipA());
  const absl::Status unknown =
      ResolveArea(county, "360799999000", directory).status();
  const absl::Status foreign =
      ResolveArea(township, testing::kTownshipB, directory).status();
  const absl::Status above =
      ResolveArea(township, testing::County().division_code, directory)
          .status();
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kPermissionDenied,
                                HasSubstr("outside the caller's area")));
  EXPECT_THAT(foreign, StatusIs(absl::StatusCode::kPermissionDenied,
                                HasSubstr("outside the caller's area")));
  EXPECT_THAT(above, StatusIs(absl::StatusCode::kPermissionDenied));
  // The same words whatever the reason, apart from the code asked for.
  EXPECT_EQ(unknown.message(),
            "area 360799999000 is outside the caller's area");
  EXPECT_EQ(foreign.message(), absl::StrCat("area ", testing::kTownshipB,
                                            " is outside the caller's area"));
}

TEST(MayReadFullNameTest, OnlyOfficialsAndAdminsWithATokenReadNames) {
  const store::Area county = testing::County();
  EXPECT_TRUE(MayReadFullName(Caller{1, store::CallerRole::kOfficial, county}));
  EXPECT_TRUE(MayReadFullName(Caller{1, store::CallerRole::kAdmin, county}));
  EXPECT_FALSE(MayReadFullName(Caller{1, store::CallerRole::kSystem, county}));
  EXPECT_FALSE(
      MayReadFullName(Caller{1, store::CallerRole::kDataStaff, county}));
}

TEST(MayReadFullNameTest, SystemAndDataStaffGetTheMaskedName) {
  const store::Area county = testing::County();
  EXPECT_THAT(NameFor(Caller{1, store::CallerRole::kSystem, county}, "张三明"),
              Eq("张*明"));
  EXPECT_THAT(
      NameFor(Caller{1, store::CallerRole::kDataStaff, county}, "张三明"),
      Eq("张*明"));
  EXPECT_THAT(
      NameFor(Caller{1, store::CallerRole::kOfficial, county}, "张三明"),
      Eq("张三明"));
}

TEST(MayReadFullNameTest, TheWebPageAlwaysMasks) {
  Caller web{0, store::CallerRole::kOfficial, testing::County()};
  web.account_id = 7;
  EXPECT_FALSE(MayReadFullName(web));
  EXPECT_EQ(NameFor(web, "欧阳小明"), "欧**明");
}

}  // namespace
}  // namespace baoxue::core

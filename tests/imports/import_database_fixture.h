#ifndef BAOXUE_TESTS_IMPORTS_IMPORT_DATABASE_FIXTURE_H_
#define BAOXUE_TESTS_IMPORTS_IMPORT_DATABASE_FIXTURE_H_

// The shared set-up of the import integration tests: a fresh migrated
// database, ImportDesk over PgImportStore with a keyed ID hash and a fake
// clock, the county's areas bootstrapped (一村 with a villager group, 二村
// without) and its two schools imported; a county and a township data-staff
// caller.

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/imports/import_desk.h"
#include "server/core/imports/resident_id.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_import_store.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::core::imports::testing {

// A valid resident ID born on `birth` (YYYYMMDD), made by the standard; an
// odd `sequence` is a boy.
inline std::string Id(const std::string& birth, const std::string& sequence) {
  const std::string first17 = "360799" + birth + sequence;
  return first17 + ResidentIdCheckChar(first17);
}

inline constexpr char kAreas[] =
    "行政区划代码,名称,村民小组\n"
    "360799000000,保学县,\n"
    "360799101000,甲镇,\n"
    "360799101201,一村,\n"
    "360799101201,一村一组,1\n"
    "360799102000,乙镇,\n"
    "360799102201,二村,\n";

inline constexpr char kSchools[] =
    "\xEF\xBB\xBF学校标识码,学校名称,办学类型,所在地区划代码,是否寄宿制学校\n"
    "3607990001,甲镇中心小学,小学,360799101000,否\n"
    "3607990002,乙镇中学,初中,360799102000,是\n";

inline ImportRequest Request(store::ImportKind kind, std::string name,
                             std::string bytes) {
  ImportRequest request;
  request.kind = kind;
  request.file_name = std::move(name);
  request.bytes = std::move(bytes);
  return request;
}

class ImportDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<baoxue::testing::TestDatabase>> db =
        baoxue::testing::TestDatabase::Create();
    ASSERT_THAT(db, baoxue::testing::IsOk());
    db_ = *std::move(db);
    absl::StatusOr<std::unique_ptr<store::PgConnectionPool>> pool =
        store::PgConnectionPool::Create(db_->url(), 2);
    ASSERT_THAT(pool, baoxue::testing::IsOk());
    pool_ = *std::move(pool);
    store_ = std::make_unique<store::PgImportStore>(pool_.get());
    absl::StatusOr<KeyedIdHash> ids = KeyedIdHash::Create(std::string(40, 'k'));
    ASSERT_THAT(ids, baoxue::testing::IsOk());
    ids_ = std::make_unique<KeyedIdHash>(*std::move(ids));
    desk_ = std::make_unique<ImportDesk>(store_.get(), ids_.get(), &clock_);
    ASSERT_THAT(
        desk_->BootstrapAreas(
            Request(store::ImportKind::kAreas, "areas.csv", kAreas), "test"),
        baoxue::testing::IsOk());
    county_ = CallerFor("360799000000", store::AreaLevel::kCounty);
    township_ = CallerFor("360799101000", store::AreaLevel::kTownship);
    ASSERT_THAT(desk_->Import(county_,
                              Request(store::ImportKind::kSchools,
                                      "schools.csv", kSchools),
                              nullptr),
                baoxue::testing::IsOk());
  }

  // A data-staff caller (token 7) for the area with `code`.
  Caller CallerFor(const std::string& code, store::AreaLevel level) {
    Caller caller;
    caller.token_id = 7;
    caller.role = store::CallerRole::kDataStaff;
    caller.scope.division_code = code;
    caller.scope.level = level;
    caller.scope.area_id =
        Count("SELECT area_id FROM baoxue.areas WHERE division_code = '" +
              code + "' AND level <> 'group'");
    return caller;
  }

  // The first column of the one row `sql` returns (-1 for NULL).
  int64_t Count(const std::string& sql) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    const pqxx::row row = tx.exec1(sql);
    return row[0].is_null() ? -1 : row[0].as<int64_t>();
  }

  void Execute(const std::string& sql) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    tx.exec0(sql);
    tx.commit();
  }

  std::unique_ptr<baoxue::testing::TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgImportStore> store_;
  std::unique_ptr<KeyedIdHash> ids_;
  baoxue::testing::FakeClock clock_{baoxue::testing::TestNow()};
  std::unique_ptr<ImportDesk> desk_;
  Caller county_, township_;
};

}  // namespace baoxue::core::imports::testing

#endif  // BAOXUE_TESTS_IMPORTS_IMPORT_DATABASE_FIXTURE_H_

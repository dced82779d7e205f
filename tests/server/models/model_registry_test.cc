// The model registry over the real PostgreSQL: immutable versions, exactly
// one active, activation rules (force), rollback, and the activation
// notification every server listens to.
#include "server/core/model_registry.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/feature_catalog.h"
#include "pqxx/pqxx"
#include "server/core/feature_set_registry.h"
#include "server/core/model_holder.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_feature_set_store.h"
#include "server/store/pg_model_listener.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_training_data_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

baoxue::v1::ModelParams CatalogueParams(double weight) {
  baoxue::v1::ModelParams params;
  for (const std::string& name : model::CatalogFeatureNames()) {
    baoxue::v1::FeatureStat* stat = params.add_features();
    stat->set_name(name);
    stat->set_mean(0);
    stat->set_stddev(1);
    params.add_weights(weight);
  }
  params.set_intercept(-3);
  params.mutable_thresholds()->set_medium(0.1);
  params.mutable_thresholds()->set_high(0.3);
  return params;
}

// The registry is the county's: its data staff are county-level.
store::Area CountyArea() {
  store::Area county;
  county.area_id = 1;
  county.division_code = "360799000000";
  county.level = store::AreaLevel::kCounty;
  return county;
}

class ModelRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto pool = store::PgConnectionPool::Create(db_->url(), 2);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    store_ = std::make_unique<store::PgModelStore>(pool_.get());
    registry_ = std::make_unique<core::ModelRegistry>(store_.get(), &holder_);
  }

  std::string SaveCandidate(std::optional<double> auc, double weight = 0.1) {
    store::NewModel model;
    model.params = CatalogueParams(weight);
    model.created_by = "token 1";
    model.training_as_of = absl::CivilDay(2026, 6, 1);
    model.training_as_of_dates = {absl::CivilDay(2026, 5, 1),
                                  absl::CivilDay(2026, 6, 1)};
    model.validation_as_of = absl::CivilDay(2026, 7, 10);
    model.horizon_days = 120;
    model.training_rows = 100;
    model.positive_rows = 5;
    model.validation_rows = 50;
    model.validation_positive_rows = 3;
    model.validation_auc = auc;
    model.l2_penalty = 1;
    model.report_html = "<html>report</html>";
    absl::StatusOr<std::string> version = store_->SaveModel(model, false);
    EXPECT_THAT(version, IsOk());
    return version.value_or("");
  }

  // The SQL state `sql` fails with, or "" if it succeeds.
  std::string Rejects(const std::string& sql) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    try {
      tx.exec(sql);
      tx.commit();
    } catch (const pqxx::sql_error& e) {
      return e.sqlstate().empty() ? e.what() : e.sqlstate();
    }
    return "";
  }

  core::Caller staff_{7, store::CallerRole::kDataStaff, CountyArea()};
  core::Caller admin_{8, store::CallerRole::kAdmin, {}};
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgModelStore> store_;
  core::ModelHolder holder_;
  std::unique_ptr<core::ModelRegistry> registry_;
};

TEST_F(ModelRegistryTest, SavedCandidateRoundTripsWithItsTrainingRecord) {
  const std::string version = SaveCandidate(0.8);
  absl::StatusOr<core::ModelWithReport> got =
      registry_->Get(staff_, version, /*include_report=*/true);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->model.state, store::ModelState::kCandidate);
  EXPECT_EQ(got->model.training_as_of_dates.size(), 2u);
  EXPECT_EQ(got->model.validation_as_of, absl::CivilDay(2026, 7, 10));
  EXPECT_EQ(got->model.validation_auc, 0.8);
  EXPECT_EQ(got->model.created_by, "token 1");
  EXPECT_EQ(got->model.params.weights_size(), 18);
  EXPECT_EQ(got->report_html, "<html>report</html>");
}

TEST_F(ModelRegistryTest, OnlyDataStaffMayUseTheRegistry) {
  SaveCandidate(0.8);
  EXPECT_THAT(registry_->List(admin_),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(registry_->Activate(admin_, "v1", true),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(registry_->Rollback(admin_),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(ModelRegistryTest, RowsAreImmutableExceptTheirState) {
  const std::string version = SaveCandidate(0.8);
  EXPECT_EQ(Rejects("UPDATE baoxue.models SET validation_auc = 0.99"), "23001");
  EXPECT_EQ(Rejects("UPDATE baoxue.models SET params = '\\x00'"), "23001");
  EXPECT_EQ(Rejects("DELETE FROM baoxue.models"), "23001");
  EXPECT_EQ(Rejects("UPDATE baoxue.models SET state = 'retired'"), "23001");
}

TEST_F(ModelRegistryTest, ExactlyOneModelStaysActive) {
  SaveCandidate(0.8);
  ASSERT_THAT(registry_->Activate(staff_, "v1", false), IsOk());
  // Retiring the active model without activating another is refused at
  // commit.
  EXPECT_EQ(Rejects("UPDATE baoxue.models SET state = 'retired'"), "23000");
}

TEST_F(ModelRegistryTest, ActivateSwitchesTheHolderAndRetiresThePrevious) {
  SaveCandidate(0.80);
  SaveCandidate(0.85);
  ASSERT_THAT(registry_->Activate(staff_, "v1", false), IsOk());
  ASSERT_NE(holder_.Get(), nullptr);
  EXPECT_EQ(holder_.Get()->version, "v1");
  absl::StatusOr<store::ActivationResult> result =
      registry_->Activate(staff_, "v2", false);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->previous_version, "v1");
  EXPECT_EQ(holder_.Get()->version, "v2");
  EXPECT_EQ(store_->GetModel("v1")->state, store::ModelState::kRetired);
  EXPECT_THAT(registry_->Activate(staff_, "v2", false),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("already active")));
}

TEST_F(ModelRegistryTest, LowerValidationAucNeedsForce) {
  SaveCandidate(0.85);
  SaveCandidate(0.80);
  SaveCandidate(std::nullopt);
  ASSERT_THAT(registry_->Activate(staff_, "v1", false), IsOk());
  EXPECT_THAT(
      registry_->Activate(staff_, "v2", false),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("force")));
  EXPECT_THAT(
      registry_->Activate(staff_, "v3", false),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("unknown")));
  EXPECT_EQ(holder_.Get()->version, "v1");
  ASSERT_THAT(registry_->Activate(staff_, "v2", true), IsOk());
  EXPECT_EQ(holder_.Get()->version, "v2");
}

TEST_F(ModelRegistryTest, UnknownVersionIsNotFoundAndEmptyIsInvalid) {
  EXPECT_THAT(registry_->Activate(staff_, "v42", false),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("v42")));
  EXPECT_THAT(
      registry_->Activate(staff_, "", false),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("version")));
}

TEST_F(ModelRegistryTest, ModelOverOtherFeaturesCannotBeActivated) {
  store::NewModel model;
  model.params = CatalogueParams(0.1);
  model.params.mutable_features(0)->set_name("my_feature");
  model.created_by = "token 1";
  model.training_as_of = absl::CivilDay(2026, 6, 1);
  model.horizon_days = 120;
  ASSERT_THAT(store_->SaveModel(model, false), IsOk());
  EXPECT_THAT(
      registry_->Activate(staff_, "v1", true),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("catalogue")));
}

TEST_F(ModelRegistryTest, ModelOverItsOwnFeatureSetIsActivatedWithIt) {
  store::PgFeatureSetStore sets(pool_.get(), 60);
  baoxue::v1::FeatureSetDefinition definition;
  definition.set_name("county");
  definition.set_relation("baoxue.student_features($1::date)");
  store::NewModel model;
  model.params = CatalogueParams(0.1);
  for (int j = 0; j < model.params.features_size(); ++j) {
    const std::string name = j == 0 ? "far" : model.params.features(j).name();
    model.params.mutable_features(j)->set_name(name);
    baoxue::v1::FeatureDefinition* f = definition.add_features();
    f->set_name(name);
    f->set_expression(j == 0 ? "(distance_km > 10)::int" : name);
    f->set_en("county words {value}");
    f->set_max(1);
  }
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> created =
      sets.CreateFeatureSet(definition, "token 1");
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->version(), "fs1");
  EXPECT_EQ(created->features(0).en(), "county words {value}");
  EXPECT_EQ(created->features(0).max(), 1);
  EXPECT_EQ(Rejects("UPDATE baoxue.feature_sets SET name = 'x'"), "23001");
  EXPECT_EQ(Rejects("DELETE FROM baoxue.feature_sets"), "23001");

  model.features = core::ToFeatureSet(*created).features;
  model.feature_relation = created->relation();
  model.feature_set_version = created->version();
  model.created_by = "token 1";
  model.training_as_of = absl::CivilDay(2026, 6, 1);
  model.horizon_days = 120;
  model.report_html = absl::StrCat("<td>", store::kVersionMark, "</td>");
  ASSERT_THAT(store_->SaveModel(model, false), IsOk());
  ASSERT_THAT(registry_->Activate(staff_, "v1", true), IsOk());
  std::shared_ptr<const core::ActiveModel> active = holder_.Get();
  ASSERT_NE(active, nullptr);
  ASSERT_NE(active->feature_set, nullptr);
  EXPECT_EQ(active->feature_set->key, "fs1");
  EXPECT_EQ(active->definitions[0].en(), "county words {value}");
  absl::StatusOr<std::string> report = store_->GetReport("v1");
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(*report, "<td>v1</td>");  // the version, put in at save time
}

TEST_F(ModelRegistryTest, FeatureSetTestQuotesPostgresPerExpression) {
  store::PgFeatureSetStore sets(pool_.get(), 60);
  store::FeatureSet set;
  set.relation = "baoxue.student_features($1::date)";
  set.features.resize(2);
  set.features[0].set_name("ok");
  set.features[0].set_expression("distance_km");
  set.features[1].set_name("bad");
  set.features[1].set_expression("distnce_km");
  absl::StatusOr<store::FeatureSetTest> test =
      sets.TestFeatureSet(set, absl::CivilDay(2026, 7, 1));
  ASSERT_THAT(test, IsOk());
  EXPECT_FALSE(test->ok());
  ASSERT_EQ(test->features.size(), 2u);
  EXPECT_TRUE(test->features[0].error.empty()) << test->features[0].error;
  EXPECT_EQ(test->features[1].error, "column \"distnce_km\" does not exist");
  set.relation = "staff.nowhere";
  test = sets.TestFeatureSet(set, absl::CivilDay(2026, 7, 1));
  ASSERT_THAT(test, IsOk());
  EXPECT_THAT(test->relation_error, HasSubstr("does not exist"));
  // A relation may ignore the as-of date ($1): a static table.
  set.relation = "(SELECT student_id, 1.0 AS distance_km FROM baoxue.students)";
  test = sets.TestFeatureSet(set, absl::CivilDay(2026, 7, 1));
  ASSERT_THAT(test, IsOk());
  EXPECT_EQ(test->relation_error, "");
  EXPECT_TRUE(test->features[0].error.empty()) << test->features[0].error;
}

TEST_F(ModelRegistryTest, LabelRelationFromConfigurationIsUsed) {
  store::FeatureSet set;
  set.relation = "baoxue.student_features($1::date)";
  set.features.resize(1);
  set.features[0].set_name("distance_km");
  set.features[0].set_expression("distance_km");
  store::PgTrainingDataStore labelled(
      pool_.get(), 60, "",
      "(SELECT student_id, true AS label FROM baoxue.students "
      "WHERE $1::date IS NOT NULL)",
      {{store::FairnessColumn::Source::kFeatureRelation, "boarding"},
       {store::FairnessColumn::Source::kStudents, "gender"}});
  absl::StatusOr<store::LabelledSnapshot> loaded =
      labelled.LoadSnapshot(set, absl::CivilDay(2026, 7, 1), 120);
  ASSERT_THAT(loaded, IsOk());
  ASSERT_EQ(loaded->groups.extra.size(), 2u);  // configured fairness groups
  EXPECT_EQ(loaded->groups.extra[0].first, "boarding");
  EXPECT_EQ(loaded->groups.extra[1].first, "gender");
  store::PgTrainingDataStore broken(pool_.get(), 60, "",
                                    "(SELECT student_id FROM baoxue.students)");
  EXPECT_THAT(labelled.LoadSnapshot(set, absl::CivilDay(2026, 7, 1), 120),
              IsOk());
  EXPECT_THAT(broken.LoadSnapshot(set, absl::CivilDay(2026, 7, 1), 120),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("label relation does not evaluate")));
}

TEST_F(ModelRegistryTest, RollbackWalksBackThroughActivations) {
  SaveCandidate(0.80);
  SaveCandidate(0.81);
  SaveCandidate(0.82);
  EXPECT_THAT(registry_->Rollback(staff_),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(registry_->Activate(staff_, "v1", false), IsOk());
  ASSERT_THAT(registry_->Activate(staff_, "v2", false), IsOk());
  ASSERT_THAT(registry_->Activate(staff_, "v3", false), IsOk());
  absl::StatusOr<store::ActivationResult> back = registry_->Rollback(staff_);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->version, "v2");
  EXPECT_EQ(back->previous_version, "v3");
  EXPECT_EQ(holder_.Get()->version, "v2");
  back = registry_->Rollback(staff_);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->version, "v1");
  EXPECT_THAT(registry_->Rollback(staff_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("nothing to roll back")));
}

TEST_F(ModelRegistryTest, CompareDefaultsToTheActiveModel) {
  SaveCandidate(0.80, 0.1);
  SaveCandidate(0.90, 0.2);
  ASSERT_THAT(registry_->Activate(staff_, "v1", false), IsOk());
  absl::StatusOr<core::ModelComparison> comparison =
      registry_->Compare(staff_, "v2", "");
  ASSERT_THAT(comparison, IsOk());
  EXPECT_EQ(comparison->other.version, "v1");
  ASSERT_TRUE(comparison->auc_difference.has_value());
  EXPECT_NEAR(*comparison->auc_difference, 0.1, 1e-12);
  ASSERT_EQ(comparison->coefficients.size(), 18u);
  EXPECT_EQ(comparison->coefficients[0].weight, 0.2);
  EXPECT_EQ(comparison->coefficients[0].other_weight, 0.1);
}

TEST_F(ModelRegistryTest, ActivationIsAnnouncedToListeners) {
  SaveCandidate(0.8);
  store::PgModelListener listener(db_->url());
  // The first call connects and reports a possible change.
  ASSERT_THAT(listener.Wait(absl::Milliseconds(10)), IsOk());
  EXPECT_EQ(*listener.Wait(absl::Milliseconds(10)), false);
  ASSERT_THAT(registry_->Activate(staff_, "v1", false), IsOk());
  absl::StatusOr<bool> notified = listener.Wait(absl::Seconds(5));
  ASSERT_THAT(notified, IsOk());
  EXPECT_TRUE(*notified);
}

}  // namespace
}  // namespace baoxue

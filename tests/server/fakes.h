#ifndef BAOXUE_TESTS_SERVER_FAKES_H_
#define BAOXUE_TESTS_SERVER_FAKES_H_

// In-memory fakes of the store interfaces, for unit tests of server/core and
// server/rpc without a database. Not thread-safe beyond what the tests need
// (a mutex guards each, since gRPC tests call from server threads).

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "model/feature_catalog.h"
#include "server/core/clock.h"
#include "server/store/directory_store.h"
#include "server/store/feature_store.h"
#include "server/store/model_store.h"
#include "server/store/token_store.h"
#include "tests/testing/fake_clock.h"

namespace baoxue::testing {

constexpr char kCountyCode[] = "360799000000";
constexpr char kTownshipA[] = "360799101000";
constexpr char kVillageA[] = "360799101201";
constexpr char kTownshipB[] = "360799102000";
constexpr char kVillageB[] = "360799102201";

inline store::Area MakeArea(const std::string& code, store::AreaLevel level,
                            int64_t id) {
  return store::Area{id, code, level, absl::StrCat("area ", code)};
}
inline store::Area County() {
  return MakeArea(kCountyCode, store::AreaLevel::kCounty, 1);
}
inline store::Area TownshipA() {
  return MakeArea(kTownshipA, store::AreaLevel::kTownship, 2);
}
inline store::Area TownshipB() {
  return MakeArea(kTownshipB, store::AreaLevel::kTownship, 3);
}

// A catalogue-length row of raw feature values: everything at 0 except the
// given overrides.
inline Eigen::RowVectorXd FeatureRow(
    std::map<std::string, double> overrides = {}) {
  Eigen::RowVectorXd row =
      Eigen::RowVectorXd::Zero(model::FeatureCatalog().size());
  for (const auto& [name, value] : overrides) {
    for (size_t j = 0; j < model::FeatureCatalog().size(); ++j) {
      if (model::FeatureCatalog()[j].name == name) row(j) = value;
    }
  }
  return row;
}

// Fake FeatureStore: students put in by tests.
class FakeFeatureStore : public store::FeatureStore {
 public:
  struct Student {
    int64_t id;
    std::string village_code;
    Eigen::RowVectorXd features;
  };

  void Add(int64_t id, const std::string& village_code,
           Eigen::RowVectorXd features) {
    absl::MutexLock lock(&mu_);
    students_[id] = Student{id, village_code, std::move(features)};
  }
  void SetLabelled(store::LabelledRows rows) {
    absl::MutexLock lock(&mu_);
    labelled_ = std::move(rows);
  }
  void FailWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(status);
  }
  absl::CivilDay last_training_as_of() {
    absl::MutexLock lock(&mu_);
    return last_training_as_of_;
  }

  absl::StatusOr<store::StudentFeatureRows> FeaturesOfStudents(
      absl::Span<const int64_t> ids, absl::CivilDay) override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    std::vector<const Student*> found;
    for (int64_t id : ids) {
      if (auto it = students_.find(id); it != students_.end()) {
        found.push_back(&it->second);
      }
    }
    return Rows(found);
  }

  absl::StatusOr<store::StudentFeatureRows> FeaturesInArea(
      const store::Area& area, absl::CivilDay) override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    std::vector<const Student*> found;
    for (const auto& [id, s] : students_) {
      if (store::AreaContainsVillage(area, s.village_code)) found.push_back(&s);
    }
    return Rows(found);
  }

  absl::StatusOr<store::LabelledRows> TrainingExamples(absl::CivilDay as_of,
                                                       int) override {
    absl::MutexLock lock(&mu_);
    last_training_as_of_ = as_of;
    return labelled_;
  }

 private:
  static store::StudentFeatureRows Rows(
      const std::vector<const Student*>& found) {
    store::StudentFeatureRows rows;
    rows.values.resize(found.size(), model::FeatureCatalog().size());
    for (size_t i = 0; i < found.size(); ++i) {
      rows.student_ids.push_back(found[i]->id);
      rows.village_codes.push_back(found[i]->village_code);
      rows.township_codes.push_back(found[i]->village_code.substr(0, 9) +
                                    "000");
      rows.school_ids.push_back(7);
      rows.values.row(i) = found[i]->features;
    }
    return rows;
  }

  absl::Mutex mu_;
  std::map<int64_t, Student> students_ ABSL_GUARDED_BY(mu_);
  store::LabelledRows labelled_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  absl::CivilDay last_training_as_of_ ABSL_GUARDED_BY(mu_);
};

// Fake DirectoryStore: the county, two townships, and names "张三明" etc.
class FakeDirectoryStore : public store::DirectoryStore {
 public:
  absl::StatusOr<store::Area> FindArea(absl::string_view code) override {
    for (const store::Area& area : {County(), TownshipA(), TownshipB()}) {
      if (area.division_code == code) return area;
    }
    return absl::NotFoundError(
        absl::StrCat("no area with division code ", code));
  }
  absl::StatusOr<std::vector<store::StudentProfile>> Profiles(
      absl::Span<const int64_t> ids) override {
    std::vector<store::StudentProfile> profiles;
    for (int64_t id : ids) {
      profiles.push_back({id, "张三明", 5, "示范小学", "示范村"});
    }
    return profiles;
  }
  // Student n has 全国学籍号 "G<n>" and its school 学校标识码 "3607990001".
  absl::StatusOr<std::vector<store::StudentKey>> StudentKeys(
      absl::Span<const std::string> numbers) override {
    std::vector<store::StudentKey> keys;
    for (const std::string& number : numbers) {
      int64_t id = 0;
      if (number.size() > 1 && number[0] == 'G' &&
          absl::SimpleAtoi(number.substr(1), &id)) {
        keys.push_back({id, number, "3607990001"});
      }
    }
    return keys;
  }
  absl::StatusOr<int64_t> CountStudentsInArea(const store::Area&) override {
    return students_in_area;
  }
  absl::StatusOr<std::optional<absl::CivilDay>> FirstSchoolDay() override {
    ++first_school_day_reads;
    return first_school_day;
  }

  int64_t students_in_area = 3;  // what CountStudentsInArea answers
  std::optional<absl::CivilDay> first_school_day;
  int first_school_day_reads = 0;
};

// Fake ModelStore: remembers saved models (readable with GetModel); the last
// activated one is active.
class FakeModelStore : public store::ModelStore {
 public:
  absl::StatusOr<store::StoredModel> LoadActiveModel() override {
    absl::MutexLock lock(&mu_);
    if (active_.version.empty()) return absl::NotFoundError("no active model");
    return active_;
  }
  absl::StatusOr<std::string> SaveModel(const store::NewModel& model,
                                        bool activate) override {
    absl::MutexLock lock(&mu_);
    saved_.push_back(model);
    std::string version = absl::StrCat("v", saved_.size());
    if (activate) {
      active_ = store::StoredModel();
      active_.version = version;
      active_.params = model.params;
      active_.features = model.features;
      active_.feature_relation = model.feature_relation;
      active_.feature_set_version = model.feature_set_version;
    }
    return version;
  }
  absl::StatusOr<store::ModelRecord> GetModel(
      const std::string& version) override {
    absl::MutexLock lock(&mu_);
    for (size_t i = 0; i < saved_.size(); ++i) {
      if (absl::StrCat("v", i + 1) != version) continue;
      const store::NewModel& m = saved_[i];
      store::ModelRecord record;
      record.model_id = static_cast<int64_t>(i + 1);
      record.version = version;
      record.state = version == active_.version ? store::ModelState::kActive
                                                : store::ModelState::kCandidate;
      record.params = m.params;
      record.created_by = m.created_by;
      record.features = m.features;
      record.feature_relation = m.feature_relation;
      record.training_as_of_dates = m.training_as_of_dates;
      record.validation_as_of = m.validation_as_of;
      record.horizon_days = m.horizon_days;
      record.training_rows = m.training_rows;
      record.positive_rows = m.positive_rows;
      record.validation_rows = m.validation_rows;
      record.validation_positive_rows = m.validation_positive_rows;
      record.validation_auc = m.validation_auc;
      record.l2_penalty = m.l2_penalty;
      record.positive_class_weight = m.positive_class_weight;
      record.metrics_json = m.metrics_json;
      record.fairness_json = m.fairness_json;
      record.has_report = !m.report_html.empty();
      return record;
    }
    return absl::NotFoundError(absl::StrCat("no model ", version));
  }
  std::vector<store::NewModel> saved() {
    absl::MutexLock lock(&mu_);
    return saved_;
  }

 private:
  absl::Mutex mu_;
  store::StoredModel active_ ABSL_GUARDED_BY(mu_);
  std::vector<store::NewModel> saved_ ABSL_GUARDED_BY(mu_);
};

// Fake TokenStore keyed by hash; counts lookups.
class FakeTokenStore : public store::TokenStore {
 public:
  absl::StatusOr<store::TokenRecord> FindToken(
      absl::string_view sha256) override {
    absl::MutexLock lock(&mu_);
    ++lookups_;
    auto it = tokens_.find(std::string(sha256));
    if (it == tokens_.end()) return absl::NotFoundError("unknown token");
    return it->second;
  }
  absl::StatusOr<int64_t> CreateToken(const store::NewToken& token) override {
    absl::MutexLock lock(&mu_);
    FakeDirectoryStore directory;
    absl::StatusOr<store::Area> area = directory.FindArea(token.area_code);
    if (!area.ok()) return area.status();
    store::TokenRecord record;
    record.token_id = static_cast<int64_t>(tokens_.size()) + 1;
    record.role = token.role;
    record.scope = *area;
    record.expires_at = token.expires_at;
    record.description = token.description;
    record.created_by = token.created_by;
    tokens_[token.sha256] = record;
    return record.token_id;
  }
  absl::StatusOr<std::vector<store::TokenRecord>> ListTokens(
      absl::string_view area_prefix) override {
    absl::MutexLock lock(&mu_);
    std::vector<store::TokenRecord> out;
    for (const auto& [hash, record] : tokens_) {
      if (absl::StartsWith(record.scope.division_code, area_prefix)) {
        out.push_back(record);
      }
    }
    return out;
  }
  absl::StatusOr<store::TokenRecord> GetToken(int64_t token_id) override {
    absl::MutexLock lock(&mu_);
    for (const auto& [hash, record] : tokens_) {
      if (record.token_id == token_id) return record;
    }
    return absl::NotFoundError("no such token");
  }
  absl::Status RevokeToken(int64_t token_id,
                           absl::string_view revoked_by) override {
    absl::MutexLock lock(&mu_);
    for (auto& [hash, record] : tokens_) {
      if (record.token_id != token_id) continue;
      record.revoked = true;
      record.revoked_by = std::string(revoked_by);
      return absl::OkStatus();
    }
    return absl::NotFoundError("no such token");
  }
  void Revoke(absl::string_view sha256) {
    absl::MutexLock lock(&mu_);
    tokens_[std::string(sha256)].revoked = true;
  }
  int lookups() {
    absl::MutexLock lock(&mu_);
    return lookups_;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, store::TokenRecord> tokens_ ABSL_GUARDED_BY(mu_);
  int lookups_ ABSL_GUARDED_BY(mu_) = 0;
};

// Model over the catalogue: standardised = raw (mean 0, stddev 1), weight 1
// for absence_rate_30d, 0.5 for distance_km, -0.5 for income_poverty_ratio,
// 0 elsewhere; intercept -3; thresholds medium 0.2, high 0.5.
inline baoxue::v1::ModelParams SimpleModelParams() {
  baoxue::v1::ModelParams params;
  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    baoxue::v1::FeatureStat* stat = params.add_features();
    stat->set_name(std::string(info.name));
    stat->set_mean(0);
    stat->set_stddev(1);
    double w = 0;
    if (info.name == "absence_rate_30d") w = 1;
    if (info.name == "distance_km") w = 0.5;
    if (info.name == "income_poverty_ratio") w = -0.5;
    params.add_weights(w);
  }
  params.set_intercept(-3);
  params.mutable_thresholds()->set_medium(0.2);
  params.mutable_thresholds()->set_high(0.5);
  return params;
}

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_SERVER_FAKES_H_

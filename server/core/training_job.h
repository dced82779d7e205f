#ifndef BAOXUE_SERVER_CORE_TRAINING_JOB_H_
#define BAOXUE_SERVER_CORE_TRAINING_JOB_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/config.pb.h"
#include "server/core/caller.h"
#include "server/core/input_checks.h"
#include "server/core/track_record.h"
#include "server/core/validation_words.h"
#include "server/store/feature_set_store.h"
#include "server/store/model_store.h"
#include "server/store/training_data_store.h"

namespace baoxue::core {

// What to train. Empty/unset fields take the defaults in TrainingDefaults.
struct TrainingJobRequest {
  // Snapshots stacked for training; each must be before validation_as_of.
  std::vector<absl::CivilDay> training_as_of;
  // The later, held-out snapshot; default: last school day - horizon_days.
  std::optional<absl::CivilDay> validation_as_of;
  int horizon_days = 120;              // 1..730
  double l2_penalty = 1.0;             // finite, >= 0
  double positive_class_weight = 1.0;  // finite, > 0
  // Tier thresholds (candidate_evaluation.h): by default the training
  // scores' top 5% / 15%; both precision targets, or both caseloads, choose
  // them on the validation snapshot instead.
  std::optional<double> high_precision;
  std::optional<double> medium_precision;
  std::optional<int64_t> high_cases_per_township;
  std::optional<int64_t> medium_cases_per_township;
  int cv_folds = 0;  // 0 = no k-fold cross-validation; else 2..10
  // A registry feature set ("fs<N>"); empty = the configured one.
  std::string feature_set_version;
  ValidationMethod validation = ValidationMethod::kLaterSnapshot;
  int validation_folds = 5;     // kKFold: 2..10
  double held_out_share = 0.2;  // kHeldOut: 0.05..0.5 of the students
  // Save a candidate whose validation rows hold no dropout (its AUC is
  // unknown); refused otherwise.
  bool allow_no_validation_dropouts = false;
};

// The data staff's configuration (ServerConfig.training): the feature set and
// the default training dates.
struct TrainingDefaults {
  store::FeatureSet features;  // empty features = the catalogue over the view
  // Where labels come from, for the report: the enrolment events or the
  // configured label relation (training.label_relation).
  std::string label_source = "enrolment events (baoxue.training_examples)";
  std::vector<absl::CivilDay> training_as_of;
  // Spacing of the default training dates before the validation date.
  int default_spacing_days = 30;
  int default_snapshots = 3;
  // No snapshot as of a day before this (limits.data_start_date).
  absl::CivilDay data_start_floor = kDefaultDataStartFloor;
};

struct TrainingProgress {
  std::string stage;  // load, train, evaluate, save, done
  double fraction = 0;
  std::string message;
};

// Called after each step; return false to cancel (CANCELLED, nothing saved).
using ProgressCallback = std::function<bool(const TrainingProgress&)>;

// The training job of issue 3: loads labelled snapshots at several as-of
// dates with the configured feature set, fits the L2-regularised logistic
// regression of model/trainer.h on the stacked training snapshots, evaluates
// on the later validation snapshot (temporal validation) and saves the result
// as a candidate version. Never activates.
//
// Thread-safe (const); does not own its collaborators.
// Errors: PERMISSION_DENIED unless DATA_STAFF; INVALID_ARGUMENT naming the
// field (bad dates, horizon, penalty, weight); FAILED_PRECONDITION when the
// data cannot train a model (no positive labels, a constant or missing-only
// feature, separable data without a penalty, non-finite values); CANCELLED;
// UNAVAILABLE; INTERNAL.
class TrainingJob {
 public:
  // `feature_sets` (may be null) resolves request.feature_set_version and
  // names a failing expression. `track_record` (may be null) back-tests each
  // candidate on the caller's past due risk runs (back_test.h); a back-test
  // that cannot run is noted in the report, never fails the training.
  TrainingJob(store::TrainingDataStore* data, store::ModelStore* models,
              TrainingDefaults defaults,
              store::FeatureSetStore* feature_sets = nullptr,
              const TrackRecordReader* track_record = nullptr);

  absl::StatusOr<store::ModelRecord> Run(
      const Caller& caller, const TrainingJobRequest& request,
      const ProgressCallback& progress) const;

  const store::FeatureSet& feature_set() const { return defaults_.features; }

 private:
  absl::StatusOr<store::FeatureSet> FeatureSetOf(
      const TrainingJobRequest& request) const;
  absl::StatusOr<store::LabelledSnapshot> Load(
      const store::FeatureSet& features, absl::CivilDay as_of,
      int horizon_days) const;

  store::TrainingDataStore* data_;
  store::ModelStore* models_;
  TrainingDefaults defaults_;
  store::FeatureSetStore* feature_sets_;
  const TrackRecordReader* track_record_;
};

// The default feature set: every catalogue feature, expression = its column
// of baoxue.student_features($1::date).
store::FeatureSet CatalogueFeatureSet();

// training.fairness_groups as store columns; INVALID_ARGUMENT naming the
// entry unless each is features.<column> or students.<column>.
absl::StatusOr<std::vector<store::FairnessColumn>> FairnessColumnsFromConfig(
    const baoxue::v1::TrainingConfig& config);

// The defaults from ServerConfig.training; INVALID_ARGUMENT naming the field
// if a date does not parse or the feature set is invalid.
absl::StatusOr<TrainingDefaults> TrainingDefaultsFromConfig(
    const baoxue::v1::TrainingConfig& config);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TRAINING_JOB_H_

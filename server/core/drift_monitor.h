#ifndef BAOXUE_SERVER_CORE_DRIFT_MONITOR_H_
#define BAOXUE_SERVER_CORE_DRIFT_MONITOR_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/config.pb.h"
#include "domain/vocabulary.h"
#include "model/drift.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/core/model_holder.h"
#include "server/store/drift_store.h"

namespace baoxue::core {

// ServerConfig.drift, checked (docs/models.md, "Drift").
struct DriftSettings {
  double moderate_psi = 0.1;
  double major_psi = 0.25;
  bool enabled = true;
  std::vector<std::string> channels;  // notify channels reaching data staff
};

// INVALID_ARGUMENT naming the field: thresholds not finite and positive,
// major not above moderate, or a channel that notify.channels lacks.
// Without drift.channels: every FILE channel and every full_detail WEBHOOK.
absl::StatusOr<DriftSettings> DriftSettingsFromConfig(
    const baoxue::v1::ServerConfig& config);

// The level of a PSI under the thresholds (at a threshold counts as past).
domain::DriftLevel DriftLevelOf(double psi, const DriftSettings& settings);

// The references a model keeps from its training rows: one per feature
// (columns of `values`, named by `names`) and one for `scores`. A column
// whose reference cannot be built (every value missing) is left out.
std::vector<store::FeatureDriftReference> BuildTrainingReferences(
    const std::vector<std::string>& names,
    const Eigen::Ref<const Eigen::MatrixXd>& values,
    const Eigen::Ref<const Eigen::VectorXd>& scores);

// The rows past the major threshold.
std::vector<store::DriftRow> MajorRows(const std::vector<store::DriftRow>& rows,
                                       const DriftSettings& settings);

// The pushed message (a JSON object, docs/notifications.md): kind
// "model_drift", role data_staff, the version, day and each crossed
// feature's figures, title_zh, text_zh and text_en like the case messages.
// Aggregates only: nothing about a student.
std::string DriftMessagePayload(const std::vector<store::DriftRow>& crossed,
                                const DriftSettings& settings);

// One pass over a day's rows of the active model: rows arrive in chunks
// (model input columns in model order, and their scores) and are counted
// into the references' bins. Inputs without a reference are skipped.
// Not thread-safe: one thread adds, then another may read after joining.
class DriftPass {
 public:
  DriftPass(const std::vector<std::string>& input_names,
            const std::vector<store::FeatureDriftReference>& references);

  void AddRows(const Eigen::Ref<const Eigen::MatrixXd>& inputs,
               const Eigen::Ref<const Eigen::VectorXd>& scores);

  int64_t rows() const { return rows_; }
  // One row per referenced input and the score; empty if no row was added.
  std::vector<store::DriftRow> Rows(const std::string& version,
                                    absl::CivilDay day,
                                    domain::DriftSource source) const;

 private:
  std::vector<std::pair<Eigen::Index, std::string>> columns_;
  std::vector<model::DriftAccumulator> features_;  // parallel to columns_
  std::optional<model::DriftAccumulator> score_;
  int64_t rows_ = 0;
};

// A feature's words in both languages.
struct DriftFeatureWords {
  std::string feature;
  std::string zh;
  std::string en;
};

// What Models.GetDrift answers.
struct DriftReport {
  std::string version;
  bool has_reference = false;
  std::vector<std::string> features;  // referenced, model order; "" = score
  std::vector<store::DriftRow> rows;  // newest day first
  // The active model's words for its inputs; empty for other versions.
  std::vector<DriftFeatureWords> words;
  absl::CivilDay from;
  absl::CivilDay to;
};

// Drift of the active model (issue 13 point 4): passes over the rows that a
// refresh or a run already holds, the day's figures stored with at most one
// push per version, feature and day past the major threshold, and the
// report data staff read. Never stops the work it watches: callers log a
// failed Record and go on (failures() counts them).
//
// Thread-safe. Does not own the store.
// Errors: those of the store; PERMISSION_DENIED for Report unless county
// data staff or admin; INVALID_ARGUMENT for days out of 1..366;
// FAILED_PRECONDITION when no model is active and no version is given.
class DriftMonitor {
 public:
  // `holder` (the active version) and `clock` (today) serve Report; both
  // may be null elsewhere.
  DriftMonitor(store::DriftStore* store, DriftSettings settings,
               const ModelHolder* holder = nullptr,
               const Clock* clock = nullptr)
      : store_(store),
        settings_(std::move(settings)),
        holder_(holder),
        clock_(clock) {}

  const DriftSettings& settings() const { return settings_; }

  // A pass for `model`, or nullptr (OK) when drift is off or the model has
  // no reference (trained before drift).
  absl::StatusOr<std::unique_ptr<DriftPass>> Begin(
      const ActiveModel& model) const;

  // Stores the pass's figures under each of `sources` for `day` and pushes
  // new major crossings. Returns how many features were newly pushed.
  absl::StatusOr<int> Record(
      const ActiveModel& model, const DriftPass& pass, absl::CivilDay day,
      const std::vector<domain::DriftSource>& sources) const;

  // The feature refresh: reads the day's snapshot of `model`'s inputs,
  // scores it and records it as source refresh. OK without a reference.
  absl::StatusOr<int> RecordSnapshot(const ActiveModel& model,
                                     absl::CivilDay day) const;

  // `days` (0 = 14) days up to today in the county of `version` (empty =
  // the active model's).
  absl::StatusOr<DriftReport> Report(const Caller& caller,
                                     const std::string& version,
                                     int days) const;

  // The newest day's PSI per feature of `version` (metrics); empty on error.
  std::vector<store::DriftRow> Latest(const std::string& version) const;

  void CountFailure() const { failures_.fetch_add(1); }
  int64_t failures() const { return failures_.load(); }

 private:
  absl::StatusOr<std::vector<store::FeatureDriftReference>> References(
      const std::string& version) const;

  store::DriftStore* store_;
  const DriftSettings settings_;
  const ModelHolder* holder_;
  const Clock* clock_;
  mutable std::atomic<int64_t> failures_{0};
  mutable absl::Mutex mu_;
  // References per version: immutable once stored.
  mutable std::map<std::string, std::vector<store::FeatureDriftReference>>
      references_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_DRIFT_MONITOR_H_

#ifndef BAOXUE_SERVER_CORE_TRAINING_REPORT_H_
#define BAOXUE_SERVER_CORE_TRAINING_REPORT_H_

// The training report: one self-contained HTML file (inline CSS and SVG, no
// scripts, no network) with Chinese and English labels, for county staff and
// reviewers of a model version. Sections: summary (version, training window,
// row counts), metrics of the model beside the baselines, ROC / PR /
// calibration plots, operating points (top k%, tiers), thresholds and how
// they were chosen, cross-validation, the fairness table with flagged gaps,
// and the coefficients with their meaning in plain words.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baoxue/v1/model.pb.h"
#include "model/evaluation.h"
#include "model/fairness.h"
#include "model/thresholds.h"
#include "model/validation.h"
#include "server/core/back_test.h"
#include "server/core/drift_monitor.h"

namespace baoxue::core {

// Everything the report shows. Only `params` and `model` are required;
// optional parts that are empty are left out of the report (with a line
// saying so, so a reader knows they were not run rather than passed).
struct TrainingReportInput {
  std::string model_version;    // e.g. "v3"
  std::string trained_by;       // e.g. "token 4"; may be empty
  std::string county;           // e.g. "示例县 (demo county)"; may be empty
  std::string generated_at;     // e.g. "2026-03-10 14:02 CST"
  std::string training_window;  // e.g. "as-of 2025-09-01 … 2025-11-01"
  std::string validation_window;  // how it was validated, in plain words
  // Shown prominently at the top: overlap with training, few dropouts.
  std::vector<std::string> validation_warnings;
  std::string label_source;         // where labels came from; may be empty
  std::string feature_set_version;  // "fs<N>"; may be empty
  // The words of each feature ("meaning" column); catalogue words, then
  // the name, where a feature has none.
  std::vector<baoxue::v1::FeatureDefinition> features;
  int horizon_days = 0;  // label horizon; 0 = not shown
  int64_t training_rows = 0;
  int64_t training_positives = 0;
  int iterations = 0;         // Newton steps; 0 = not shown
  double gradient_norm = -1;  // at the solution; < 0 = not shown
  double positive_class_weight = 1;

  baoxue::v1::ModelParams params;  // coefficients, feature spec, thresholds
  model::Evaluation model;         // the model on the validation rows
  std::vector<model::BaselineEvaluation> baselines;
  std::optional<model::ThresholdChoice> threshold_choice;
  std::optional<model::CrossValidation> cross_validation;
  std::optional<model::FairnessAudit> fairness;
  // The back-test on past due risk runs beside the figures the runs' own
  // model realised (back_test.h); none: `back_test_note` says why.
  std::vector<BackTestRow> back_test;
  std::string back_test_note;
};

// Renders the report. Every caller-supplied string is HTML-escaped; numbers
// are printed with fixed precision (NaN as "—"). Never fails: a report with
// missing parts says which parts are missing. Thread-safe (pure).
std::string RenderTrainingReport(const TrainingReportInput& input);

// The drift section shown with a stored report when it is read (the figures
// come after training, docs/models.md "Drift"): one row per feature and the
// score, one column per day (a run's figure, else the refresh's), PSI with
// its level, and what the levels mean. A model without a reference says to
// retrain. Thread-safe (pure).
std::string RenderDriftSection(const DriftReport& report,
                               const DriftSettings& settings);

// `html` with `section` inserted before its closing </body> (appended if it
// has none).
std::string InsertSection(std::string html, const std::string& section);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TRAINING_REPORT_H_

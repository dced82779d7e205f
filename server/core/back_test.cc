#include "server/core/back_test.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "model/metrics.h"

namespace baoxue::core {
namespace {

std::optional<double> Known(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<double> Ratio(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::string Json(const std::optional<double>& value) {
  return value.has_value() ? absl::StrFormat("%.6g", *value) : "null";
}

}  // namespace

BackTestRow BackTestOnRun(const RunTrackRecord& run,
                          const store::RunLabels& labels,
                          const std::vector<int64_t>& candidate_ids,
                          const Eigen::VectorXd& candidate_scores) {
  BackTestRow row;
  row.run_id = run.run.run_id;
  row.as_of = run.run.as_of;
  row.run_model_version = run.run.model_version;
  row.horizon_days = run.horizon_days;
  // Students in both, by a merge of the two ascending id lists.
  std::vector<double> run_scores, scores, dropped;
  std::vector<bool> run_flagged;
  size_t j = 0;
  for (size_t i = 0; i < labels.student_ids.size(); ++i) {
    while (j < candidate_ids.size() && candidate_ids[j] < labels.student_ids[i])
      ++j;
    if (j == candidate_ids.size()) break;
    if (candidate_ids[j] != labels.student_ids[i]) continue;
    run_scores.push_back(labels.probabilities[i]);
    scores.push_back(candidate_scores(static_cast<Eigen::Index>(j)));
    dropped.push_back(labels.dropped_out[i] ? 1.0 : 0.0);
    run_flagged.push_back(IsFlagged(labels.tiers[i]));
  }
  const auto n = static_cast<Eigen::Index>(scores.size());
  row.students = n;
  if (n == 0) return row;
  const Eigen::Map<const Eigen::VectorXd> y(dropped.data(), n);
  row.dropped_out = static_cast<int64_t>(y.sum());
  int64_t run_hits = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!run_flagged[i]) continue;
    ++row.flagged;
    if (dropped[i] > 0) ++run_hits;
  }
  row.flagged_share = static_cast<double>(row.flagged) / n;
  row.run_auc = Known(model::RocAuc(
      Eigen::Map<const Eigen::VectorXd>(run_scores.data(), n), y));
  row.run_precision = Ratio(run_hits, row.flagged);
  row.run_recall = Ratio(run_hits, row.dropped_out);
  row.candidate_auc = Known(
      model::RocAuc(Eigen::Map<const Eigen::VectorXd>(scores.data(), n), y));
  // The candidate's top `flagged` (ties broken by student order, as stable).
  std::vector<Eigen::Index> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(
      order.begin(), order.end(),
      [&](Eigen::Index a, Eigen::Index b) { return scores[a] > scores[b]; });
  int64_t hits = 0;
  for (int64_t k = 0; k < row.flagged; ++k) {
    if (dropped[order[k]] > 0) ++hits;
  }
  row.candidate_precision = Ratio(hits, row.flagged);
  row.candidate_recall = Ratio(hits, row.dropped_out);
  return row;
}

absl::StatusOr<std::vector<BackTestRow>> BackTestCandidate(
    const model::RiskModel& candidate, const store::FeatureSet& features,
    const store::Area& within, const TrackRecordReader& track_record,
    store::TrainingDataStore* data) {
  store::TrackRecordStore* runs = track_record.store();
  BAOXUE_ASSIGN_OR_RETURN(TrackRecord record, track_record.ScheduleWithin(
                                                  within, kMaxBackTestRuns));
  std::vector<BackTestRow> rows;
  for (const RunTrackRecord& run : record.runs) {
    if (!run.due) continue;
    if (static_cast<int>(rows.size()) == kMaxBackTestRuns) break;
    BAOXUE_ASSIGN_OR_RETURN(store::RunLabels labels,
                            runs->ReadRunLabels(run.run.run_id, WindowOf(run)));
    BAOXUE_ASSIGN_OR_RETURN(
        store::LabelledSnapshot snapshot,
        data->LoadSnapshot(features, run.run.as_of, run.horizon_days));
    const Eigen::VectorXd scores = candidate.Score(snapshot.values);
    rows.push_back(BackTestOnRun(run, labels, snapshot.student_ids, scores));
  }
  return rows;
}

std::string BackTestJson(const std::vector<BackTestRow>& rows) {
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const BackTestRow& r = rows[i];
    absl::StrAppend(
        &out, i == 0 ? "" : ",", "{\"run_id\":", r.run_id, ",\"as_of\":\"",
        absl::FormatCivilTime(r.as_of), "\",\"run_model_version\":\"",
        r.run_model_version, "\",\"horizon_days\":", r.horizon_days,
        ",\"students\":", r.students, ",\"dropped_out\":", r.dropped_out,
        ",\"flagged\":", r.flagged,
        ",\"flagged_share\":", Json(r.flagged_share),
        ",\"run\":{\"auc\":", Json(r.run_auc),
        ",\"precision\":", Json(r.run_precision),
        ",\"recall\":", Json(r.run_recall),
        "},\"candidate\":{\"auc\":", Json(r.candidate_auc),
        ",\"precision\":", Json(r.candidate_precision),
        ",\"recall\":", Json(r.candidate_recall), "}}");
  }
  out += "]";
  return out;
}

}  // namespace baoxue::core

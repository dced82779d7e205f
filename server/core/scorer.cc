#include "server/core/scorer.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "server/core/area_access.h"
#include "server/core/name_mask.h"

namespace baoxue::core {

absl::Status Scorer::CheckBatchSize(size_t count,
                                    absl::string_view field) const {
  if (count == 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is empty"));
  }
  if (count > static_cast<size_t>(limits_.max_batch_size)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " has ", count, " entries; the limit is ",
                     limits_.max_batch_size, " per call"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const ActiveModel>> Scorer::CurrentModel()
    const {
  std::shared_ptr<const ActiveModel> model = models_->Get();
  if (model == nullptr) {
    return absl::UnavailableError(
        "no model is active yet: train and activate one (baoxue model train, "
        "baoxue model activate) or wait for the server to load it");
  }
  return model;
}

absl::StatusOr<absl::CivilDay> Scorer::ResolveDate(
    std::optional<absl::CivilDay> as_of) const {
  const absl::CivilDay today = LocalDay(clock_->Now());
  if (!as_of.has_value()) return today;
  if (*as_of > today) {
    return absl::InvalidArgumentError(absl::StrCat(
        "as_of_date ", absl::FormatCivilTime(*as_of), " is in the future"));
  }
  // The floor alone refuses the absurd dates without a read.
  BAOXUE_RETURN_IF_ERROR(
      CheckNotBeforeDataStart("as_of_date", *as_of, limits_.data_start_floor));
  BAOXUE_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> first,
                          first_school_day_.Get());
  if (first.has_value()) {
    BAOXUE_RETURN_IF_ERROR(CheckNotBeforeDataStart(
        "as_of_date", *as_of, std::max(limits_.data_start_floor, *first)));
  }
  return *as_of;
}

int Scorer::ResolveMaxReasons(int max_reasons,
                              const ActiveModel& active) const {
  if (max_reasons <= 0) return limits_.default_max_reasons;
  return std::min<int>(max_reasons, active.model->spec().size());
}

absl::StatusOr<store::StudentFeatureRows> Scorer::ReadStudents(
    const Caller& caller, const ActiveModel& active,
    absl::Span<const int64_t> student_ids, absl::CivilDay as_of) const {
  return replica_.Read(caller, features_, [&](store::FeatureStore& features) {
    if (active.feature_set != nullptr) {
      return features.SetFeaturesOfStudents(*active.feature_set, student_ids,
                                            as_of);
    }
    return features.FeaturesOfStudents(student_ids, as_of);
  });
}

absl::StatusOr<store::StudentFeatureRows> Scorer::ReadArea(
    const Caller& caller, const ActiveModel& active, const store::Area& area,
    absl::CivilDay as_of) const {
  return replica_.Read(caller, features_, [&](store::FeatureStore& features) {
    if (active.feature_set != nullptr) {
      return features.SetFeaturesInArea(*active.feature_set, area, as_of);
    }
    return features.FeaturesInArea(area, as_of);
  });
}

RiskScore Scorer::Explain(const ActiveModel& active, const Eigen::MatrixXd& raw,
                          Eigen::Index row, double probability,
                          absl::CivilDay as_of, int max_reasons) const {
  const model::RiskModel& model = *active.model;
  RiskScore score;
  score.probability = probability;
  score.tier = model.TierOf(probability);
  score.model_version = active.version;
  score.as_of = as_of;
  for (const model::RiskModel::Contribution& c :
       model.Explain(raw.row(row), max_reasons)) {
    const baoxue::v1::FeatureDefinition& feature =
        active.definitions[static_cast<size_t>(c.feature)];
    if (c.imputed) {
      score.missing_features.push_back(feature.name());
    } else {
      score.reasons.push_back({feature.name(), c.value, c.contribution,
                               DescribeReason(feature, c.value)});
    }
  }
  return score;
}

absl::Status Scorer::CheckMayScoreStudents(const Caller& caller) {
  return RequireRole(caller,
                     {store::CallerRole::kSystem, store::CallerRole::kOfficial,
                      store::CallerRole::kAdmin},
                     "score students or list their risks");
}

absl::Status Scorer::CheckMayScoreRows(const Caller& caller) {
  return RequireRole(caller,
                     {store::CallerRole::kSystem, store::CallerRole::kOfficial,
                      store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
                     "score feature rows");
}

absl::StatusOr<std::vector<StudentScore>> Scorer::ScoreStudents(
    const Caller& caller, absl::Span<const int64_t> student_ids,
    std::optional<absl::CivilDay> as_of, int max_reasons) const {
  BAOXUE_RETURN_IF_ERROR(CheckMayScoreStudents(caller));
  BAOXUE_RETURN_IF_ERROR(CheckBatchSize(student_ids.size(), "student_ids"));
  BAOXUE_ASSIGN_OR_RETURN(absl::CivilDay day, ResolveDate(as_of));
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const ActiveModel> active,
                          CurrentModel());
  BAOXUE_ASSIGN_OR_RETURN(store::StudentFeatureRows rows,
                          ReadStudents(caller, *active, student_ids, day));
  const Eigen::VectorXd probabilities = active->model->Score(rows.values);
  const int reasons = ResolveMaxReasons(max_reasons, *active);

  absl::flat_hash_map<int64_t, Eigen::Index> row_of;
  for (Eigen::Index i = 0; i < rows.size(); ++i) {
    row_of[rows.student_ids[i]] = i;
  }
  std::vector<StudentScore> results;
  results.reserve(student_ids.size());
  for (int64_t id : student_ids) {
    StudentScore result;
    result.student_id = id;
    auto it = row_of.find(id);
    if (it == row_of.end() ||
        !caller.CanSeeVillage(rows.village_codes[it->second])) {
      result.status = StudentScore::Status::kNotFound;
    } else {
      const Eigen::Index i = it->second;
      result.status = StudentScore::Status::kScored;
      result.township_code = rows.township_codes[i];
      result.school_id = rows.school_ids[i];
      result.score =
          Explain(*active, rows.values, i, probabilities(i), day, reasons);
    }
    results.push_back(std::move(result));
  }
  return results;
}

absl::StatusOr<std::vector<StudentScore>> Scorer::ScoreStudentsByNumber(
    const Caller& caller, absl::Span<const std::string> student_numbers,
    std::optional<absl::CivilDay> as_of, int max_reasons) const {
  BAOXUE_RETURN_IF_ERROR(CheckMayScoreStudents(caller));
  BAOXUE_RETURN_IF_ERROR(
      CheckBatchSize(student_numbers.size(), "student_numbers"));
  BAOXUE_ASSIGN_OR_RETURN(std::vector<store::StudentKey> keys,
                          directory_->StudentKeys(student_numbers));
  // keys[i] is scored as ids[i]: ScoreStudents answers in request order.
  absl::flat_hash_map<std::string, size_t> key_at;
  std::vector<int64_t> ids;
  for (size_t i = 0; i < keys.size(); ++i) {
    key_at[keys[i].student_number] = i;
    ids.push_back(keys[i].student_id);
  }
  BAOXUE_ASSIGN_OR_RETURN(std::vector<StudentScore> scored,
                          ScoreStudents(caller, ids, as_of, max_reasons));
  std::vector<StudentScore> results;
  results.reserve(student_numbers.size());
  for (const std::string& number : student_numbers) {
    auto at = key_at.find(number);
    StudentScore result;  // kNotFound unless the number is known
    if (at != key_at.end()) {
      result = scored[at->second];
      if (result.status == StudentScore::Status::kScored) {
        result.school_code = keys[at->second].school_code;
      }
    }
    result.student_number = number;  // as asked
    results.push_back(std::move(result));
  }
  return results;
}

absl::StatusOr<std::vector<RiskScore>> Scorer::ScoreFeatureRows(
    const ActiveModel& active, const Eigen::MatrixXd& raw,
    int max_reasons) const {
  BAOXUE_RETURN_IF_ERROR(CheckBatchSize(raw.rows(), "rows"));
  if (raw.cols() != active.model->spec().size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("rows have ", raw.cols(), " features; model ",
                     active.version, " takes ", active.model->spec().size()));
  }
  const absl::CivilDay today = LocalDay(clock_->Now());
  const Eigen::VectorXd probabilities = active.model->Score(raw);
  const int reasons = ResolveMaxReasons(max_reasons, active);
  std::vector<RiskScore> scores;
  scores.reserve(raw.rows());
  for (Eigen::Index i = 0; i < raw.rows(); ++i) {
    scores.push_back(Explain(active, raw, i, probabilities(i), today, reasons));
  }
  return scores;
}

absl::StatusOr<PackedRiskScores> Scorer::ScoreFeatureMatrix(
    const ActiveModel& active, const Eigen::MatrixXd& raw,
    int max_reasons) const {
  BAOXUE_RETURN_IF_ERROR(CheckBatchSize(raw.rows(), "rows"));
  const model::RiskModel& model = *active.model;
  if (raw.cols() != model.spec().size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("rows have ", raw.cols(), " features; model ",
                     active.version, " takes ", model.spec().size()));
  }
  PackedRiskScores out;
  out.model_version = active.version;
  out.as_of = LocalDay(clock_->Now());
  // Whole-matrix products; row-major copies so that a row is contiguous and
  // ExplainRow reads it without a per-row temporary.
  out.probabilities = model.Score(raw);
  using RowMajor =
      Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const RowMajor values = raw;
  const RowMajor contributions = model.Contributions(raw);
  const int reasons = ResolveMaxReasons(max_reasons, active);
  const Eigen::Index rows = raw.rows();
  out.tiers.reserve(static_cast<size_t>(rows));
  out.reason_offsets.reserve(static_cast<size_t>(rows) + 1);
  out.reason_features.reserve(static_cast<size_t>(rows * reasons));
  out.reason_contributions.reserve(static_cast<size_t>(rows * reasons));
  std::vector<model::RiskModel::Contribution> row_reasons;
  row_reasons.reserve(model.spec().names().size());
  for (Eigen::Index i = 0; i < rows; ++i) {
    out.tiers.push_back(model.TierOf(out.probabilities(i)));
    out.reason_offsets.push_back(static_cast<int>(out.reason_features.size()));
    model.ExplainRow(values.row(i), contributions.row(i), reasons,
                     &row_reasons);
    for (const model::RiskModel::Contribution& c : row_reasons) {
      if (c.imputed) continue;  // callers send every feature
      out.reason_features.push_back(c.feature);
      out.reason_contributions.push_back(c.contribution);
    }
  }
  out.reason_offsets.push_back(static_cast<int>(out.reason_features.size()));
  return out;
}

absl::Status Scorer::AreaTooLarge(const store::Area& area,
                                  int64_t students) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "area ", area.division_code, " has ", students,
      " students; one list scores at most ", limits_.max_area_students,
      " (ask for a township or village)"));
}

absl::StatusOr<AreaRiskList> Scorer::TopRisks(
    const Caller& caller, absl::string_view area_code,
    std::optional<absl::CivilDay> as_of, int limit, int max_reasons) const {
  BAOXUE_RETURN_IF_ERROR(CheckMayScoreStudents(caller));
  if (limit < 0 || limit > limits_.max_list_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be between 0 and ", limits_.max_list_size));
  }
  if (limit == 0) limit = 20;
  BAOXUE_ASSIGN_OR_RETURN(absl::CivilDay day, ResolveDate(as_of));
  AreaRiskList list;
  BAOXUE_ASSIGN_OR_RETURN(list.area,
                          ResolveArea(caller, area_code, *directory_));
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const ActiveModel> active,
                          CurrentModel());
  // Counted before the area's rows are read: an oversized area costs one
  // count, not a load of every student's features.
  BAOXUE_ASSIGN_OR_RETURN(const int64_t students,
                          directory_->CountStudentsInArea(list.area));
  if (students > limits_.max_area_students) {
    return AreaTooLarge(list.area, students);
  }
  BAOXUE_ASSIGN_OR_RETURN(store::StudentFeatureRows rows,
                          ReadArea(caller, *active, list.area, day));
  if (rows.size() > limits_.max_area_students) {
    return AreaTooLarge(list.area, rows.size());
  }
  list.students_scored = rows.size();
  const Eigen::VectorXd probabilities = active->model->Score(rows.values);

  std::vector<Eigen::Index> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  const auto top = std::min<Eigen::Index>(limit, rows.size());
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](Eigen::Index a, Eigen::Index b) {
                      return probabilities(a) > probabilities(b);
                    });
  order.resize(top);

  std::vector<int64_t> top_ids;
  for (Eigen::Index i : order) top_ids.push_back(rows.student_ids[i]);
  BAOXUE_ASSIGN_OR_RETURN(std::vector<store::StudentProfile> profiles,
                          directory_->Profiles(top_ids));
  absl::flat_hash_map<int64_t, const store::StudentProfile*> profile_of;
  for (const store::StudentProfile& p : profiles) profile_of[p.student_id] = &p;

  const int reasons = ResolveMaxReasons(max_reasons, *active);
  for (Eigen::Index i : order) {
    AtRiskStudent student;
    student.student_id = rows.student_ids[i];
    if (auto it = profile_of.find(student.student_id); it != profile_of.end()) {
      student.masked_name = MaskName(it->second->name);
      student.grade = it->second->grade;
      student.school_name = it->second->school_name;
      student.village_name = it->second->village_name;
    }
    student.score =
        Explain(*active, rows.values, i, probabilities(i), day, reasons);
    list.students.push_back(std::move(student));
  }
  return list;
}

}  // namespace baoxue::core

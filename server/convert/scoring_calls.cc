#include "server/convert/scoring_calls.h"

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "server/convert/date_field.h"
#include "server/convert/score_convert.h"
#include "server/core/catalogue_feature_names.h"
#include "server/core/feature_rows_builder.h"
#include "server/core/packed_feature_rows.h"

namespace baoxue::convert {
namespace {

using baoxue::v1::StudentError;

void FillStudentScore(const core::StudentScore& result,
                      baoxue::v1::StudentScore* out) {
  out->set_student_id(result.student_id);
  out->set_student_number(result.student_number);
  switch (result.status) {
    case core::StudentScore::Status::kScored:
      out->set_township_code(result.township_code);
      out->set_school_id(result.school_id);
      out->set_school_code(result.school_code);
      ToProto(result.score, out->mutable_score());
      break;
    case core::StudentScore::Status::kNotFound:  // unknown or not ours, alike
      out->mutable_error()->set_code(StudentError::NOT_FOUND);
      out->mutable_error()->set_message("no such student in the caller's area");
      break;
  }
}

absl::Status ScorePackedRows(const core::Scorer& scorer,
                             const baoxue::v1::ScoreFeaturesRequest& request,
                             baoxue::v1::ScoreFeaturesResponse* response) {
  const baoxue::v1::PackedFeatureRows& packed = request.packed_rows();
  const auto& ids = packed.row_ids();
  const std::vector<absl::string_view> names(packed.feature_names().begin(),
                                             packed.feature_names().end());
  // One model for the whole call: a swap meanwhile never mixes with it.
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const core::ActiveModel> active,
                          scorer.CurrentModel());
  BAOXUE_ASSIGN_OR_RETURN(core::PackedFeatureMatrix matrix,
                          core::ReadPackedFeatureRows(
                              "packed_rows", names, packed.values(),
                              [&ids](Eigen::Index r) -> absl::string_view {
                                if (r >= ids.size()) return absl::string_view();
                                return ids[static_cast<int>(r)];
                              },
                              active->inputs));
  if (!ids.empty() && ids.size() != matrix.values.rows()) {
    return absl::InvalidArgumentError(
        absl::StrCat("packed_rows.row_ids has ", ids.size(), " ids for ",
                     matrix.values.rows(), " rows"));
  }
  BAOXUE_RETURN_IF_ERROR(
      scorer.CheckBatchSize(matrix.values.rows(), "packed_rows"));
  BAOXUE_ASSIGN_OR_RETURN(
      core::PackedRiskScores scores,
      scorer.ScoreFeatureMatrix(*active, matrix.values, request.max_reasons()));
  // Reasons point into the caller's columns, not the model's.
  for (int& feature : scores.reason_features) {
    feature = matrix.caller_column[static_cast<size_t>(feature)];
  }
  ToProto(scores, response->mutable_packed_scores());
  return absl::OkStatus();
}

}  // namespace

absl::Status ScoreStudents(const core::Scorer& scorer,
                           const core::Caller& caller,
                           const baoxue::v1::ScoreStudentsRequest& request,
                           baoxue::v1::ScoreStudentsResponse* response) {
  BAOXUE_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> as_of,
                          ParseDateField(request.as_of_date(), "as_of_date"));
  if (!request.student_ids().empty() && !request.student_numbers().empty()) {
    return absl::InvalidArgumentError(
        "student_ids, student_numbers: give one or the other");
  }
  const std::vector<std::string> numbers(request.student_numbers().begin(),
                                         request.student_numbers().end());
  BAOXUE_ASSIGN_OR_RETURN(
      std::vector<core::StudentScore> results,
      numbers.empty() ? scorer.ScoreStudents(caller, request.student_ids(),
                                             as_of, request.max_reasons())
                      : scorer.ScoreStudentsByNumber(caller, numbers, as_of,
                                                     request.max_reasons()));
  for (const core::StudentScore& result : results) {
    FillStudentScore(result, response->add_scores());
  }
  return absl::OkStatus();
}

absl::Status ScoreFeatures(const core::Scorer& scorer,
                           const core::Caller& caller,
                           const baoxue::v1::ScoreFeaturesRequest& request,
                           baoxue::v1::ScoreFeaturesResponse* response) {
  BAOXUE_RETURN_IF_ERROR(core::Scorer::CheckMayScoreRows(caller));
  if (request.has_packed_rows()) {
    if (request.rows_size() > 0) {
      return absl::InvalidArgumentError(
          "rows and packed_rows are both set; send one of them");
    }
    return ScorePackedRows(scorer, request, response);
  }
  BAOXUE_RETURN_IF_ERROR(scorer.CheckBatchSize(request.rows_size(), "rows"));
  // Rows by the active model's feature names (its feature set's inputs).
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const core::ActiveModel> active,
                          scorer.CurrentModel());
  core::FeatureRowsBuilder builder(request.rows_size(), active->inputs);
  for (int i = 0; i < request.rows_size(); ++i) {
    BAOXUE_RETURN_IF_ERROR(
        builder.SetRow(i, request.rows(i).row_id(), request.rows(i).values()));
  }
  BAOXUE_ASSIGN_OR_RETURN(std::vector<core::RiskScore> scores,
                          scorer.ScoreFeatureRows(*active, builder.Release(),
                                                  request.max_reasons()));
  for (int i = 0; i < request.rows_size(); ++i) {
    baoxue::v1::RowScore* out = response->add_scores();
    out->set_row_id(request.rows(i).row_id());
    ToProto(scores[i], out->mutable_score());
  }
  return absl::OkStatus();
}

absl::Status ListFeatures(const core::Scorer& scorer,
                          const core::Caller& caller,
                          const baoxue::v1::ListFeaturesRequest& /*request*/,
                          baoxue::v1::ListFeaturesResponse* response) {
  BAOXUE_RETURN_IF_ERROR(core::Scorer::CheckMayScoreRows(caller));
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const core::ActiveModel> active,
                          scorer.CurrentModel());
  response->set_model_version(active->version);
  response->set_feature_set_version(active->feature_set_version);
  for (size_t j = 0; j < active->definitions.size(); ++j) {
    baoxue::v1::FeatureDefinition* out = response->add_features();
    *out = active->definitions[j];
    out->clear_expression();  // SQL is the data staff's business
    // A catalogue model's definitions carry no words of their own (its
    // reasons use the catalogue's sentences): name what each one measures.
    if (const std::optional<core::CatalogueFeatureName> name =
            core::FindCatalogueFeatureName(out->name());
        name.has_value()) {
      if (out->zh().empty()) out->set_zh(absl::StrCat(name->zh, "：{value}"));
      if (out->en().empty()) out->set_en(absl::StrCat(name->en, ": {value}"));
    }
    const model::FeatureInfo& input = active->inputs[j];
    if (std::isfinite(input.min)) out->set_min(input.min);
    if (std::isfinite(input.max)) out->set_max(input.max);
  }
  return absl::OkStatus();
}

absl::Status ListTopRisks(const core::Scorer& scorer,
                          const core::Caller& caller,
                          const baoxue::v1::ListTopRisksRequest& request,
                          baoxue::v1::ListTopRisksResponse* response) {
  BAOXUE_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> as_of,
                          ParseDateField(request.as_of_date(), "as_of_date"));
  BAOXUE_ASSIGN_OR_RETURN(
      core::AreaRiskList list,
      scorer.TopRisks(caller, request.area_code(), as_of, request.limit(),
                      request.max_reasons()));
  response->set_area_code(list.area.division_code);
  response->set_area_name(list.area.name);
  response->set_students_scored(list.students_scored);
  for (const core::AtRiskStudent& student : list.students) {
    baoxue::v1::AtRiskStudent* out = response->add_students();
    out->set_student_id(student.student_id);
    out->set_masked_name(student.masked_name);
    out->set_grade(student.grade);
    out->set_school_name(student.school_name);
    out->set_village_name(student.village_name);
    ToProto(student.score, out->mutable_score());
  }
  return absl::OkStatus();
}

}  // namespace baoxue::convert

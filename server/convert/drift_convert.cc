#include "server/convert/drift_convert.h"

#include <string>

namespace baoxue::convert {
namespace {

std::string FeatureName(const std::string& feature) {
  return feature == store::kScoreDriftName ? "score" : feature;
}

baoxue::v1::DriftLevel LevelProto(domain::DriftLevel level) {
  switch (level) {
    case domain::DriftLevel::kStable:
      return baoxue::v1::DRIFT_LEVEL_STABLE;
    case domain::DriftLevel::kModerate:
      return baoxue::v1::DRIFT_LEVEL_MODERATE;
    case domain::DriftLevel::kMajor:
      return baoxue::v1::DRIFT_LEVEL_MAJOR;
  }
  return baoxue::v1::DRIFT_LEVEL_UNSPECIFIED;
}

}  // namespace

void ToProto(const core::DriftReport& report,
             const core::DriftSettings& settings,
             baoxue::v1::GetDriftResponse* out) {
  out->set_model_version(report.version);
  out->set_has_reference(report.has_reference);
  for (const std::string& feature : report.features) {
    out->add_features(FeatureName(feature));
  }
  out->set_from_date(absl::FormatCivilTime(report.from));
  out->set_to_date(absl::FormatCivilTime(report.to));
  out->set_moderate_psi(settings.moderate_psi);
  out->set_major_psi(settings.major_psi);
  for (const core::DriftFeatureWords& words : report.words) {
    baoxue::v1::DriftFeatureWords* out_words = out->add_feature_words();
    out_words->set_feature(words.feature);
    out_words->set_zh(words.zh);
    out_words->set_en(words.en);
  }
  for (const store::DriftRow& row : report.rows) {
    baoxue::v1::DriftFigure* figure = out->add_figures();
    figure->set_day(absl::FormatCivilTime(row.day));
    figure->set_source(std::string(domain::Code(row.source)));
    figure->set_feature(FeatureName(row.feature));
    figure->set_psi(row.figures.psi);
    figure->set_missing_rate(row.figures.missing_rate);
    figure->set_reference_missing_rate(row.figures.reference_missing_rate);
    figure->set_mean_shift(row.figures.mean_shift);
    figure->set_rows(row.figures.rows);
    figure->set_level(
        LevelProto(core::DriftLevelOf(row.figures.psi, settings)));
  }
}

}  // namespace baoxue::convert

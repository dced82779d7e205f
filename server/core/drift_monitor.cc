#include "server/core/drift_monitor.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/core/catalogue_feature_names.h"
#include "server/core/duties.h"

namespace baoxue::core {
namespace {

constexpr int kReferenceBins = 10;
constexpr int kMaxReportDays = 366;

std::string FeatureLabel(const std::string& feature, domain::Language lang) {
  if (!feature.empty()) return feature;
  return lang == domain::Language::kZh ? "风险分数" : "risk score";
}

}  // namespace

absl::StatusOr<DriftSettings> DriftSettingsFromConfig(
    const baoxue::v1::ServerConfig& config) {
  const baoxue::v1::DriftConfig& drift = config.drift();
  DriftSettings settings;
  if (drift.moderate_psi() != 0) settings.moderate_psi = drift.moderate_psi();
  if (drift.major_psi() != 0) settings.major_psi = drift.major_psi();
  settings.enabled = !drift.has_enabled() || drift.enabled();
  if (!std::isfinite(settings.moderate_psi) || settings.moderate_psi <= 0) {
    return absl::InvalidArgumentError(
        "drift.moderate_psi must be a positive number");
  }
  if (!std::isfinite(settings.major_psi) ||
      settings.major_psi <= settings.moderate_psi) {
    return absl::InvalidArgumentError(
        "drift.major_psi must be a number above drift.moderate_psi");
  }
  std::set<std::string> names;
  for (const baoxue::v1::NotifyChannel& channel : config.notify().channels()) {
    names.insert(channel.name());
    if (drift.channels_size() == 0 &&
        (channel.kind() == baoxue::v1::NotifyChannel::FILE ||
         (channel.kind() == baoxue::v1::NotifyChannel::WEBHOOK &&
          channel.full_detail()))) {
      settings.channels.push_back(channel.name());
    }
  }
  for (int i = 0; i < drift.channels_size(); ++i) {
    if (names.count(drift.channels(i)) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("drift.channels[", i, "]: no notify channel is named '",
                       drift.channels(i), "'"));
    }
    settings.channels.push_back(drift.channels(i));
  }
  return settings;
}

domain::DriftLevel DriftLevelOf(double psi, const DriftSettings& settings) {
  if (psi >= settings.major_psi) return domain::DriftLevel::kMajor;
  if (psi >= settings.moderate_psi) return domain::DriftLevel::kModerate;
  return domain::DriftLevel::kStable;
}

std::vector<store::FeatureDriftReference> BuildTrainingReferences(
    const std::vector<std::string>& names,
    const Eigen::Ref<const Eigen::MatrixXd>& values,
    const Eigen::Ref<const Eigen::VectorXd>& scores) {
  std::vector<store::FeatureDriftReference> references;
  for (Eigen::Index j = 0; j < values.cols() && j < Eigen::Index(names.size());
       ++j) {
    absl::StatusOr<model::DriftReference> reference =
        model::BuildDriftReference(values.col(j), kReferenceBins);
    if (reference.ok()) {
      references.push_back(
          {names[static_cast<size_t>(j)], *std::move(reference)});
    }
  }
  absl::StatusOr<model::DriftReference> score =
      model::BuildDriftReference(scores, kReferenceBins);
  if (score.ok()) {
    references.push_back({store::kScoreDriftName, *std::move(score)});
  }
  return references;
}

std::vector<store::DriftRow> MajorRows(const std::vector<store::DriftRow>& rows,
                                       const DriftSettings& settings) {
  std::vector<store::DriftRow> major;
  for (const store::DriftRow& row : rows) {
    if (DriftLevelOf(row.figures.psi, settings) == domain::DriftLevel::kMajor) {
      major.push_back(row);
    }
  }
  return major;
}

std::string DriftMessagePayload(const std::vector<store::DriftRow>& crossed,
                                const DriftSettings& settings) {
  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  const std::string version =
      crossed.empty() ? std::string() : crossed.front().model_version;
  const std::string day = crossed.empty()
                              ? std::string()
                              : absl::FormatCivilTime(crossed.front().day);
  fields["kind"].set_string_value("model_drift");
  fields["role"].set_string_value(
      std::string(domain::Code(store::CallerRole::kDataStaff)));
  fields["model_version"].set_string_value(version);
  fields["day"].set_string_value(day);
  fields["major_psi"].set_number_value(settings.major_psi);
  std::vector<std::string> lines_zh;
  std::vector<std::string> lines_en;
  auto* list = fields["features"].mutable_list_value();
  for (const store::DriftRow& row : crossed) {
    auto& item = *list->add_values()->mutable_struct_value()->mutable_fields();
    item["feature"].set_string_value(row.feature.empty() ? "score"
                                                         : row.feature);
    item["source"].set_string_value(std::string(domain::Code(row.source)));
    item["psi"].set_number_value(row.figures.psi);
    item["mean_shift"].set_number_value(row.figures.mean_shift);
    item["missing_rate"].set_number_value(row.figures.missing_rate);
    item["reference_missing_rate"].set_number_value(
        row.figures.reference_missing_rate);
    lines_zh.push_back(absl::StrFormat(
        "%s：PSI %.2f，均值偏移 %+.2f 个标准差，缺失率 %.1f%%（训练时 %.1f%%）",
        FeatureLabel(row.feature, domain::Language::kZh), row.figures.psi,
        row.figures.mean_shift, 100 * row.figures.missing_rate,
        100 * row.figures.reference_missing_rate));
    lines_en.push_back(absl::StrFormat(
        "%s: PSI %.2f, mean shift %+.2f sd, missing %.1f%% (training "
        "%.1f%%)",
        FeatureLabel(row.feature, domain::Language::kEn), row.figures.psi,
        row.figures.mean_shift, 100 * row.figures.missing_rate,
        100 * row.figures.reference_missing_rate));
  }
  const std::string title_zh =
      absl::StrCat("模型 ", version, " 数据显著偏移（", day, "）");
  fields["title_zh"].set_string_value(title_zh);
  fields["text_zh"].set_string_value(
      absl::StrCat("**", title_zh, "**\n以下指标与训练数据相比 PSI 达到 ",
                   absl::StrFormat("%.2f", settings.major_psi), " 以上：\n",
                   absl::StrJoin(lines_zh, "\n"),
                   "\n请查看 baoxue model drift，必要时重新训练模型。"));
  fields["text_en"].set_string_value(absl::StrCat(
      "Model ", version, ": major drift on ", day, ". These moved past PSI ",
      absl::StrFormat("%.2f", settings.major_psi),
      " from the training data: ", absl::StrJoin(lines_en, "; "),
      ". See baoxue model drift; retrain if it persists."));
  std::string json;
  // Serialising a Struct of strings and numbers cannot fail.
  (void)google::protobuf::util::MessageToJsonString(payload, &json);
  return json;
}

DriftPass::DriftPass(
    const std::vector<std::string>& input_names,
    const std::vector<store::FeatureDriftReference>& references) {
  for (const store::FeatureDriftReference& reference : references) {
    if (reference.feature == store::kScoreDriftName) {
      score_.emplace(reference.reference);
      continue;
    }
    const auto at =
        std::find(input_names.begin(), input_names.end(), reference.feature);
    if (at == input_names.end()) continue;
    columns_.push_back({at - input_names.begin(), reference.feature});
    features_.emplace_back(reference.reference);
  }
}

void DriftPass::AddRows(const Eigen::Ref<const Eigen::MatrixXd>& inputs,
                        const Eigen::Ref<const Eigen::VectorXd>& scores) {
  for (size_t k = 0; k < columns_.size(); ++k) {
    if (columns_[k].first < inputs.cols()) {
      features_[k].Add(inputs.col(columns_[k].first));
    }
  }
  if (score_.has_value()) score_->Add(scores);
  rows_ += inputs.rows();
}

std::vector<store::DriftRow> DriftPass::Rows(const std::string& version,
                                             absl::CivilDay day,
                                             domain::DriftSource source) const {
  std::vector<store::DriftRow> rows;
  if (rows_ == 0) return rows;
  const auto add = [&](const std::string& feature,
                       const model::DriftAccumulator& accumulator) {
    absl::StatusOr<model::DriftFigures> figures = accumulator.Figures();
    if (figures.ok()) rows.push_back({version, day, source, feature, *figures});
  };
  for (size_t k = 0; k < columns_.size(); ++k) {
    add(columns_[k].second, features_[k]);
  }
  if (score_.has_value()) add(store::kScoreDriftName, *score_);
  return rows;
}

absl::StatusOr<std::vector<store::FeatureDriftReference>>
DriftMonitor::References(const std::string& version) const {
  {
    absl::MutexLock lock(&mu_);
    const auto found = references_.find(version);
    if (found != references_.end()) return found->second;
  }
  BAOXUE_ASSIGN_OR_RETURN(std::vector<store::FeatureDriftReference> loaded,
                          store_->LoadReferences(version));
  absl::MutexLock lock(&mu_);
  references_[version] = loaded;
  return loaded;
}

absl::StatusOr<std::unique_ptr<DriftPass>> DriftMonitor::Begin(
    const ActiveModel& model) const {
  if (!settings_.enabled || model.model == nullptr) {
    return std::unique_ptr<DriftPass>();
  }
  BAOXUE_ASSIGN_OR_RETURN(std::vector<store::FeatureDriftReference> references,
                          References(model.version));
  if (references.empty()) return std::unique_ptr<DriftPass>();
  return std::make_unique<DriftPass>(model.model->spec().names(), references);
}

absl::StatusOr<int> DriftMonitor::Record(
    const ActiveModel& model, const DriftPass& pass, absl::CivilDay day,
    const std::vector<domain::DriftSource>& sources) const {
  store::DriftDay save;
  for (domain::DriftSource source : sources) {
    std::vector<store::DriftRow> rows = pass.Rows(model.version, day, source);
    save.rows.insert(save.rows.end(), rows.begin(), rows.end());
  }
  if (save.rows.empty()) return 0;
  save.major = MajorRows(save.rows, settings_);
  save.channels = settings_.channels;
  save.compose = [this](const std::vector<store::DriftRow>& crossed) {
    return DriftMessagePayload(crossed, settings_);
  };
  return store_->SaveDriftDay(save);
}

absl::StatusOr<int> DriftMonitor::RecordSnapshot(const ActiveModel& model,
                                                 absl::CivilDay day) const {
  BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<DriftPass> pass, Begin(model));
  if (pass == nullptr) return 0;
  BAOXUE_ASSIGN_OR_RETURN(const Eigen::MatrixXd values,
                          store_->ReadSnapshot(day, model.feature_set.get(),
                                               model.model->spec().names()));
  pass->AddRows(values, model.model->Score(values));
  return Record(model, *pass, day, {domain::DriftSource::kRefresh});
}

absl::StatusOr<DriftReport> DriftMonitor::Report(const Caller& caller,
                                                 const std::string& version,
                                                 int days) const {
  BAOXUE_RETURN_IF_ERROR(RequireRole(
      caller, {store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
      "read model drift"));
  if (caller.scope.level != store::AreaLevel::kCounty) {
    return absl::PermissionDeniedError(
        "only county-level data staff and administrators may read model "
        "drift");
  }
  if (days == 0) days = 14;
  if (days < 1 || days > kMaxReportDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("days must be between 1 and ", kMaxReportDays));
  }
  DriftReport report;
  report.version = version;
  std::shared_ptr<const ActiveModel> active =
      holder_ != nullptr ? holder_->Get() : nullptr;
  if (report.version.empty() && active != nullptr) {
    report.version = active->version;
  }
  if (active != nullptr && active->version == report.version) {
    for (const baoxue::v1::FeatureDefinition& d : active->definitions) {
      DriftFeatureWords words{d.name(), d.zh(), d.en()};
      // Catalogue features carry no words of their own.
      if (const auto catalogue = FindCatalogueFeatureName(d.name());
          catalogue.has_value() && words.zh.empty()) {
        words.zh = catalogue->zh;
        words.en = catalogue->en;
      }
      report.words.push_back(std::move(words));
    }
  }
  if (report.version.empty()) {
    return absl::FailedPreconditionError("no model is active: name a version");
  }
  report.to = LocalDay(clock_ != nullptr ? clock_->Now() : absl::Now());
  report.from = report.to - (days - 1);
  BAOXUE_ASSIGN_OR_RETURN(std::vector<store::FeatureDriftReference> references,
                          References(report.version));
  report.has_reference = !references.empty();
  for (const store::FeatureDriftReference& reference : references) {
    report.features.push_back(reference.feature);
  }
  BAOXUE_ASSIGN_OR_RETURN(
      report.rows, store_->ListDrift(report.version, report.from, report.to));
  return report;
}

std::vector<store::DriftRow> DriftMonitor::Latest(
    const std::string& version) const {
  if (version.empty()) return {};
  absl::StatusOr<std::vector<store::DriftRow>> rows =
      store_->LatestDrift(version);
  return rows.ok() ? *std::move(rows) : std::vector<store::DriftRow>();
}

}  // namespace baoxue::core

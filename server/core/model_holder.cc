#include "server/core/model_holder.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace baoxue::core {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Whether the store's catalogue paths compute these definitions.
bool IsCatalogue(const store::StoredModel& stored) {
  if (!stored.feature_relation.empty() &&
      stored.feature_relation != store::kCatalogueRelation) {
    return false;
  }
  const std::vector<std::string> names = model::CatalogFeatureNames();
  if (stored.features.size() != names.size()) return false;
  for (size_t j = 0; j < names.size(); ++j) {
    const baoxue::v1::FeatureDefinition& f = stored.features[j];
    if (f.name() != names[j] || f.expression() != names[j]) return false;
  }
  return true;
}

// A definition's range; a catalogue feature computed as itself keeps the
// catalogue's range (and flag) where the definition sets none.
model::FeatureInfo InputOf(const baoxue::v1::FeatureDefinition& definition) {
  model::FeatureInfo info{definition.name(), -kInfinity, kInfinity, false};
  const model::FeatureInfo* catalogue = model::FindFeature(definition.name());
  if (catalogue != nullptr && (definition.expression().empty() ||
                               definition.expression() == definition.name())) {
    info.min = catalogue->min;
    info.max = catalogue->max;
    info.is_flag = catalogue->is_flag;
  }
  if (definition.has_min()) info.min = definition.min(), info.is_flag = false;
  if (definition.has_max()) info.max = definition.max(), info.is_flag = false;
  return info;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ActiveModel>> BuildActiveModel(
    const store::StoredModel& stored) {
  absl::StatusOr<std::shared_ptr<const model::RiskModel>> built =
      model::RiskModel::Create(stored.params);
  if (!built.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("model ", stored.version,
                     " cannot be built: ", built.status().message()));
  }
  auto active = std::make_shared<ActiveModel>();
  active->version = stored.version;
  active->model = *std::move(built);
  active->feature_set_version = stored.feature_set_version;
  const std::vector<std::string>& names = active->model->spec().names();
  if (stored.features.empty()) {
    if (names != model::CatalogFeatureNames()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "model ", stored.version,
          " has no feature definitions and uses "
          "features (",
          absl::StrJoin(names, ", "), ") other than the catalogue's"));
    }
    for (const std::string& name : names) {
      baoxue::v1::FeatureDefinition definition;
      definition.set_name(name);
      definition.set_expression(name);
      active->definitions.push_back(std::move(definition));
    }
  } else {
    std::vector<std::string> defined;
    for (const baoxue::v1::FeatureDefinition& f : stored.features) {
      defined.push_back(f.name());
    }
    if (defined != names) {
      return absl::FailedPreconditionError(absl::StrCat(
          "model ", stored.version, "'s feature definitions (",
          absl::StrJoin(defined, ", "), ") do not match its inputs (",
          absl::StrJoin(names, ", "), ")"));
    }
    active->definitions = stored.features;
    if (!IsCatalogue(stored)) {
      auto source = std::make_shared<store::FeatureSetSource>();
      source->set.relation = stored.feature_relation.empty()
                                 ? std::string(store::kCatalogueRelation)
                                 : stored.feature_relation;
      source->set.features = stored.features;
      source->set.version = stored.feature_set_version;
      source->key = stored.feature_set_version.empty()
                        ? absl::StrCat("model ", stored.version)
                        : stored.feature_set_version;
      active->feature_set = std::move(source);
    }
  }
  for (const baoxue::v1::FeatureDefinition& definition : active->definitions) {
    active->inputs.push_back(InputOf(definition));
  }
  return std::shared_ptr<const ActiveModel>(std::move(active));
}

absl::Status InstallStoredModel(const store::StoredModel& stored,
                                ModelHolder& holder) {
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const ActiveModel> active,
                          BuildActiveModel(stored));
  holder.Set(std::move(active));
  return absl::OkStatus();
}

absl::Status InstallModel(const std::string& version,
                          const baoxue::v1::ModelParams& params,
                          ModelHolder& holder) {
  store::StoredModel stored;
  stored.version = version;
  stored.params = params;
  return InstallStoredModel(stored, holder);
}

absl::Status RefreshActiveModel(store::ModelStore& store, ModelHolder& holder) {
  absl::MutexLock lock(&holder.refresh_mutex());
  BAOXUE_ASSIGN_OR_RETURN(store::StoredModel stored, store.LoadActiveModel());
  std::shared_ptr<const ActiveModel> current = holder.Get();
  if (current != nullptr && current->version == stored.version) {
    return absl::OkStatus();
  }
  return InstallStoredModel(stored, holder);
}

}  // namespace baoxue::core

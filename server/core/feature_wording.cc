#include "server/core/feature_wording.h"

namespace baoxue::core {

std::shared_ptr<const FeatureWording::Definitions>
FeatureWording::DefinitionsOf(const std::string& model_version) const {
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(model_version);
    if (it != cache_.end()) return it->second;
  }
  std::shared_ptr<const Definitions> definitions;
  std::shared_ptr<const ActiveModel> active =
      holder_ != nullptr ? holder_->Get() : nullptr;
  if (active != nullptr && active->version == model_version) {
    definitions = std::make_shared<const Definitions>(active->definitions);
  } else if (models_ != nullptr) {
    absl::StatusOr<store::ModelRecord> record =
        models_->GetModel(model_version);
    if (!record.ok()) return nullptr;  // catalogue words; retried next time
    definitions = std::make_shared<const Definitions>(record->features);
  } else {
    return nullptr;
  }
  absl::MutexLock lock(&mu_);
  cache_[model_version] = definitions;
  return definitions;
}

ReasonText FeatureWording::Describe(const std::string& model_version,
                                    const std::string& feature,
                                    double value) const {
  std::shared_ptr<const Definitions> definitions = DefinitionsOf(model_version);
  if (definitions != nullptr) {
    for (const baoxue::v1::FeatureDefinition& definition : *definitions) {
      if (definition.name() == feature) {
        return DescribeReason(definition, value);
      }
    }
  }
  return DescribeReason(feature, value);
}

}  // namespace baoxue::core

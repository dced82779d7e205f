#include "server/core/model_holder.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/feature_catalog.h"

namespace baoxue::core {

absl::Status InstallModel(const std::string& version,
                          const baoxue::v1::ModelParams& params,
                          ModelHolder& holder) {
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const model::RiskModel> model,
                          model::RiskModel::Create(params));
  // Feature rows come from the store in catalogue order.
  if (model->spec().names() != model::CatalogFeatureNames()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "model ", version, " uses features other than the catalogue's"));
  }
  holder.Set(std::make_shared<const ActiveModel>(
      ActiveModel{version, std::move(model)}));
  return absl::OkStatus();
}

absl::Status RefreshActiveModel(store::ModelStore& store, ModelHolder& holder) {
  absl::MutexLock lock(&holder.refresh_mutex());
  BAOXUE_ASSIGN_OR_RETURN(store::StoredModel stored, store.LoadActiveModel());
  std::shared_ptr<const ActiveModel> current = holder.Get();
  if (current != nullptr && current->version == stored.version) {
    return absl::OkStatus();
  }
  return InstallModel(stored.version, stored.params, holder);
}

}  // namespace baoxue::core

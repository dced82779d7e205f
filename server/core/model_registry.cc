#include "server/core/model_registry.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "model/logistic_model.h"
#include "server/core/duties.h"

namespace baoxue::core {
namespace {

// A model serves the whole county: only county-level data staff manage it.
absl::Status RequireDataStaff(const Caller& caller, absl::string_view action) {
  return RequireCountyDataStaff(caller, action);
}

absl::Status RequireVersion(const std::string& version,
                            absl::string_view field) {
  if (version.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must name a model version, e.g. v3"));
  }
  return absl::OkStatus();
}

std::string AucText(const std::optional<double>& auc) {
  return auc.has_value() ? absl::StrFormat("%.4f", *auc) : "unknown";
}

}  // namespace

absl::Status CheckBetterThanChance(const store::ModelRecord& target) {
  if (target.validation_auc.has_value() &&
      !(*target.validation_auc > kChanceAuc)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "model ", target.version, "'s validation AUC (",
        AucText(target.validation_auc),
        ") is no better than chance; it cannot be activated, even with "
        "force"));
  }
  return absl::OkStatus();
}

absl::Status CheckScorable(const store::ModelRecord& record) {
  store::StoredModel stored;
  stored.version = record.version;
  stored.params = record.params;
  stored.features = record.features;
  stored.feature_relation = record.feature_relation;
  stored.feature_set_version = record.feature_set_version;
  return BuildActiveModel(stored).status();
}

absl::StatusOr<std::vector<store::ModelRecord>> ModelRegistry::List(
    const Caller& caller) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "list models"));
  return store_->ListModels();
}

absl::StatusOr<ModelWithReport> ModelRegistry::Get(const Caller& caller,
                                                   const std::string& version,
                                                   bool include_report) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "read models"));
  BAOXUE_RETURN_IF_ERROR(RequireVersion(version, "version"));
  ModelWithReport result;
  BAOXUE_ASSIGN_OR_RETURN(result.model, store_->GetModel(version));
  if (include_report && result.model.has_report) {
    BAOXUE_ASSIGN_OR_RETURN(result.report_html, store_->GetReport(version));
  }
  return result;
}

absl::StatusOr<ModelComparison> ModelRegistry::Compare(
    const Caller& caller, const std::string& version,
    const std::string& other_version) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "compare models"));
  BAOXUE_RETURN_IF_ERROR(RequireVersion(version, "version"));
  ModelComparison comparison;
  BAOXUE_ASSIGN_OR_RETURN(comparison.model, store_->GetModel(version));
  if (other_version.empty()) {
    BAOXUE_ASSIGN_OR_RETURN(store::StoredModel active,
                            store_->LoadActiveModel());
    BAOXUE_ASSIGN_OR_RETURN(comparison.other, store_->GetModel(active.version));
  } else {
    BAOXUE_ASSIGN_OR_RETURN(comparison.other, store_->GetModel(other_version));
  }
  absl::flat_hash_map<std::string, size_t> index;
  const auto add = [&](const baoxue::v1::ModelParams& params, bool other) {
    for (int j = 0; j < params.features_size(); ++j) {
      const std::string& name = params.features(j).name();
      auto [it, inserted] =
          index.try_emplace(name, comparison.coefficients.size());
      if (inserted) comparison.coefficients.push_back({name, {}, {}});
      CoefficientPair& pair = comparison.coefficients[it->second];
      if (j < params.weights_size()) {
        (other ? pair.other_weight : pair.weight) = params.weights(j);
      }
    }
  };
  add(comparison.model.params, false);
  add(comparison.other.params, true);
  if (comparison.model.validation_auc.has_value() &&
      comparison.other.validation_auc.has_value()) {
    comparison.auc_difference =
        *comparison.model.validation_auc - *comparison.other.validation_auc;
  }
  return comparison;
}

absl::StatusOr<store::ActivationResult> ModelRegistry::Activate(
    const Caller& caller, const std::string& version, bool force) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "activate models"));
  BAOXUE_RETURN_IF_ERROR(RequireVersion(version, "version"));
  store::ActivationRequest request;
  request.version = version;
  request.forced = force;
  request.activated_by = caller.Describe();
  BAOXUE_ASSIGN_OR_RETURN(
      store::ActivationResult result,
      store_->ActivateModel(
          request,
          [force](const store::ModelRecord& target,
                  const store::ModelRecord* active) -> absl::Status {
            BAOXUE_RETURN_IF_ERROR(CheckScorable(target));
            BAOXUE_RETURN_IF_ERROR(CheckBetterThanChance(target));
            if (force) return absl::OkStatus();
            // Without force the target must have a validation AUC, also when
            // the active model has none (it never switches the guard off).
            if (!target.validation_auc.has_value()) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "model ", target.version,
                  "'s validation AUC is unknown; set force to activate it "
                  "anyway"));
            }
            if (active == nullptr || !active->validation_auc.has_value()) {
              return absl::OkStatus();
            }
            if (*target.validation_auc < *active->validation_auc) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "model ", target.version, "'s validation AUC (",
                  AucText(target.validation_auc), ") is below the active ",
                  active->version, "'s (", AucText(active->validation_auc),
                  "); set force to activate it anyway"));
            }
            return absl::OkStatus();
          }));
  LogInfo(absl::StrCat(
      "model ", result.version, " activated", force ? " (forced)" : "", " by ",
      caller.Describe(),
      result.previous_version.empty()
          ? ""
          : absl::StrCat(", ", result.previous_version, " retired")));
  InstallLocally(result.version);
  return result;
}

absl::StatusOr<store::ActivationResult> ModelRegistry::Rollback(
    const Caller& caller) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "roll back models"));
  store::ActivationRequest request;
  request.rollback = true;
  request.activated_by = caller.Describe();
  BAOXUE_ASSIGN_OR_RETURN(
      store::ActivationResult result,
      store_->ActivateModel(request, [](const store::ModelRecord& target,
                                        const store::ModelRecord*) {
        return CheckScorable(target);
      }));
  LogInfo(absl::StrCat("rolled back from ", result.previous_version, " to ",
                       result.version, " by ", caller.Describe()));
  InstallLocally(result.version);
  return result;
}

void ModelRegistry::InstallLocally(const std::string& version) const {
  // The activation is committed; if this server cannot load it now, the
  // watcher retries (and the notification reaches the other servers).
  absl::Status refreshed = RefreshActiveModel(*store_, *holder_);
  if (!refreshed.ok()) {
    LogWarning(
        absl::StrCat("model ", version,
                     " is active but not loaded yet: ", refreshed.ToString()));
  }
}

}  // namespace baoxue::core

#ifndef BAOXUE_SERVER_CORE_FEATURE_WORDING_H_
#define BAOXUE_SERVER_CORE_FEATURE_WORDING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "server/core/model_holder.h"
#include "server/core/reason_text.h"
#include "server/store/model_store.h"

namespace baoxue::core {

// The words of a stored reason (feature name + value) as the model that
// produced it defines them: lists and cases read scores of past runs, whose
// model may not be the active one. Definitions of a version are read once
// and kept (versions are immutable).
// Thread-safe; does not own the store or the holder (either may be null:
// then only the catalogue's words are used).
class FeatureWording {
 public:
  FeatureWording(store::ModelStore* models, const ModelHolder* holder)
      : models_(models), holder_(holder) {}

  // Never fails: an unknown version or feature gets DescribeReason's words.
  ReasonText Describe(const std::string& model_version,
                      const std::string& feature, double value) const;

 private:
  using Definitions = std::vector<baoxue::v1::FeatureDefinition>;
  std::shared_ptr<const Definitions> DefinitionsOf(
      const std::string& model_version) const;

  store::ModelStore* models_;
  const ModelHolder* holder_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const Definitions>>
      cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_FEATURE_WORDING_H_

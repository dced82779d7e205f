#include "server/core/stream_quota.h"

#include "absl/strings/str_cat.h"

namespace baoxue::core {

StreamQuota::Slot::~Slot() {
  if (quota_ != nullptr) quota_->Release(key_);
}

absl::StatusOr<StreamQuota::Slot> StreamQuota::Acquire(
    const std::string& caller_key) {
  absl::MutexLock lock(&mu_);
  int& open = open_[caller_key];
  if (open >= per_caller_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "this caller already has ", open, " streams open (at most ",
        per_caller_,
        " per caller: limits.watch_streams_per_caller); close one first"));
  }
  ++open;
  return Slot(this, caller_key);
}

int StreamQuota::open(const std::string& caller_key) const {
  absl::MutexLock lock(&mu_);
  auto it = open_.find(caller_key);
  return it == open_.end() ? 0 : it->second;
}

void StreamQuota::Release(const std::string& caller_key) {
  absl::MutexLock lock(&mu_);
  auto it = open_.find(caller_key);
  if (it == open_.end()) return;
  if (--it->second <= 0) open_.erase(it);
}

}  // namespace baoxue::core

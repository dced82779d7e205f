#ifndef BAOXUE_SERVER_CORE_STREAM_QUOTA_H_
#define BAOXUE_SERVER_CORE_STREAM_QUOTA_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace baoxue::core {

// Counts the long-lived streams (WatchCases) each caller holds open, so one
// token cannot tie up the server's threads with thousands of stalled
// streams. Thread-safe; must outlive every Slot it hands out.
class StreamQuota {
 public:
  // Held while a stream is open; frees its place when destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept
        : quota_(other.quota_), key_(std::move(other.key_)) {
      other.quota_ = nullptr;
    }
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    friend class StreamQuota;
    Slot(StreamQuota* quota, std::string key)
        : quota_(quota), key_(std::move(key)) {}
    StreamQuota* quota_;
    std::string key_;
  };

  // `per_caller` >= 1 streams per key.
  explicit StreamQuota(int per_caller) : per_caller_(per_caller) {}

  // A slot for `caller_key` (Caller::Describe()), or RESOURCE_EXHAUSTED
  // naming the limit when the caller already holds per_caller streams.
  absl::StatusOr<Slot> Acquire(const std::string& caller_key);

  int open(const std::string& caller_key) const;

 private:
  void Release(const std::string& caller_key);

  const int per_caller_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> open_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_STREAM_QUOTA_H_

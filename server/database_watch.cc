#include "server/database_watch.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "server/store/pg_health_check.h"

namespace baoxue {

void WatchDatabase(store::PgConnectionPool& pool, absl::Duration interval,
                   HealthState& health, absl::Notification& stop) {
  constexpr absl::Duration kMinGap = absl::Milliseconds(200);
  while (!stop.HasBeenNotified()) {
    const absl::Status writable = store::CheckDatabaseWritable(pool);
    health.SetDatabaseProblem(writable.ok() ? ""
                                            : std::string(writable.message()));
    // Trouble the check itself reported does not count as news.
    const uint64_t seen = pool.unavailable_count();
    if (stop.WaitForNotificationWithTimeout(kMinGap)) return;
    const absl::Time next = absl::Now() + interval - kMinGap;
    while (!stop.HasBeenNotified() && absl::Now() < next) {
      const absl::Duration slice =
          std::min(next - absl::Now(), absl::Milliseconds(250));
      if (pool.AwaitUnavailableAfter(seen, slice)) break;
    }
  }
}

}  // namespace baoxue

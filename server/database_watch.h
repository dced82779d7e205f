#ifndef BAOXUE_SERVER_DATABASE_WATCH_H_
#define BAOXUE_SERVER_DATABASE_WATCH_H_

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/health_state.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue {

// Keeps HealthState's database part current: checks that the database is
// reachable and writable (store::CheckDatabaseWritable) every `interval`,
// and at once (at most every 200 ms) when a call through the pool found it
// unavailable, until `stop` is notified. Run on its own thread.
void WatchDatabase(store::PgConnectionPool& pool, absl::Duration interval,
                   HealthState& health, absl::Notification& stop);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_DATABASE_WATCH_H_

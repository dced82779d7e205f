#ifndef BAOXUE_SERVER_STORE_PG_CASE_AGING_H_
#define BAOXUE_SERVER_STORE_PG_CASE_AGING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// Simulated time for demos and training counties: moves every open case of
// an area `by` into the past — its opening, its assignments with their
// deadlines and acknowledgements, its attached scores and its case events —
// so that an escalation sweep at the real now finds them due, and every
// entry a sweep then writes is dated no later than now. Nothing moves
// forward, so an official can act on the cases at once (an acknowledgement
// is never older than its assignment).
//
// case_events is append-only; this is its one exception, and only for the
// table's owner (the maintenance command `baoxue-server age-cases`, never
// the serving process): the append-only trigger is disabled and enabled
// again inside the one transaction, under its ACCESS EXCLUSIVE lock, so no
// other session ever sees it off. Thread-safe; does not own the pool.
// Errors: INVALID_ARGUMENT (`by` not positive, or a malformed prefix),
// INTERNAL (e.g. not the owner), UNAVAILABLE.
class PgCaseAging {
 public:
  explicit PgCaseAging(PgConnectionPool* pool) : pool_(pool) {}

  // Returns the number of cases moved. `area_prefix`: the division-code
  // prefix of the area (store::DivisionPrefix), e.g. "360799" for a county.
  absl::StatusOr<int64_t> MoveOpenCasesIntoPast(const std::string& area_prefix,
                                                absl::Duration by);

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CASE_AGING_H_

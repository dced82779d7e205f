#ifndef BAOXUE_SERVER_REPLICA_STORES_H_
#define BAOXUE_SERVER_REPLICA_STORES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "baoxue/v1/config.pb.h"
#include "server/core/case_message_composer.h"
#include "server/core/read_router.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_ledger_report_store.h"
#include "server/store/pg_replica_watch.h"
#include "server/store/pg_risk_list_store.h"

namespace baoxue {

// The read replica's side of the composition (docs/replica.md): its pool,
// the watcher of its lag, and the stores whose reads may go to it. Built
// only with read_replica.read_database_url; members are destroyed in
// reverse, the watcher's thread before the pools it reads.
struct ReplicaStores {
  // Does not connect yet (the watcher's first measurement does).
  // INVALID_ARGUMENT for a bad pool size; `primary` is not owned.
  // `feature_timeout_seconds` as the primary's feature store has it.
  static absl::StatusOr<std::unique_ptr<ReplicaStores>> Create(
      const baoxue::v1::ServerConfig& config, store::PgConnectionPool* primary,
      int feature_timeout_seconds);

  ReplicaStores(std::unique_ptr<store::PgConnectionPool> pool,
                store::PgConnectionPool* primary,
                const baoxue::v1::ServerConfig& config,
                int feature_timeout_seconds);

  std::unique_ptr<store::PgConnectionPool> pool;
  store::PgReplicaWatch watch;
  store::PgFeatureStore features;
  core::CaseMessageComposer case_messages;  // unused: reads only
  store::PgCaseStore cases;
  store::PgRiskListStore risk_lists;
  store::PgLedgerReportStore ledger_reports;
};

// read_replica's durations for the router.
core::ReadRouterOptions ReadRouterOptionsFrom(
    const baoxue::v1::ReadReplicaConfig& config);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_REPLICA_STORES_H_

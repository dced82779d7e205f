#include "server/replica_stores.h"

#include <utility>

#include "base/status_macros.h"
#include "server/core/case_rules.h"

namespace baoxue {

absl::StatusOr<std::unique_ptr<ReplicaStores>> ReplicaStores::Create(
    const baoxue::v1::ServerConfig& config, store::PgConnectionPool* primary,
    int feature_timeout_seconds) {
  const baoxue::v1::ReadReplicaConfig& replica = config.read_replica();
  // The replica's connections keep the primary's limits.
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(
          replica.read_database_url(), replica.pool_size(),
          store::PgPoolOptions{
              absl::Seconds(config.limits().database_wait_seconds()),
              absl::Seconds(config.limits().statement_timeout_seconds())}));
  return std::make_unique<ReplicaStores>(std::move(pool), primary, config,
                                         feature_timeout_seconds);
}

ReplicaStores::ReplicaStores(std::unique_ptr<store::PgConnectionPool> pool_in,
                             store::PgConnectionPool* primary,
                             const baoxue::v1::ServerConfig& config,
                             int feature_timeout_seconds)
    : pool(std::move(pool_in)),
      watch(primary, pool.get(),
            absl::Seconds(config.read_replica().lag_poll_seconds())),
      features(pool.get(), feature_timeout_seconds,
               config.database_roles().feature_reader_role()),
      cases(pool.get(), core::CaseRulesFromConfig(config.cases()),
            &case_messages, {}),
      risk_lists(pool.get()),
      ledger_reports(pool.get()) {}

core::ReadRouterOptions ReadRouterOptionsFrom(
    const baoxue::v1::ReadReplicaConfig& config) {
  core::ReadRouterOptions options;
  options.max_lag = absl::Seconds(config.max_lag_seconds());
  options.own_writes = absl::Seconds(config.own_writes_seconds());
  return options;
}

}  // namespace baoxue

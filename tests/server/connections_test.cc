#include "server/connections.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "grpc/grpc.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

std::map<std::string, int> ArgsOf(const baoxue::v1::ConnectionConfig& config) {
  std::map<std::string, int> args;
  for (const auto& [name, value] : ConnectionChannelArgs(config)) {
    args[name] = value;
  }
  return args;
}

TEST(ConnectionsTest, DefaultsPingEveryMinuteAndNeverAgeConnections) {
  baoxue::v1::ConnectionConfig config;
  ASSERT_THAT(ApplyConnectionDefaults(config), IsOk());
  EXPECT_EQ(config.keepalive_seconds(), 60);
  EXPECT_EQ(config.max_connection_age_seconds(), 0);
  EXPECT_EQ(config.max_connection_age_grace_seconds(), 30);
  const std::map<std::string, int> args = ArgsOf(config);
  EXPECT_EQ(args.at(GRPC_ARG_KEEPALIVE_TIME_MS), 60'000);
  EXPECT_EQ(args.count(GRPC_ARG_MAX_CONNECTION_AGE_MS), 0u);
}

TEST(ConnectionsTest, AnAgeClosesConnectionsAfterItWithItsGrace) {
  baoxue::v1::ConnectionConfig config;
  config.set_max_connection_age_seconds(600);
  ASSERT_THAT(ApplyConnectionDefaults(config), IsOk());
  const std::map<std::string, int> args = ArgsOf(config);
  EXPECT_EQ(args.at(GRPC_ARG_MAX_CONNECTION_AGE_MS), 600'000);
  EXPECT_EQ(args.at(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS), 30'000);
}

TEST(ConnectionsTest, OutOfRangeValuesAreRefusedNamingTheField) {
  baoxue::v1::ConnectionConfig negative;
  negative.set_max_connection_age_seconds(-1);
  EXPECT_THAT(ApplyConnectionDefaults(negative),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("connections.max_connection_age_seconds")));
  // Past a week the milliseconds would overflow gRPC's int.
  baoxue::v1::ConnectionConfig huge;
  huge.set_max_connection_age_seconds(3'000'000);
  EXPECT_THAT(ApplyConnectionDefaults(huge),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max_connection_age_seconds")));
  baoxue::v1::ConnectionConfig eager;
  eager.set_keepalive_seconds(2);
  EXPECT_THAT(ApplyConnectionDefaults(eager),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("connections.keepalive_seconds")));
}

TEST(ReadReplicaDefaultsTest, UnsetMeansNoReplicaAndNothingChecked) {
  baoxue::v1::ReadReplicaConfig config;
  config.set_max_lag_seconds(-1);  // ignored: no replica
  ASSERT_THAT(ApplyReadReplicaDefaults(config, 8), IsOk());
  EXPECT_EQ(config.pool_size(), 0);
}

TEST(ReadReplicaDefaultsTest, AReplicaGetsItsDefaults) {
  baoxue::v1::ReadReplicaConfig config;
  config.set_read_database_url("postgresql://baoxue@127.0.0.1:54330/baoxue");
  ASSERT_THAT(ApplyReadReplicaDefaults(config, 8), IsOk());
  EXPECT_EQ(config.max_lag_seconds(), 5);
  EXPECT_EQ(config.own_writes_seconds(), 10);
  EXPECT_EQ(config.pool_size(), 8);
  EXPECT_EQ(config.lag_poll_seconds(), 1);
}

TEST(ReadReplicaDefaultsTest, BadValuesAreRefusedNamingTheField) {
  baoxue::v1::ReadReplicaConfig negative;
  negative.set_read_database_url("postgresql://127.0.0.1:54330/baoxue");
  negative.set_own_writes_seconds(-1);
  EXPECT_THAT(ApplyReadReplicaDefaults(negative, 8),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("read_replica.own_writes_seconds")));
  // A bound tighter than the measurements could never be kept.
  baoxue::v1::ReadReplicaConfig tight;
  tight.set_read_database_url("postgresql://127.0.0.1:54330/baoxue");
  tight.set_max_lag_seconds(2);
  tight.set_lag_poll_seconds(3);
  EXPECT_THAT(ApplyReadReplicaDefaults(tight, 8),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("read_replica.max_lag_seconds")));
}

}  // namespace
}  // namespace baoxue

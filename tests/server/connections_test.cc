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

}  // namespace
}  // namespace baoxue

#include "server/server_config.h"

#include <cstdio>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_path.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

std::string WriteTemp(const std::string& text) {
  std::string path =
      ::baoxue::testing::UniqueTempPath("baoxue_config_test.textproto");
  std::ofstream(path) << text;
  return path;
}

TEST(ServerConfigTest, ReadsTextFormatAndFillsDefaults) {
  auto config = LoadServerConfig(
      WriteTemp("listen_address: \"0.0.0.0:6000\"\nmax_batch_size: 50\n"));
  ASSERT_THAT(config, IsOk());
  ASSERT_THAT(ApplyDefaults(*config), IsOk());
  EXPECT_EQ(config->listen_address(), "0.0.0.0:6000");
  EXPECT_EQ(config->max_batch_size(), 50);
  EXPECT_EQ(config->database_pool_size(), 8);
  EXPECT_EQ(config->token_cache_seconds(), 30);
  EXPECT_TRUE(config->migrate_on_start());
  EXPECT_FALSE(config->database_url().empty());
}

TEST(ServerConfigTest, ParseErrorSaysWhere) {
  EXPECT_THAT(
      LoadServerConfig(WriteTemp("listen_address: \"x\"\nbogus: 1\n")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
}

TEST(ServerConfigTest, MissingFileIsNotFound) {
  EXPECT_THAT(LoadServerConfig("/nonexistent/baoxue.textproto"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(ServerConfigTest, NegativeValueIsInvalidArgumentNamingTheField) {
  baoxue::v1::ServerConfig config;
  config.set_max_batch_size(-1);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max_batch_size")));
}

TEST(ServerConfigTest, OperationDefaultsAndTurningResumeOff) {
  baoxue::v1::ServerConfig config;
  ASSERT_THAT(ApplyDefaults(config), IsOk());
  EXPECT_TRUE(config.operation().resume_interrupted_runs());
  EXPECT_EQ(config.operation().resume_poll_seconds(), 30);
  EXPECT_EQ(config.operation().health_check_seconds(), 2);
  EXPECT_EQ(config.operation().drain_delay_seconds(), 5);
  config.Clear();
  config.mutable_operation()->set_resume_interrupted_runs(false);
  ASSERT_THAT(ApplyDefaults(config), IsOk());
  EXPECT_FALSE(config.operation().resume_interrupted_runs());
  config.Clear();
  config.mutable_operation()->set_drain_delay_seconds(-1);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("operation.drain_delay_seconds")));
}

TEST(ServerConfigTest, TheShippedExampleIsValid) {
  auto config = LoadServerConfig(std::string(BAOXUE_SOURCE_DIR) +
                                 "/deploy/config/server.example.textproto");
  ASSERT_THAT(config, IsOk());
  ASSERT_THAT(ApplyDefaults(*config), IsOk());
  EXPECT_EQ(config->notify().channels_size(), 3);
  EXPECT_EQ(config->risk_runs().scheduled_size(), 1);
  EXPECT_EQ(config->feature_snapshots().retention_days(), 35);
  EXPECT_EQ(config->feature_snapshots().max_age_minutes(), 60);
  // Levels not listed get their defaults: all six are filled in.
  EXPECT_EQ(config->cases().levels_size(), 6);
  // Production: no migration on start, the application role, the reader.
  EXPECT_FALSE(config->migrate_on_start());
  EXPECT_THAT(config->database_url(), HasSubstr("baoxue_app@"));
  EXPECT_EQ(config->database_roles().feature_reader_role(),
            "baoxue_feature_reader");
}

TEST(ServerConfigTest, LimitsAndAuditDefaultAndAreChecked) {
  baoxue::v1::ServerConfig config;
  ASSERT_THAT(ApplyDefaults(config), IsOk());
  EXPECT_EQ(config.limits().data_start_date(), "2000-01-01");
  EXPECT_EQ(config.limits().statement_timeout_seconds(), 30);
  EXPECT_EQ(config.limits().database_wait_seconds(), 5);
  EXPECT_EQ(config.limits().grpc_max_threads(), 64);
  EXPECT_EQ(config.limits().watch_streams_per_caller(), 4);
  EXPECT_EQ(config.http_threads(), 32);
  EXPECT_EQ(config.audit().retention_days(), 180);
  config.Clear();
  config.mutable_limits()->set_data_start_date("1900-13-01");
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("limits.data_start_date")));
  config.Clear();
  config.mutable_limits()->set_grpc_max_threads(-1);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("limits.grpc_max_threads")));
  config.Clear();
  config.mutable_audit()->set_retention_days(30);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("audit.retention_days")));
}

TEST(ServerConfigTest, FeatureSnapshotsDefaultAndAreChecked) {
  baoxue::v1::ServerConfig config;
  ASSERT_THAT(ApplyDefaults(config), IsOk());
  EXPECT_EQ(config.feature_snapshots().retention_days(), 35);
  EXPECT_EQ(config.feature_snapshots().max_age_minutes(), 60);
  config.Clear();
  config.mutable_feature_snapshots()->set_max_age_minutes(0);  // always
  ASSERT_THAT(ApplyDefaults(config), IsOk());
  EXPECT_EQ(config.feature_snapshots().max_age_minutes(), 0);
  config.Clear();
  config.mutable_feature_snapshots()->set_retention_days(-1);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature_snapshots.retention_days")));
  config.Clear();
  config.mutable_feature_snapshots()->set_max_age_minutes(-5);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature_snapshots.max_age_minutes")));
}

TEST(ServerConfigTest, CaseAndPushSectionsAreCheckedByFieldName) {
  baoxue::v1::ServerConfig config;
  config.mutable_cases()->add_levels()->set_role("PRINCIPLE");
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cases.levels[0].role")));
  config.Clear();
  config.mutable_cases()->set_rise_threshold(1.5);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cases.rise_threshold")));
  config.Clear();
  baoxue::v1::LevelDeadlines* level = config.mutable_cases()->add_levels();
  level->set_role("TEACHER");
  level->set_ack_hours(48);
  level->set_resolve_hours(24);
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cases.levels[0]")));
  config.Clear();
  config.mutable_notify()->add_channels()->set_name("x");
  EXPECT_THAT(ApplyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("notify.channels[0]")));
}

}  // namespace
}  // namespace baoxue

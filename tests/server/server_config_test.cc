#include "server/server_config.h"

#include <cstdio>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

std::string WriteTemp(const std::string& text) {
  std::string path = ::testing::TempDir() + "/baoxue_config_test.textproto";
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

}  // namespace
}  // namespace baoxue

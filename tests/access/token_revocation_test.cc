// Token revocation everywhere within a second: PostgreSQL's NOTIFY empties
// every server's token cache (the cache TTL here is an hour, so only the
// notification can explain a refusal), and an open WatchCases stream ends
// UNAUTHENTICATED once its token is revoked or expires.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "baoxue/v1/cases.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/token_issuer.h"
#include "server/server_config.h"
#include "server/server_parts.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_token_store.h"
#include "server/token_watch.h"
#include "tests/testing/in_process_grpc.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;

constexpr char kCounty[] = "360799000000";

// A second server's token side: its own pool, store, authenticator (with an
// hour-long cache) and the follower thread that listens for revocations.
class OtherServer {
 public:
  explicit OtherServer(const std::string& url)
      : pool_(store::PgConnectionPool::Create(url, 2).value()),
        tokens_(pool_.get()),
        authenticator_(&tokens_, &clock_, absl::Hours(1)),
        listener_(url, kTokenChangedChannel),
        follower_(
            [this] { FollowTokenChanges(listener_, authenticator_, stop_); }) {}
  ~OtherServer() {
    stop_.Notify();
    follower_.join();
  }
  core::Authenticator& authenticator() { return authenticator_; }

 private:
  std::unique_ptr<store::PgConnectionPool> pool_;
  store::PgTokenStore tokens_;
  core::SystemClock clock_;
  core::Authenticator authenticator_;
  store::PgNotificationListener listener_;
  absl::Notification stop_;
  std::thread follower_;
};

class TokenRevocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::TestDatabase::Create();
    ASSERT_THAT(db.status(), IsOk());
    db_ = *std::move(db);
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    tx.exec(
        "INSERT INTO baoxue.areas (area_id, level, division_code, name) "
        "VALUES (1, 'county', '360799000000', '青山县')");
    tx.commit();
    baoxue::v1::ServerConfig config;
    config.set_database_url(db_->url());
    config.set_database_pool_size(4);
    config.set_http_listen_address("off");
    config.set_token_cache_seconds(3600);
    ASSERT_THAT(ApplyDefaults(config), IsOk());
    absl::StatusOr<std::unique_ptr<ServerParts>> parts =
        ServerParts::Build(config);
    ASSERT_THAT(parts.status(), IsOk());
    parts_ = *std::move(parts);
    listener_ = std::make_unique<store::PgNotificationListener>(
        db_->url(), kTokenChangedChannel);
    follower_ = std::thread([this] {
      FollowTokenChanges(*listener_, parts_->core().authenticator, stop_);
    });
    testing::InProcessGrpc grpc =
        testing::StartInProcessGrpc(parts_->services().All());
    ASSERT_NE(grpc.server, nullptr);
    server_ = std::move(grpc.server);
    channel_ = grpc.channel;
  }

  void TearDown() override {
    if (parts_ != nullptr) parts_->services().cases.StopWatches();
    if (server_ != nullptr) server_->Shutdown();
    stop_.Notify();
    if (follower_.joinable()) follower_.join();
  }

  core::IssuedToken Issue(store::CallerRole role,
                          absl::Duration lifetime = absl::Hours(1)) {
    core::TokenRequest request;
    request.role = role;
    request.area_code = kCounty;
    request.description = "revocation test";
    request.lifetime = lifetime;
    absl::StatusOr<core::IssuedToken> issued =
        parts_->core().token_issuer.Issue(request, "test");
    EXPECT_THAT(issued.status(), IsOk());
    return issued.value_or(core::IssuedToken());
  }

  // Waits (up to a minute, never asserting a time) until `authenticator`
  // refuses `token`; returns how long that took.
  static absl::Duration UntilRefused(core::Authenticator& authenticator,
                                     const std::string& token) {
    const absl::Time start = absl::Now();
    while (absl::Now() - start < absl::Minutes(1)) {
      if (!authenticator.Authenticate("Bearer " + token).ok()) break;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return absl::Now() - start;
  }

  // Opens WatchCases with `token`, lets `during` act, and returns the end.
  grpc::Status Watch(const std::string& token,
                     const std::function<void()>& during) {
    baoxue::v1::Cases::Stub stub(channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    baoxue::v1::WatchCasesRequest request;
    auto reader = stub.WatchCases(&context, request);
    std::thread actor(during);
    baoxue::v1::CaseEvent event;
    while (reader->Read(&event)) {
    }
    actor.join();
    return reader->Finish();
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<ServerParts> parts_;
  std::unique_ptr<store::PgNotificationListener> listener_;
  absl::Notification stop_;
  std::thread follower_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(TokenRevocationTest, ARevocationReachesEveryServersCacheAtOnce) {
  OtherServer other(db_->url());
  const core::IssuedToken victim = Issue(store::CallerRole::kSystem);
  core::Authenticator& here = parts_->core().authenticator;
  // Both servers have the token cached (for an hour).
  ASSERT_THAT(here.Authenticate("Bearer " + victim.token), IsOk());
  ASSERT_THAT(other.authenticator().Authenticate("Bearer " + victim.token),
              IsOk());
  core::Caller admin{0, store::CallerRole::kAdmin, {}};
  admin.scope.division_code = kCounty;
  ASSERT_THAT(parts_->core().token_issuer.Revoke(admin, victim.token_id),
              IsOk());
  const absl::Duration here_took = UntilRefused(here, victim.token);
  const absl::Duration other_took =
      UntilRefused(other.authenticator(), victim.token);
  EXPECT_THAT(here.Authenticate("Bearer " + victim.token),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(other.authenticator().Authenticate("Bearer " + victim.token),
              StatusIs(absl::StatusCode::kUnauthenticated));
  std::cerr << "revocation refused after " << here_took << " here, "
            << other_took << " on the other server\n";
}

TEST_F(TokenRevocationTest,
       AnOpenWatchEndsUnauthenticatedWhenItsTokenIsRevoked) {
  const core::IssuedToken official = Issue(store::CallerRole::kOfficial);
  core::Caller admin{0, store::CallerRole::kAdmin, {}};
  admin.scope.division_code = kCounty;
  const grpc::Status ended = Watch(official.token, [&] {
    absl::SleepFor(absl::Milliseconds(500));  // the stream is open
    EXPECT_THAT(parts_->core().token_issuer.Revoke(admin, official.token_id),
                IsOk());
  });
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << ended.error_message();
}

TEST_F(TokenRevocationTest, AnOpenWatchEndsWhenItsTokenExpires) {
  const core::IssuedToken brief =
      Issue(store::CallerRole::kOfficial, absl::Seconds(2));
  const grpc::Status ended = Watch(brief.token, [] {});
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(ended.error_message(), ::testing::HasSubstr("expired"));
}

}  // namespace
}  // namespace baoxue

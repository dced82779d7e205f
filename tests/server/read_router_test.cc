// core::ReadRouter over a fake replica status and a fake clock: where each
// read goes and why (docs/replica.md).
#include "server/core/read_router.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fake_clock.h"

namespace baoxue::core {
namespace {

using Route = ReadRouter::Route;

// A ReplicaStatus the test sets by hand.
class FakeReplicaStatus : public store::ReplicaStatus {
 public:
  store::ReplicaState State() const override { return state; }
  void NoteUnreachable() override { state.reachable = false; }
  store::ReplicaState state;
};

// A store that says which database it stands for.
struct FakeStore {
  absl::Status status = absl::OkStatus();
  int reads = 0;
};

Caller Token(int64_t id) {
  Caller caller;
  caller.token_id = id;
  return caller;
}

Caller Account(int64_t id) {
  Caller caller;
  caller.account_id = id;
  return caller;
}

class ReadRouterTest : public ::testing::Test {
 protected:
  ReadRouterTest() {
    replica_.state.reachable = true;
    replica_.state.current_as_of = clock_.Now();
  }

  testing::FakeClock clock_{absl::FromUnixSeconds(1800000000)};
  FakeReplicaStatus replica_;
  ReadRouter router_{&replica_, &clock_, {absl::Seconds(5), absl::Seconds(10)}};
};

TEST_F(ReadRouterTest, ReachableReplicaWithinTheLagBoundTakesReads) {
  clock_.Advance(absl::Seconds(4));
  EXPECT_EQ(router_.RouteRead(Token(1)), Route::kReplica);
  EXPECT_EQ(router_.figures().replica_reads, 1);
  EXPECT_TRUE(router_.figures().serving_reads);
  EXPECT_EQ(router_.figures().lag, absl::Seconds(4));
}

TEST_F(ReadRouterTest, ReplicaFurtherBehindThanTheBoundSendsReadsToThePrimary) {
  clock_.Advance(absl::Seconds(6));
  EXPECT_EQ(router_.RouteRead(Token(1)), Route::kLagging);
  EXPECT_EQ(router_.figures().lagging_reads, 1);
  EXPECT_FALSE(router_.figures().serving_reads);
}

TEST_F(ReadRouterTest, LagNotMeasuredYetCountsAsLagging) {
  replica_.state.current_as_of.reset();
  EXPECT_EQ(router_.RouteRead(Token(1)), Route::kLagging);
}

TEST_F(ReadRouterTest, UnreachableReplicaSendsReadsToThePrimary) {
  replica_.state.reachable = false;
  EXPECT_EQ(router_.RouteRead(Token(1)), Route::kUnreachable);
  EXPECT_EQ(router_.figures().unreachable_reads, 1);
  EXPECT_FALSE(router_.figures().lag.has_value());
}

TEST_F(ReadRouterTest, WriterReadsFromThePrimaryForTheWindowOthersDoNot) {
  router_.NoteWrite(Account(7));
  EXPECT_EQ(router_.RouteRead(Account(7)), Route::kOwnWrites);
  // Another account, and a token with the same number, are other callers.
  EXPECT_EQ(router_.RouteRead(Account(8)), Route::kReplica);
  EXPECT_EQ(router_.RouteRead(Token(7)), Route::kReplica);
  clock_.Advance(absl::Seconds(10));
  replica_.state.current_as_of = clock_.Now();
  EXPECT_EQ(router_.RouteRead(Account(7)), Route::kReplica);
  EXPECT_EQ(router_.figures().own_writes_reads, 1);
}

TEST_F(ReadRouterTest, ReplicaFailureIsAskedAgainOfThePrimary) {
  FakeStore primary;
  FakeStore replica;
  replica.status = absl::UnavailableError("replica stopped");
  auto read = [](FakeStore& store) {
    ++store.reads;
    return store.status;
  };
  EXPECT_TRUE(router_.Read(Token(1), &primary, &replica, read).ok());
  EXPECT_EQ(replica.reads, 1);
  EXPECT_EQ(primary.reads, 1);
  // The replica counts as unreachable until the next measurement.
  EXPECT_TRUE(router_.Read(Token(1), &primary, &replica, read).ok());
  EXPECT_EQ(replica.reads, 1);
  EXPECT_EQ(primary.reads, 2);
  const ReadRouter::Figures figures = router_.figures();
  EXPECT_EQ(figures.replica_reads, 0);
  EXPECT_EQ(figures.replica_failed_reads, 1);
  EXPECT_EQ(figures.unreachable_reads, 1);
}

TEST_F(ReadRouterTest, RowNotReplayedYetIsReadFromThePrimary) {
  FakeStore primary;
  FakeStore replica;
  replica.status = absl::NotFoundError("no case 5 in the caller's area");
  EXPECT_TRUE(router_
                  .Read(Token(1), &primary, &replica,
                        [](FakeStore& store) {
                          ++store.reads;
                          return store.status;
                        })
                  .ok());
  EXPECT_EQ(primary.reads, 1);
  const ReadRouter::Figures figures = router_.figures();
  EXPECT_EQ(figures.replica_reads, 0);
  EXPECT_EQ(figures.lagging_reads, 1);
  EXPECT_TRUE(figures.reachable);  // nothing wrong with the replica
}

TEST_F(ReadRouterTest, OtherReplicaErrorsAreTheAnswer) {
  FakeStore primary;
  FakeStore replica;
  replica.status = absl::InvalidArgumentError("page_token: malformed");
  const absl::StatusOr<int> result =
      router_.Read(Token(1), &primary, &replica,
                   [](FakeStore& store) -> absl::StatusOr<int> {
                     ++store.reads;
                     if (!store.status.ok()) return store.status;
                     return 1;
                   });
  EXPECT_TRUE(absl::IsInvalidArgument(result.status()));
  EXPECT_EQ(primary.reads, 0);
}

TEST(ReadRouterWithoutReplicaTest, EveryReadGoesToThePrimaryUncounted) {
  testing::FakeClock clock(absl::FromUnixSeconds(1800000000));
  ReadRouter router(nullptr, &clock);
  FakeStore primary;
  router.NoteWrite(Token(1));
  EXPECT_TRUE(router
                  .Read(Token(1), &primary, static_cast<FakeStore*>(nullptr),
                        [](FakeStore& store) {
                          ++store.reads;
                          return absl::OkStatus();
                        })
                  .ok());
  EXPECT_EQ(primary.reads, 1);
  EXPECT_EQ(router.RouteRead(Token(1)), Route::kNoReplica);
  const ReadRouter::Figures figures = router.figures();
  EXPECT_FALSE(figures.configured);
  EXPECT_EQ(figures.replica_reads + figures.own_writes_reads +
                figures.lagging_reads + figures.unreachable_reads,
            0);
}

}  // namespace
}  // namespace baoxue::core

#include "server/notify/dispatcher.h"

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/notify/notify_fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::notify {
namespace {

using ::baoxue::notify::testing::FakeClock;
using ::baoxue::notify::testing::FakeOutboxStore;
using ::baoxue::notify::testing::SamplePayload;
using ::baoxue::notify::testing::TestNow;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A channel that records what it was given and answers with `answer`
// (OK unless set), optionally running `hook` first.
class RecordingChannel : public Channel {
 public:
  explicit RecordingChannel(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  absl::Status Deliver(const store::OutboxMessage& message,
                       absl::Time now) override {
    absl::MutexLock lock(&mu_);
    keys_.push_back(message.idempotency_key);
    times_.push_back(now);
    if (hook_) hook_();
    return answer_;
  }
  void Answer(absl::Status answer) {
    absl::MutexLock lock(&mu_);
    answer_ = std::move(answer);
  }
  void OnDeliver(std::function<void()> hook) {
    absl::MutexLock lock(&mu_);
    hook_ = std::move(hook);
  }
  std::vector<std::string> keys() {
    absl::MutexLock lock(&mu_);
    return keys_;
  }

 private:
  const std::string name_;
  absl::Mutex mu_;
  absl::Status answer_ ABSL_GUARDED_BY(mu_);
  std::function<void()> hook_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> keys_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Time> times_ ABSL_GUARDED_BY(mu_);
};

DispatcherOptions TestOptions() {
  DispatcherOptions options;
  options.poll_interval = absl::Milliseconds(10);
  options.initial_backoff = absl::Seconds(5);
  options.max_backoff = absl::Seconds(60);
  options.delivery_timeout = absl::Seconds(10);
  options.batch_size = 10;
  options.breaker.failure_threshold = 3;
  options.breaker.first_open = absl::Seconds(5);
  options.breaker.max_open = absl::Seconds(60);
  options.retention = absl::Hours(24 * 30);
  options.housekeeping_interval = absl::Milliseconds(10);
  return options;
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(TestOptions()); }

  // Builds the dispatcher over channels "wecom" and "file" (fakes).
  void Build(DispatcherOptions options) {
    dispatcher_.reset();
    auto wecom = std::make_unique<RecordingChannel>("wecom");
    auto file = std::make_unique<RecordingChannel>("file");
    wecom_ = wecom.get();
    file_ = file.get();
    std::vector<std::unique_ptr<Channel>> channels;
    channels.push_back(std::move(wecom));
    channels.push_back(std::move(file));
    absl::StatusOr<std::unique_ptr<Dispatcher>> dispatcher =
        Dispatcher::Create(&store_, std::move(channels), &clock_, options);
    ASSERT_THAT(dispatcher, IsOk());
    dispatcher_ = std::move(*dispatcher);
  }

  int64_t Add(const std::string& key, const std::string& channel) {
    return store_.Add(key, channel, SamplePayload(), clock_.Now());
  }

  FakeClock clock_{TestNow()};
  FakeOutboxStore store_;
  RecordingChannel* wecom_ = nullptr;
  RecordingChannel* file_ = nullptr;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST(BackoffAfterTest, DoublesFromInitialAndStopsAtTheCap) {
  const absl::Duration initial = absl::Seconds(5);
  const absl::Duration max = absl::Seconds(60);
  EXPECT_EQ(BackoffAfter(1, initial, max), absl::Seconds(5));
  EXPECT_EQ(BackoffAfter(2, initial, max), absl::Seconds(10));
  EXPECT_EQ(BackoffAfter(3, initial, max), absl::Seconds(20));
  EXPECT_EQ(BackoffAfter(4, initial, max), absl::Seconds(40));
  EXPECT_EQ(BackoffAfter(5, initial, max), absl::Seconds(60));
  EXPECT_EQ(BackoffAfter(6, initial, max), absl::Seconds(60));
  EXPECT_EQ(BackoffAfter(std::numeric_limits<int>::max(), initial, max),
            absl::Seconds(60));
  EXPECT_EQ(BackoffAfter(0, initial, max), absl::Seconds(5));
  EXPECT_EQ(BackoffAfter(40, absl::Seconds(5), absl::Hours(1)), absl::Hours(1));
}

TEST_F(DispatcherTest, DeliversDueMessagesByChannelNameAndMarksThem) {
  const int64_t a = Add("case-1/assigned/wecom", "wecom");
  const int64_t b = Add("case-1/assigned/file", "file");
  absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->claimed, 2);
  EXPECT_EQ(round->delivered, 2);
  EXPECT_EQ(round->failed, 0);
  EXPECT_THAT(wecom_->keys(), ElementsAre("case-1/assigned/wecom"));
  EXPECT_THAT(file_->keys(), ElementsAre("case-1/assigned/file"));
  EXPECT_EQ(store_.Get(a).delivered_at, TestNow());
  EXPECT_EQ(store_.Get(b).delivered_at, TestNow());

  // Nothing left: a second round sends nothing again.
  round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->claimed, 0);
  EXPECT_THAT(wecom_->keys(), SizeIs(1));
}

TEST_F(DispatcherTest, FailedMessageIsRetriedWithDoublingCappedBackoff) {
  // The message's own backoff, with a breaker that never opens.
  DispatcherOptions options = TestOptions();
  options.breaker.failure_threshold = 1000;
  Build(options);
  const int64_t id = Add("case-2/escalated/wecom", "wecom");
  wecom_->Answer(absl::UnavailableError("receiver answered HTTP 503"));
  const std::vector<absl::Duration> expected = {
      absl::Seconds(5),  absl::Seconds(10), absl::Seconds(20),
      absl::Seconds(40), absl::Seconds(60), absl::Seconds(60)};
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
    ASSERT_THAT(round, IsOk());
    EXPECT_EQ(round->failed, 1);
    const FakeOutboxStore::Row row = store_.Get(id);
    EXPECT_EQ(row.message.attempt, static_cast<int>(i + 1));
    EXPECT_EQ(row.next_attempt_at, clock_.Now() + expected[i]);
    EXPECT_THAT(row.last_error, HasSubstr("HTTP 503"));
    EXPECT_FALSE(row.delivered_at.has_value());

    // Not due a moment before the backoff ends.
    clock_.Advance(expected[i] - absl::Seconds(1));
    ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
    EXPECT_EQ(store_.Get(id).message.attempt, static_cast<int>(i + 1));
    clock_.Advance(absl::Seconds(1));
  }
  wecom_->Answer(absl::OkStatus());
  ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
  EXPECT_TRUE(store_.Get(id).delivered_at.has_value());
  EXPECT_EQ(store_.Get(id).last_error, "");
  EXPECT_THAT(wecom_->keys(), SizeIs(expected.size() + 1));
}

TEST_F(DispatcherTest, MessagesOfAnUnknownChannelAreLeftForOtherServers) {
  const int64_t id = Add("case-3/assigned/sms", "sms");
  absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->claimed, 0);
  const FakeOutboxStore::Row row = store_.Get(id);
  EXPECT_EQ(row.message.attempt, 0);
  EXPECT_EQ(row.last_error, "");
  EXPECT_EQ(row.next_attempt_at, TestNow());
  EXPECT_THAT(dispatcher_->RunChannelOnce("sms"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(DispatcherTest, AFailingChannelEndsItsPassAndDoesNotBlockOthers) {
  const int64_t w1 = Add("w1", "wecom");
  const int64_t w2 = Add("w2", "wecom");
  const int64_t f1 = Add("f1", "file");
  wecom_->Answer(absl::DeadlineExceededError("HTTP request timed out"));
  absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->delivered, 1);
  EXPECT_EQ(round->failed, 1);
  EXPECT_EQ(round->released, 1);
  EXPECT_THAT(wecom_->keys(), ElementsAre("w1"));
  EXPECT_THAT(file_->keys(), ElementsAre("f1"));
  EXPECT_THAT(store_.Get(w1).last_error, HasSubstr("timed out"));
  EXPECT_EQ(store_.Get(w1).next_attempt_at, TestNow() + absl::Seconds(5));
  // Released untried: due at once, the attempt does not count.
  EXPECT_EQ(store_.Get(w2).message.attempt, 0);
  EXPECT_EQ(store_.Get(w2).next_attempt_at, TestNow());
  EXPECT_TRUE(store_.Get(f1).delivered_at.has_value());

  wecom_->Answer(absl::OkStatus());
  clock_.Advance(absl::Seconds(5));
  round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->delivered, 2);
  EXPECT_THAT(wecom_->keys(), ElementsAre("w1", "w1", "w2"));
}

TEST_F(DispatcherTest, AnOpenCircuitStopsClaimingAndProbesAtAGrowingPace) {
  for (int i = 0; i < 50; ++i) Add(absl::StrCat("w", i), "wecom");
  wecom_->Answer(absl::UnavailableError("receiver answered HTTP 503"));
  // A pass every second for ten minutes; the file channel keeps working.
  int file_messages = 0;
  for (int second = 0; second < 600; ++second) {
    if (second % 10 == 0) {
      Add(absl::StrCat("f", second), "file");
      ++file_messages;
    }
    ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
    clock_.Advance(absl::Seconds(1));
  }
  // 3 failures open it, then probes after 5, 10, 20, 40 s and every 60 s.
  EXPECT_LE(wecom_->keys().size(), 18u);
  EXPECT_GE(wecom_->keys().size(), 10u);
  EXPECT_THAT(file_->keys(), SizeIs(file_messages));
  const std::vector<ChannelSnapshot> snapshots =
      dispatcher_->ChannelSnapshots();
  ASSERT_THAT(snapshots, SizeIs(2));
  EXPECT_EQ(snapshots[0].channel, "wecom");
  EXPECT_EQ(snapshots[0].circuit, domain::CircuitState::kOpen);
  EXPECT_EQ(snapshots[0].consecutive_failures,
            static_cast<int>(wecom_->keys().size()));
  EXPECT_EQ(snapshots[0].last_error_class, "UNAVAILABLE");
  EXPECT_EQ(snapshots[0].delivered, 0);
  ASSERT_TRUE(snapshots[0].open_until.has_value());
  EXPECT_LE(*snapshots[0].open_until, clock_.Now() + absl::Seconds(60));
  EXPECT_EQ(snapshots[1].channel, "file");
  EXPECT_EQ(snapshots[1].circuit, domain::CircuitState::kClosed);
  EXPECT_EQ(snapshots[1].consecutive_failures, 0);
  EXPECT_EQ(snapshots[1].last_error_class, "");
  EXPECT_EQ(snapshots[1].delivered, file_messages);
}

TEST_F(DispatcherTest, ARecoveredChannelSendsItsBacklogAtOnce) {
  // Each failed message waits at least 10 minutes on its own.
  DispatcherOptions options = TestOptions();
  options.initial_backoff = absl::Minutes(10);
  options.max_backoff = absl::Hours(1);
  Build(options);
  std::vector<int64_t> ids;
  for (int i = 0; i < 25; ++i)
    ids.push_back(Add(absl::StrCat("w", i), "wecom"));
  wecom_->Answer(absl::UnavailableError("receiver answered HTTP 503"));
  // Fail for a long while: some messages collect long backoffs.
  for (int minute = 0; minute < 30; ++minute) {
    ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
    clock_.Advance(absl::Seconds(30));
    ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
    clock_.Advance(absl::Seconds(30));
  }
  bool some_wait_long = false;
  for (int64_t id : ids) {
    some_wait_long = some_wait_long || store_.Get(id).next_attempt_at >
                                           clock_.Now() + absl::Minutes(5);
  }
  EXPECT_TRUE(some_wait_long);

  // Back: within one open period (60 s) the probe succeeds and every
  // waiting message goes out in the same moment, without waiting for its
  // own backoff.
  wecom_->Answer(absl::OkStatus());
  const size_t tried_before = wecom_->keys().size();
  absl::Time recovered_at;
  for (int second = 0; second <= 60; ++second) {
    absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
    ASSERT_THAT(round, IsOk());
    if (round->recovered) {
      recovered_at = clock_.Now();
      break;
    }
    clock_.Advance(absl::Seconds(1));
  }
  ASSERT_NE(recovered_at, absl::Time());
  for (int pass = 0; pass < 5; ++pass)
    ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
  for (int64_t id : ids) {
    ASSERT_TRUE(store_.Get(id).delivered_at.has_value()) << id;
    EXPECT_EQ(*store_.Get(id).delivered_at, recovered_at);
  }
  EXPECT_EQ(wecom_->keys().size(), tried_before + ids.size());
  EXPECT_EQ(dispatcher_->ChannelSnapshots()[0].circuit,
            domain::CircuitState::kClosed);
}

TEST_F(DispatcherTest, AMessageWithoutItsFieldsDoesNotOpenTheCircuit) {
  for (int i = 0; i < 5; ++i) Add(absl::StrCat("w", i), "wecom");
  wecom_->Answer(absl::InvalidArgumentError("payload has no text in text_zh"));
  absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->failed, 5);  // each tried: the fault is the message's
  const ChannelSnapshot snapshot = dispatcher_->ChannelSnapshots()[0];
  EXPECT_EQ(snapshot.circuit, domain::CircuitState::kClosed);
  EXPECT_EQ(snapshot.consecutive_failures, 0);
  EXPECT_EQ(snapshot.last_error_class, "INVALID_ARGUMENT");
}

TEST_F(DispatcherTest, AHangingChannelDoesNotHoldUpTheOthers) {
  absl::Notification hang_over;
  wecom_->OnDeliver([&] { hang_over.WaitForNotification(); });
  Add("w-hangs", "wecom");
  dispatcher_->Start();
  for (int i = 0; i < 5; ++i) Add(absl::StrCat("f", i), "file");
  // The file channel delivers all five while the webhook still hangs.
  EXPECT_TRUE(store_.AwaitDelivered(5, absl::Seconds(30)));
  EXPECT_FALSE(hang_over.HasBeenNotified());
  EXPECT_THAT(file_->keys(), SizeIs(5));
  hang_over.Notify();
  EXPECT_TRUE(store_.AwaitDelivered(6, absl::Seconds(30)));
  dispatcher_->Stop();
}

TEST_F(DispatcherTest, PruneDeletesOnlyMessagesDeliveredBeforeTheRetention) {
  const int64_t old_one = Add("old", "file");
  ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
  clock_.Advance(absl::Hours(24 * 30) - absl::Minutes(1));
  const int64_t young = Add("young", "file");
  const int64_t pending = Add("pending", "wecom");
  wecom_->Answer(absl::UnavailableError("down"));
  ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
  EXPECT_EQ(dispatcher_->PruneOnce().value_or(-1), 0);
  clock_.Advance(absl::Minutes(2));
  EXPECT_EQ(dispatcher_->PruneOnce().value_or(-1), 1);
  absl::StatusOr<store::OutboxCounts> counts = store_.Counts();
  ASSERT_THAT(counts, IsOk());
  EXPECT_EQ(counts->delivered, 1);
  EXPECT_EQ(counts->pending, 1);
  EXPECT_TRUE(store_.Get(young).delivered_at.has_value());
  EXPECT_FALSE(store_.Get(pending).delivered_at.has_value());
  (void)old_one;

  // Retention zero keeps everything.
  DispatcherOptions keep = TestOptions();
  keep.retention = absl::ZeroDuration();
  Build(keep);
  clock_.Advance(absl::Hours(24 * 365));
  EXPECT_EQ(dispatcher_->PruneOnce().value_or(-1), 0);
  EXPECT_EQ(store_.Counts()->delivered, 1);
}

TEST_F(DispatcherTest, ClaimErrorIsReturnedAndNothingIsSent) {
  Add("k", "wecom");
  store_.FailClaims(absl::UnavailableError("database unavailable"));
  EXPECT_THAT(dispatcher_->RunOnce(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(wecom_->keys(), IsEmpty());
}

TEST_F(DispatcherTest, ClaimLeasesMessagesForTheWorstCaseRound) {
  // 10 messages of up to 10 s each plus a 30 s margin.
  EXPECT_EQ(dispatcher_->lease(), absl::Seconds(130));
  const int64_t id = Add("k", "wecom");
  wecom_->OnDeliver([&] {
    EXPECT_EQ(store_.Get(id).next_attempt_at, TestNow() + absl::Seconds(130));
  });
  ASSERT_THAT(dispatcher_->RunOnce(), IsOk());
  EXPECT_THAT(wecom_->keys(), SizeIs(1));
}

TEST_F(DispatcherTest, StopDuringARoundReleasesUntriedMessages) {
  const int64_t first = Add("first", "wecom");
  const int64_t second = Add("second", "wecom");
  const int64_t third = Add("third", "file");
  wecom_->OnDeliver([&] { dispatcher_->Stop(); });
  absl::StatusOr<Dispatcher::Round> round = dispatcher_->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->delivered, 1);
  EXPECT_EQ(round->released, 2);
  EXPECT_TRUE(store_.Get(first).delivered_at.has_value());
  for (int64_t id : {second, third}) {
    const FakeOutboxStore::Row row = store_.Get(id);
    EXPECT_FALSE(row.delivered_at.has_value());
    EXPECT_EQ(row.message.attempt, 0);  // the untried attempt does not count
    EXPECT_EQ(row.next_attempt_at, TestNow());
  }
}

TEST_F(DispatcherTest, BackgroundThreadDeliversAndStopsPromptly) {
  dispatcher_->Start();
  Add("bg-1", "wecom");
  Add("bg-2", "file");
  ASSERT_TRUE(store_.AwaitDelivered(2, absl::Seconds(10)));
  const absl::Time stop_started = absl::Now();
  dispatcher_->Stop();
  EXPECT_LT(absl::Now() - stop_started, absl::Seconds(1));
  EXPECT_THAT(wecom_->keys(), ElementsAre("bg-1"));
  EXPECT_THAT(file_->keys(), ElementsAre("bg-2"));
  dispatcher_->Stop();  // idempotent
}

TEST(DispatcherCreateTest, RejectsRepeatedNamesAndBadOptions) {
  FakeOutboxStore store;
  FakeClock clock(TestNow());
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(std::make_unique<RecordingChannel>("x"));
  channels.push_back(std::make_unique<RecordingChannel>("x"));
  EXPECT_THAT(
      Dispatcher::Create(&store, std::move(channels), &clock, TestOptions()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"x\"")));

  DispatcherOptions options = TestOptions();
  options.max_backoff = absl::Seconds(1);
  EXPECT_THAT(
      Dispatcher::Create(&store, {}, &clock, options),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_backoff")));
  options = TestOptions();
  options.breaker.failure_threshold = 0;
  EXPECT_THAT(Dispatcher::Create(&store, {}, &clock, options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("failure_threshold")));
  options = TestOptions();
  options.batch_size = 0;
  EXPECT_THAT(
      Dispatcher::Create(&store, {}, &clock, options),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("batch_size")));
}

TEST(DispatcherOptionsFromConfigTest, UsesSecondsFromTheConfig) {
  baoxue::v1::NotifyConfig config;
  config.set_poll_seconds(3);
  config.set_initial_backoff_seconds(4);
  config.set_max_backoff_seconds(500);
  config.set_timeout_seconds(7);
  config.set_circuit_failure_threshold(6);
  config.set_circuit_max_open_seconds(90);
  config.set_keep_delivered_days(7);
  const DispatcherOptions options = DispatcherOptionsFromConfig(config);
  EXPECT_EQ(options.breaker.failure_threshold, 6);
  EXPECT_EQ(options.breaker.first_open, absl::Seconds(4));
  EXPECT_EQ(options.breaker.max_open, absl::Seconds(90));
  EXPECT_EQ(options.retention, absl::Hours(24 * 7));
  EXPECT_EQ(options.poll_interval, absl::Seconds(3));
  EXPECT_EQ(options.initial_backoff, absl::Seconds(4));
  EXPECT_EQ(options.max_backoff, absl::Seconds(500));
  EXPECT_EQ(options.delivery_timeout, absl::Seconds(7));
}

}  // namespace
}  // namespace baoxue::notify

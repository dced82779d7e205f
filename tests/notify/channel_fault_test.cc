// Channels apart under faults (issue 15), on the real PostgreSQL with real
// local HTTP receivers and the background dispatcher: a hanging webhook
// beside a file channel, a receiver answering 503, a receiver that is down.
// Each asserts that nothing is lost and that no message is accepted twice
// (distinct idempotency keys), and prints what it measured.

#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/clock.h"
#include "server/notify/channels.h"
#include "server/notify/curl_http_poster.h"
#include "server/notify/dispatcher.h"
#include "tests/notify/outbox_database.h"
#include "tests/notify/test_receiver.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_path.h"

namespace baoxue::notify {
namespace {

using ::baoxue::notify::testing::ParseJson;
using ::baoxue::notify::testing::TestReceiver;
using ::baoxue::testing::IsOk;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;

// Fast polls; by default a message's own backoff (30 s) far longer than the
// breaker's rest (1 s growing to 2 s), so prompt delivery after a recovery
// can only come from pulling the backlog forward.
DispatcherOptions FaultOptions(
    absl::Duration message_backoff = absl::Seconds(30)) {
  DispatcherOptions options;
  options.poll_interval = absl::Milliseconds(20);
  options.initial_backoff = message_backoff;
  options.max_backoff = absl::Seconds(60);
  options.delivery_timeout = absl::Seconds(5);
  options.batch_size = 10;
  options.breaker.failure_threshold = 3;
  options.breaker.first_open = absl::Seconds(1);
  options.breaker.max_open = absl::Seconds(2);
  return options;
}

class ChannelFaultTest : public testing::OutboxDatabaseTest {
 protected:
  std::unique_ptr<Dispatcher> Make(
      std::vector<std::unique_ptr<Channel>> channels,
      DispatcherOptions options = FaultOptions()) {
    absl::StatusOr<std::unique_ptr<Dispatcher>> dispatcher =
        Dispatcher::Create(store_.get(), std::move(channels), &clock_, options);
    EXPECT_THAT(dispatcher, IsOk());
    return dispatcher.ok() ? std::move(*dispatcher) : nullptr;
  }

  // Writes 30 webhook messages, starts a dispatcher (into `dispatcher`)
  // whose only channel is `receiver`'s webhook, lets it fail for six
  // seconds and returns the messages' keys.
  std::vector<std::string> FailForSixSeconds(
      const TestReceiver& receiver, std::unique_ptr<Dispatcher>& dispatcher) {
    std::vector<std::unique_ptr<Channel>> channels;
    channels.push_back(std::make_unique<WebhookChannel>(
        "hook", receiver.Url("/hook"), &poster_));
    dispatcher = Make(std::move(channels));
    if (dispatcher == nullptr) return {};
    std::vector<std::string> keys = InsertBatch(30, "hook");
    dispatcher->Start();
    absl::SleepFor(absl::Seconds(6));
    return keys;
  }

  // Undelivered messages of `channel`.
  int64_t Pending(const std::string& channel) {
    absl::StatusOr<std::vector<store::ChannelBacklog>> backlog =
        store_->PendingByChannel();
    EXPECT_THAT(backlog, IsOk());
    if (!backlog.ok()) return -1;
    for (const store::ChannelBacklog& b : *backlog) {
      if (b.channel == channel) return b.pending;
    }
    return 0;
  }

  // Polls (real time) until `channel` has nothing undelivered; false if
  // `bound` passes first.
  bool AwaitDrained(const std::string& channel, absl::Duration bound) {
    const absl::Time give_up = absl::Now() + bound;
    while (Pending(channel) != 0) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return true;
  }

  // One SQL number over the outbox.
  double Scalar(const std::string& sql, const std::string& channel) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    return tx.exec_params1(sql, channel)[0].as<double>();
  }

  // The longest time a delivered message of `channel` waited.
  absl::Duration MaxDeliveryLag(const std::string& channel) {
    return absl::Seconds(Scalar(
        "SELECT coalesce(extract(epoch FROM max(delivered_at - created_at)), "
        "-1) FROM baoxue.notification_outbox WHERE channel = $1",
        channel));
  }

  // Delivery attempts started for `channel`'s messages.
  int64_t Attempts(const std::string& channel) {
    return static_cast<int64_t>(
        Scalar("SELECT coalesce(sum(attempts), 0) FROM "
               "baoxue.notification_outbox WHERE channel = $1",
               channel));
  }

  // Every key arrived, none twice.
  static void ExpectEachKeyAcceptedOnce(TestReceiver& receiver,
                                        const std::vector<std::string>& keys) {
    std::vector<std::string> accepted;
    for (const TestReceiver::Request& request : receiver.accepted()) {
      accepted.push_back(request.idempotency_key);
    }
    EXPECT_THAT(accepted, UnorderedElementsAreArray(keys));
    EXPECT_EQ(std::set<std::string>(accepted.begin(), accepted.end()).size(),
              accepted.size());
  }

  // After the receiver is back: waits until the webhook's backlog is
  // delivered (the channel recovers and pulls it forward, though each
  // message's own backoff of 30 s has not ended) and checks every key
  // arrived once. Returns how long that took from `back`.
  absl::Duration ExpectPromptCatchUp(absl::Time back, Dispatcher& dispatcher,
                                     TestReceiver& receiver,
                                     const std::vector<std::string>& keys) {
    EXPECT_TRUE(AwaitDrained("hook", absl::Seconds(30)));
    const absl::Duration catch_up = absl::Now() - back;
    EXPECT_LT(catch_up, absl::Seconds(10));
    dispatcher.Stop();
    ExpectEachKeyAcceptedOnce(receiver, keys);
    EXPECT_EQ(dispatcher.ChannelSnapshots()[0].circuit,
              domain::CircuitState::kClosed);
    return catch_up;
  }

  core::SystemClock clock_;
  CurlHttpPoster poster_{absl::Seconds(5)};
};

TEST_F(ChannelFaultTest, AHangingWebhookDoesNotDelayTheFileChannel) {
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  receiver.SetDelay(absl::Seconds(6));  // hangs longer than the timeout
  const absl::Duration timeout = absl::Seconds(5);
  CurlHttpPoster poster(timeout);
  const std::string path =
      ::baoxue::testing::UniqueTempPath("hanging_beside_file.jsonl");
  std::remove(path.c_str());
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(
      std::make_unique<WebhookChannel>("hook", receiver.Url("/hook"), &poster));
  channels.push_back(std::make_unique<FileChannel>("file", path));
  // The hung message retries on its own after 2 s (one failure does not
  // open the circuit).
  std::unique_ptr<Dispatcher> dispatcher =
      Make(std::move(channels), FaultOptions(absl::Seconds(2)));
  ASSERT_NE(dispatcher, nullptr);

  const std::vector<std::string> hook_keys = InsertBatch(5, "hook");
  dispatcher->Start();
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (receiver.arrived() == 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_GE(receiver.arrived(), 1) << "the webhook was never called";
  const absl::Time hang_started = receiver.first_arrival();

  // While the webhook hangs, the file channel's messages come due...
  const std::vector<std::string> file_keys = InsertBatch(30, "file");
  ASSERT_TRUE(AwaitDrained("file", absl::Seconds(30)));
  const absl::Time file_done = absl::Now();
  // ...and are all delivered before the hanging request ends.
  EXPECT_LT(file_done, hang_started + timeout);
  EXPECT_THAT(receiver.accepted(), IsEmpty());
  // The worst wait is the 30 deliveries themselves (an fsync and a commit
  // each, about 0.4 s here); the 5 s hang adds nothing. Bound kept loose for
  // a loaded CI machine.
  const absl::Duration lag = MaxDeliveryLag("file");
  EXPECT_LT(lag, absl::Seconds(2));
  std::cout << "file channel beside a hanging webhook: 30 messages, worst "
            << "delay from creation to delivery " << absl::FormatDuration(lag)
            << ", done " << absl::FormatDuration(file_done - hang_started)
            << " after the hang began\n";

  std::ifstream in(path);
  std::set<std::string> lines_keys;
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    lines_keys.insert(
        ParseJson(line).fields().at("idempotency_key").string_value());
  }
  EXPECT_EQ(lines, 30);
  EXPECT_EQ(lines_keys,
            std::set<std::string>(file_keys.begin(), file_keys.end()));

  // The receiver recovers: every webhook message follows. The hung request
  // may still be stored by the receiver after the dispatcher gave up on it:
  // that one comes again under the same idempotency key (at least once).
  receiver.SetDelay(absl::ZeroDuration());
  EXPECT_TRUE(AwaitDrained("hook", absl::Seconds(30)));
  dispatcher->Stop();
  std::set<std::string> accepted;
  for (const TestReceiver::Request& request : receiver.accepted()) {
    accepted.insert(request.idempotency_key);
  }
  EXPECT_EQ(accepted,
            std::set<std::string>(hook_keys.begin(), hook_keys.end()));
  EXPECT_LE(receiver.accepted().size(), hook_keys.size() + 1);
}

TEST_F(ChannelFaultTest,
       A503ReceiverGetsAHandfulOfRequestsThenEveryMessageOnce) {
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  receiver.SetBusy(true);
  // Six seconds of 503: 3 failures open the circuit, then one probe per
  // rest (1 s, then 2 s).
  std::unique_ptr<Dispatcher> dispatcher;
  const std::vector<std::string> keys = FailForSixSeconds(receiver, dispatcher);
  ASSERT_NE(dispatcher, nullptr);
  const int requests = receiver.refused_busy();
  EXPECT_GE(requests, 3);
  EXPECT_LE(requests, 12);
  const ChannelSnapshot snapshot = dispatcher->ChannelSnapshots()[0];
  EXPECT_NE(snapshot.circuit, domain::CircuitState::kClosed);
  EXPECT_EQ(snapshot.last_error_class, "UNAVAILABLE");
  EXPECT_GE(snapshot.consecutive_failures, 3);
  EXPECT_EQ(Pending("hook"), 30);

  // Back: the next probe succeeds and the whole backlog follows at once.
  receiver.SetBusy(false);
  const absl::Duration catch_up =
      ExpectPromptCatchUp(absl::Now(), *dispatcher, receiver, keys);
  std::cout << "503 receiver: " << requests << " requests in 6 s for 30 "
            << "waiting messages; all 30 delivered "
            << absl::FormatDuration(catch_up) << " after it recovered\n";
}

TEST_F(ChannelFaultTest, ADownReceiverIsProbedRarelyAndLosesNothing) {
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  receiver.Down();  // connections refused on a known port
  std::unique_ptr<Dispatcher> dispatcher;
  const std::vector<std::string> keys = FailForSixSeconds(receiver, dispatcher);
  ASSERT_NE(dispatcher, nullptr);
  const int64_t attempts = Attempts("hook");
  EXPECT_GE(attempts, 3);
  EXPECT_LE(attempts, 12);
  EXPECT_EQ(Pending("hook"), 30);

  ASSERT_TRUE(receiver.Up());
  const absl::Duration catch_up =
      ExpectPromptCatchUp(absl::Now(), *dispatcher, receiver, keys);
  std::cout << "receiver down: " << attempts << " connection attempts in 6 s "
            << "for 30 waiting messages; all 30 delivered "
            << absl::FormatDuration(catch_up) << " after it came back\n";
}

}  // namespace
}  // namespace baoxue::notify

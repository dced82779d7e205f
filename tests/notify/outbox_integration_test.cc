// The outbox on the real PostgreSQL: PgOutboxStore's claims and marks, and
// the Dispatcher delivering through libcurl to a local receiver that goes
// down and comes back, two dispatchers sharing one database, and a
// dispatcher that dies between claim and mark.

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/clock.h"
#include "server/notify/channels.h"
#include "server/notify/curl_http_poster.h"
#include "server/notify/dispatcher.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_outbox_store.h"
#include "tests/notify/notify_fakes.h"
#include "tests/notify/outbox_database.h"
#include "tests/notify/test_receiver.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue::notify {
namespace {

using ::baoxue::notify::testing::FakeClock;
using ::baoxue::notify::testing::ParseJson;
using ::baoxue::notify::testing::Payload;
using ::baoxue::notify::testing::TestReceiver;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::baoxue::testing::TestDatabase;
using ::google::protobuf::Struct;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;

store::ChannelSelection All() { return store::ChannelSelection::All(); }

// The value of `result`; fails the test (and returns T{}) on an error.
template <typename T>
T ValueOf(absl::StatusOr<T> result) {
  EXPECT_THAT(result, IsOk());
  return result.ok() ? *std::move(result) : T{};
}

bool SameJson(const std::string& a, const std::string& b) {
  return google::protobuf::util::MessageDifferencer::Equals(ParseJson(a),
                                                            ParseJson(b));
}

class OutboxTest : public testing::OutboxDatabaseTest {
 protected:
  // A dispatcher over this database with a webhook channel "hook" and a
  // WeCom channel "wecom" pointing at `receiver`.
  std::unique_ptr<Dispatcher> MakeDispatcher(store::OutboxStore* store,
                                             const core::Clock* clock,
                                             const TestReceiver& receiver,
                                             DispatcherOptions options) {
    std::vector<std::unique_ptr<Channel>> channels;
    channels.push_back(std::make_unique<WebhookChannel>(
        "hook", receiver.Url("/hook"), &poster_, PushWording{},
        /*full_detail=*/true));
    channels.push_back(
        std::make_unique<RobotChannel>(RobotChannel::Format::kWeCom, "wecom",
                                       receiver.Url("/wecom"), &poster_));
    absl::StatusOr<std::unique_ptr<Dispatcher>> dispatcher =
        Dispatcher::Create(store, std::move(channels), clock, options);
    EXPECT_THAT(dispatcher, IsOk());
    return dispatcher.ok() ? std::move(*dispatcher) : nullptr;
  }

  static DispatcherOptions FastOptions() {
    DispatcherOptions options;
    options.poll_interval = absl::Milliseconds(20);
    options.initial_backoff = absl::Seconds(1);
    options.max_backoff = absl::Seconds(8);
    options.delivery_timeout = absl::Seconds(2);
    options.batch_size = 8;
    options.breaker.failure_threshold = 3;
    options.breaker.first_open = absl::Seconds(1);
    options.breaker.max_open = absl::Seconds(8);
    return options;
  }

  // Every message in `sent` reached `receiver` at least once, and every
  // request it accepted is one of them, unchanged: webhook requests carry
  // the key in the header and the body, robot requests carry the text.
  void ExpectEveryMessageArrivedUnchanged(
      const std::map<std::string, std::string>& sent, TestReceiver& receiver) {
    std::set<std::string> arrived;
    for (const TestReceiver::Request& request : receiver.accepted()) {
      if (request.path == "/hook") {
        const Struct body = ParseJson(request.body);
        const std::string key =
            body.fields().at("idempotency_key").string_value();
        EXPECT_EQ(request.idempotency_key, key);
        ASSERT_TRUE(sent.count(key)) << key;
        std::string message;
        ASSERT_TRUE(google::protobuf::util::MessageToJsonString(
                        body.fields().at("message").struct_value(), &message)
                        .ok());
        EXPECT_TRUE(SameJson(message, sent.at(key))) << key;
        arrived.insert(key);
      } else {
        // WeCom: identify the message by its case number (the minimal push).
        const std::string content = ParseJson(request.body)
                                        .fields()
                                        .at("markdown")
                                        .struct_value()
                                        .fields()
                                        .at("content")
                                        .string_value();
        bool matched = false;
        for (const auto& [key, payload] : sent) {
          const int case_id = static_cast<int>(
              ParseJson(payload).fields().at("case_id").number_value());
          if (absl::EndsWith(key, "/wecom") &&
              absl::StrContains(content,
                                absl::StrCat("（案件 ", case_id, "）"))) {
            arrived.insert(key);
            matched = true;
          }
        }
        EXPECT_TRUE(matched) << content;
      }
    }
    std::vector<std::string> expected;
    for (const auto& [key, payload] : sent) expected.push_back(key);
    EXPECT_THAT(arrived, UnorderedElementsAreArray(expected));
  }

  CurlHttpPoster poster_{absl::Seconds(2)};
};

TEST_F(OutboxTest, ClaimLeasesDueMessagesAndMarksAreFencedByAttempt) {
  Insert("k1", "hook", Payload(1));
  Insert("k2", "hook", Payload(2));
  Insert("k3", "wecom", Payload(3));
  const absl::Time now = absl::Now() + absl::Seconds(1);
  const absl::Duration lease = absl::Seconds(60);

  absl::StatusOr<std::vector<store::OutboxMessage>> first =
      store_->ClaimDue(now, 2, lease, All());
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(*first, SizeIs(2));
  EXPECT_EQ((*first)[0].idempotency_key, "k1");
  EXPECT_EQ((*first)[1].idempotency_key, "k2");
  EXPECT_EQ((*first)[0].channel, "hook");
  EXPECT_EQ((*first)[0].attempt, 1);
  EXPECT_FALSE((*first)[0].case_id.has_value());
  EXPECT_TRUE(SameJson((*first)[0].payload_json, Payload(1)));
  EXPECT_LT(absl::AbsDuration((*first)[0].created_at - absl::Now()),
            absl::Minutes(1));

  // Held messages are skipped; the third is still free.
  absl::StatusOr<std::vector<store::OutboxMessage>> second =
      store_->ClaimDue(now, 10, lease, All());
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(*second, SizeIs(1));
  EXPECT_EQ((*second)[0].idempotency_key, "k3");
  EXPECT_THAT(ValueOf(store_->ClaimDue(now + lease - absl::Seconds(1), 10,
                                       lease, All())),
              IsEmpty());

  // After the lease, all three are due again as a second attempt.
  absl::StatusOr<std::vector<store::OutboxMessage>> again =
      store_->ClaimDue(now + lease, 10, lease, All());
  ASSERT_THAT(again, IsOk());
  ASSERT_THAT(*again, SizeIs(3));
  const int64_t id = (*again)[0].message_id;
  EXPECT_EQ((*again)[0].attempt, 2);

  // The first claimer's late failure report is ignored; the current one's
  // is recorded.
  EXPECT_FALSE(ValueOf(store_->MarkFailed(id, 1, now, "stale")));
  EXPECT_TRUE(ValueOf(store_->MarkFailed(id, 2, now + absl::Hours(1),
                                         "receiver answered HTTP 503")));
  store::OutboxCounts counts = Counts();
  EXPECT_EQ(counts.pending, 3);
  EXPECT_EQ(counts.failing, 1);
  EXPECT_EQ(counts.delivered, 0);
  ASSERT_TRUE(counts.oldest_pending_created_at.has_value());

  ASSERT_THAT(store_->MarkDelivered(id, now + lease), IsOk());
  ASSERT_THAT(store_->MarkDelivered(id, now + lease + absl::Hours(5)), IsOk());
  EXPECT_FALSE(ValueOf(store_->MarkFailed(id, 2, now, "late")));
  counts = Counts();
  EXPECT_EQ(counts.pending, 2);
  EXPECT_EQ(counts.failing, 0);
  EXPECT_EQ(counts.delivered, 1);

  pqxx::connection conn(db_->url());
  pqxx::work tx(conn);
  const pqxx::row row = tx.exec_params1(
      "SELECT attempts, last_error IS NULL, delivered_at = $2::timestamptz "
      "FROM baoxue.notification_outbox WHERE message_id = $1",
      id,
      absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", now + lease,
                       absl::UTCTimeZone()));
  EXPECT_EQ(row[0].as<int>(), 2);
  EXPECT_TRUE(row[1].as<bool>());
  EXPECT_TRUE(row[2].as<bool>()) << "the first delivery time is kept";
}

TEST_F(OutboxTest, ReleaseGivesAnUntriedMessageBackWithoutCountingIt) {
  Insert("k1", "hook", Payload(1));
  const absl::Time now = absl::Now() + absl::Seconds(1);
  absl::StatusOr<std::vector<store::OutboxMessage>> claimed =
      store_->ClaimDue(now, 10, absl::Minutes(5), All());
  ASSERT_THAT(claimed, IsOk());
  ASSERT_THAT(*claimed, SizeIs(1));
  EXPECT_TRUE(ValueOf(store_->Release((*claimed)[0].message_id, 1, now)));
  claimed = store_->ClaimDue(now, 10, absl::Minutes(5), All());
  ASSERT_THAT(claimed, IsOk());
  ASSERT_THAT(*claimed, SizeIs(1));
  EXPECT_EQ((*claimed)[0].attempt, 1);
}

TEST_F(OutboxTest, ClaimRejectsBadArguments) {
  EXPECT_THAT(store_->ClaimDue(absl::Now(), 0, absl::Seconds(1), All()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->ClaimDue(absl::Now(), 1, absl::ZeroDuration(), All()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(OutboxTest, ClaimsTakeOneChannelOrAllButSome) {
  Insert("h1", "hook", Payload(1));
  Insert("w1", "wecom", Payload(2));
  Insert("f1", "file", Payload(3));
  const absl::Time now = absl::Now() + absl::Seconds(1);
  const absl::Duration lease = absl::Seconds(60);
  auto keys = [](const std::vector<store::OutboxMessage>& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages) out.push_back(m.idempotency_key);
    return out;
  };
  EXPECT_THAT(keys(ValueOf(store_->ClaimDue(
                  now, 10, lease, store::ChannelSelection::Only("hook")))),
              ElementsAre("h1"));
  EXPECT_THAT(
      keys(ValueOf(store_->ClaimDue(
          now, 10, lease, store::ChannelSelection{{"hook", "wecom"}, true}))),
      ElementsAre("f1"));
  EXPECT_THAT(keys(ValueOf(store_->ClaimDue(now, 10, lease, All()))),
              ElementsAre("w1"));
}

TEST_F(OutboxTest, ProbeTakesTheSoonestBeforeItsBackoffButNeverAHeldMessage) {
  Insert("a", "hook", Payload(1));
  Insert("b", "hook", Payload(2));
  const absl::Time now = absl::Now() + absl::Seconds(1);
  const absl::Duration lease = absl::Seconds(60);
  const std::vector<store::OutboxMessage> claimed =
      ValueOf(store_->ClaimDue(now, 10, lease, All()));
  ASSERT_THAT(claimed, SizeIs(2));
  // "a" failed and waits an hour; "b" is still being delivered.
  ASSERT_TRUE(ValueOf(store_->MarkFailed(claimed[0].message_id, 1,
                                         now + absl::Hours(1), "HTTP 503")));
  const std::vector<store::OutboxMessage> probe =
      ValueOf(store_->ClaimProbe(now, "hook", lease));
  ASSERT_THAT(probe, SizeIs(1));
  EXPECT_EQ(probe[0].idempotency_key, "a");
  EXPECT_EQ(probe[0].attempt, 2);
  EXPECT_THAT(ValueOf(store_->ClaimProbe(now, "hook", lease)), IsEmpty());
  EXPECT_THAT(ValueOf(store_->ClaimProbe(now, "wecom", lease)), IsEmpty());
  EXPECT_THAT(store_->ClaimProbe(now, "hook", absl::ZeroDuration()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(OutboxTest, PullForwardMovesWaitingMessagesButNotHeldOnes) {
  Insert("a", "hook", Payload(1));
  Insert("b", "hook", Payload(2));
  Insert("c", "hook", Payload(3));
  Insert("d", "wecom", Payload(4));
  const absl::Time now = absl::Now() + absl::Seconds(1);
  const absl::Duration lease = absl::Seconds(60);
  const std::vector<store::OutboxMessage> claimed =
      ValueOf(store_->ClaimDue(now, 10, lease, All()));
  ASSERT_THAT(claimed, SizeIs(4));
  ASSERT_TRUE(ValueOf(
      store_->MarkFailed(claimed[0].message_id, 1, now + absl::Hours(1), "x")));
  ASSERT_TRUE(ValueOf(
      store_->MarkFailed(claimed[1].message_id, 1, now + absl::Hours(2), "x")));
  ASSERT_TRUE(ValueOf(
      store_->MarkFailed(claimed[3].message_id, 1, now + absl::Hours(1), "x")));
  // "c" is held by its claim; "d" belongs to another channel.
  EXPECT_EQ(ValueOf(store_->PullForward("hook", now)), 2);
  const std::vector<store::OutboxMessage> due = ValueOf(
      store_->ClaimDue(now, 10, lease, store::ChannelSelection::Only("hook")));
  ASSERT_THAT(due, SizeIs(2));
  EXPECT_EQ(due[0].idempotency_key, "a");
  EXPECT_EQ(due[1].idempotency_key, "b");
  EXPECT_THAT(ValueOf(store_->ClaimDue(now, 10, lease, All())), IsEmpty());
}

TEST_F(OutboxTest, PruneDeletesMessagesDeliveredBeforeTheCutOff) {
  Insert("a", "hook", Payload(1));
  Insert("b", "hook", Payload(2));
  Insert("c", "hook", Payload(3));
  const absl::Time t0 = absl::Now() + absl::Seconds(1);
  const std::vector<store::OutboxMessage> claimed =
      ValueOf(store_->ClaimDue(t0, 10, absl::Seconds(60), All()));
  ASSERT_THAT(claimed, SizeIs(3));
  ASSERT_THAT(store_->MarkDelivered(claimed[0].message_id, t0), IsOk());
  ASSERT_THAT(
      store_->MarkDelivered(claimed[1].message_id, t0 + absl::Hours(24 * 10)),
      IsOk());
  EXPECT_EQ(ValueOf(store_->PruneDelivered(t0 + absl::Hours(24), 10)), 1);
  EXPECT_EQ(ValueOf(store_->PruneDelivered(t0 + absl::Hours(24), 10)), 0);
  store::OutboxCounts counts = Counts();
  EXPECT_EQ(counts.delivered, 1);
  EXPECT_EQ(counts.pending, 1);  // never pruned while undelivered
  EXPECT_EQ(ValueOf(store_->PruneDelivered(t0 + absl::Hours(24 * 365), 1)), 1);
  EXPECT_EQ(Counts().pending, 1);
  EXPECT_THAT(store_->PruneDelivered(t0, 0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(OutboxTest, PendingByChannelCountsAndDatesEachBacklog) {
  Insert("h1", "hook", Payload(1));
  Insert("h2", "hook", Payload(2));
  Insert("w1", "wecom", Payload(3));
  const absl::Time now = absl::Now() + absl::Seconds(1);
  const std::vector<store::OutboxMessage> claimed =
      ValueOf(store_->ClaimDue(now, 10, absl::Seconds(60), All()));
  ASSERT_THAT(claimed, SizeIs(3));
  ASSERT_THAT(store_->MarkDelivered(claimed[0].message_id, now), IsOk());
  ASSERT_TRUE(
      ValueOf(store_->MarkFailed(claimed[2].message_id, 1, now, "HTTP 503")));
  const std::vector<store::ChannelBacklog> backlog =
      ValueOf(store_->PendingByChannel());
  ASSERT_THAT(backlog, SizeIs(2));
  EXPECT_EQ(backlog[0].channel, "hook");
  EXPECT_EQ(backlog[0].pending, 1);
  EXPECT_EQ(backlog[0].failing, 0);
  EXPECT_EQ(backlog[1].channel, "wecom");
  EXPECT_EQ(backlog[1].pending, 1);
  EXPECT_EQ(backlog[1].failing, 1);
  for (const store::ChannelBacklog& channel : backlog) {
    EXPECT_LT(absl::AbsDuration(channel.oldest_pending_created_at - now),
              absl::Minutes(1));
  }
}

TEST_F(OutboxTest, PayloadMustBeAJsonObject) {
  EXPECT_THROW(Insert("k", "hook", "[1,2,3]"), pqxx::check_violation);
}

TEST_F(OutboxTest, ReceiverDownThenBusyThenBackGetsEveryMessage) {
  const std::map<std::string, std::string> sent =
      InsertMany(12, {"hook", "wecom"});
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  receiver.Down();  // refusing connections on a known port
  FakeClock clock(absl::Now() + absl::Seconds(1));
  const DispatcherOptions options = FastOptions();
  std::unique_ptr<Dispatcher> dispatcher =
      MakeDispatcher(store_.get(), &clock, receiver, options);
  ASSERT_NE(dispatcher, nullptr);

  // Down: every round fails, nothing is lost or marked delivered.
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<Dispatcher::Round> round = dispatcher->RunOnce();
    ASSERT_THAT(round, IsOk());
    EXPECT_EQ(round->delivered, 0);
    clock.Advance(options.max_backoff);
  }
  store::OutboxCounts counts = Counts();
  EXPECT_EQ(counts.delivered, 0);
  EXPECT_EQ(counts.pending, static_cast<int64_t>(sent.size()));
  EXPECT_GT(counts.failing, 0);

  // Up but busy: HTTP 503 and WeCom errcode 45009 are failures too.
  receiver.SetBusy(true);
  ASSERT_TRUE(receiver.Up());
  for (int i = 0; i < 4; ++i) {
    ASSERT_THAT(dispatcher->RunOnce(), IsOk());
    clock.Advance(options.max_backoff);
  }
  EXPECT_GT(receiver.refused_busy(), 0);
  EXPECT_THAT(receiver.accepted(), IsEmpty());
  EXPECT_EQ(Counts().delivered, 0);

  // Back: everything arrives within a few rounds.
  receiver.SetBusy(false);
  for (int i = 0; i < 20 && Counts().pending > 0; ++i) {
    ASSERT_THAT(dispatcher->RunOnce(), IsOk());
    clock.Advance(options.max_backoff);
  }
  counts = Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.failing, 0);
  EXPECT_EQ(counts.delivered, static_cast<int64_t>(sent.size()));
  ExpectEveryMessageArrivedUnchanged(sent, receiver);
  EXPECT_THAT(receiver.accepted(), SizeIs(sent.size()));
}

TEST_F(OutboxTest, BackgroundDispatcherDeliversOnceTheReceiverReturns) {
  const std::map<std::string, std::string> sent =
      InsertMany(10, {"hook", "wecom"});
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  receiver.Down();
  FakeClock clock(absl::Now() + absl::Seconds(1));
  const DispatcherOptions options = FastOptions();
  std::unique_ptr<Dispatcher> dispatcher =
      MakeDispatcher(store_.get(), &clock, receiver, options);
  ASSERT_NE(dispatcher, nullptr);
  dispatcher->Start();

  // Wait (real time, polling) until both channels rest (circuit open).
  auto both_open = [&] {
    for (const ChannelSnapshot& channel : dispatcher->ChannelSnapshots()) {
      if (channel.circuit != domain::CircuitState::kOpen) return false;
    }
    return true;
  };
  absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (!both_open() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(both_open());
  EXPECT_EQ(Counts().delivered, 0);
  EXPECT_EQ(Counts().pending, static_cast<int64_t>(sent.size()));

  ASSERT_TRUE(receiver.Up());
  clock.Advance(options.breaker.max_open);
  give_up = absl::Now() + absl::Seconds(20);
  while (Counts().pending > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  const absl::Time stop_started = absl::Now();
  dispatcher->Stop();
  EXPECT_LT(absl::Now() - stop_started, absl::Seconds(3));
  EXPECT_EQ(Counts().delivered, static_cast<int64_t>(sent.size()));
  ExpectEveryMessageArrivedUnchanged(sent, receiver);
}

TEST_F(OutboxTest, TwoDispatchersOnOneDatabaseNeverSendOneMessageTwice) {
  const std::map<std::string, std::string> sent =
      InsertMany(60, {"hook", "wecom"});
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  receiver.SetDelay(absl::Milliseconds(2));
  core::SystemClock clock;
  DispatcherOptions options = FastOptions();
  options.batch_size = 5;

  // Two "servers": separate pools, stores and dispatchers.
  absl::StatusOr<std::unique_ptr<store::PgConnectionPool>> other_pool =
      store::PgConnectionPool::Create(db_->url(), 2);
  ASSERT_THAT(other_pool, IsOk());
  store::PgOutboxStore other_store(other_pool->get());
  std::unique_ptr<Dispatcher> a =
      MakeDispatcher(store_.get(), &clock, receiver, options);
  std::unique_ptr<Dispatcher> b =
      MakeDispatcher(&other_store, &clock, receiver, options);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);

  std::vector<int> delivered_by(2, 0);
  auto drain = [&](Dispatcher* dispatcher, int* delivered) {
    for (int i = 0; i < 200; ++i) {
      absl::StatusOr<Dispatcher::Round> round = dispatcher->RunOnce();
      ASSERT_THAT(round, IsOk());
      *delivered += round->delivered;
      if (round->claimed == 0) break;
    }
  };
  std::thread ta(drain, a.get(), &delivered_by[0]);
  std::thread tb(drain, b.get(), &delivered_by[1]);
  ta.join();
  tb.join();

  EXPECT_EQ(delivered_by[0] + delivered_by[1], static_cast<int>(sent.size()));
  EXPECT_EQ(Counts().delivered, static_cast<int64_t>(sent.size()));
  EXPECT_THAT(receiver.accepted(), SizeIs(sent.size()));  // each exactly once
  EXPECT_EQ(receiver.max_concurrent_per_message(), 1);
  ExpectEveryMessageArrivedUnchanged(sent, receiver);
  std::cout << "dispatcher A delivered " << delivered_by[0] << ", B "
            << delivered_by[1] << "\n";
}

TEST_F(OutboxTest, DispatcherThatDiesAfterClaimingLosesNothing) {
  Insert("case-5/escalated/level-2/hook", "hook", Payload(5));
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());
  FakeClock clock(absl::Now() + absl::Seconds(1));
  std::unique_ptr<Dispatcher> dispatcher =
      MakeDispatcher(store_.get(), &clock, receiver, FastOptions());
  ASSERT_NE(dispatcher, nullptr);

  // A dispatcher on another server claims the message, sends it, and dies
  // before recording the delivery.
  absl::StatusOr<std::vector<store::OutboxMessage>> claimed =
      store_->ClaimDue(clock.Now(), 10, dispatcher->lease(), All());
  ASSERT_THAT(claimed, IsOk());
  ASSERT_THAT(*claimed, SizeIs(1));
  WebhookChannel doomed("hook", receiver.Url("/hook"), &poster_, PushWording{},
                        /*full_detail=*/true);
  ASSERT_THAT(doomed.Deliver((*claimed)[0], clock.Now()), IsOk());

  // While its lease lasts nobody else sends it...
  clock.Advance(dispatcher->lease() - absl::Seconds(1));
  absl::StatusOr<Dispatcher::Round> round = dispatcher->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->claimed, 0);
  EXPECT_EQ(Counts().pending, 1);

  // ...then it is delivered again, under the same idempotency key.
  clock.Advance(absl::Seconds(1));
  round = dispatcher->RunOnce();
  ASSERT_THAT(round, IsOk());
  EXPECT_EQ(round->delivered, 1);
  EXPECT_EQ(Counts().pending, 0);
  const std::vector<TestReceiver::Request> requests = receiver.accepted();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(requests[0].idempotency_key, "case-5/escalated/level-2/hook");
  EXPECT_EQ(requests[1].idempotency_key, "case-5/escalated/level-2/hook");
  EXPECT_TRUE(SameJson(requests[0].body, requests[1].body));
}

TEST_F(OutboxTest, ServerCrashBeforeDeliveryLosesNothing) {
  // Committed with its case change: survives the crash. Rolled back with
  // its case change: never sent.
  Insert("case-6/assigned/level-1/hook", "hook", Payload(6));
  Insert("case-7/assigned/level-1/hook", "hook", Payload(7),
         /*commit=*/false);
  TestReceiver receiver;
  ASSERT_TRUE(receiver.Up());

  // The "restarted" server: new pool, store and dispatcher.
  absl::StatusOr<std::unique_ptr<store::PgConnectionPool>> pool =
      store::PgConnectionPool::Create(db_->url(), 1);
  ASSERT_THAT(pool, IsOk());
  store::PgOutboxStore store(pool->get());
  core::SystemClock clock;
  std::unique_ptr<Dispatcher> dispatcher =
      MakeDispatcher(&store, &clock, receiver, FastOptions());
  ASSERT_NE(dispatcher, nullptr);
  ASSERT_THAT(dispatcher->RunOnce(), IsOk());

  const std::vector<TestReceiver::Request> requests = receiver.accepted();
  ASSERT_THAT(requests, SizeIs(1));
  EXPECT_EQ(requests[0].idempotency_key, "case-6/assigned/level-1/hook");
  EXPECT_EQ(Counts().pending, 0);
  EXPECT_EQ(Counts().delivered, 1);
}

TEST_F(OutboxTest, FileChannelWritesEachDeliveredMessage) {
  const std::string path =
      ::baoxue::testing::UniqueTempPath("outbox_file.jsonl");
  std::remove(path.c_str());
  Insert("case-8/resolved/demo-file", "demo-file", Payload(8));
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(std::make_unique<FileChannel>("demo-file", path));
  core::SystemClock clock;
  absl::StatusOr<std::unique_ptr<Dispatcher>> dispatcher = Dispatcher::Create(
      store_.get(), std::move(channels), &clock, FastOptions());
  ASSERT_THAT(dispatcher, IsOk());
  ASSERT_THAT((*dispatcher)->RunOnce(), IsOk());
  std::ifstream in(path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const Struct parsed = ParseJson(line);
  EXPECT_EQ(parsed.fields().at("idempotency_key").string_value(),
            "case-8/resolved/demo-file");
  EXPECT_FALSE(std::getline(in, line));
  EXPECT_EQ(Counts().delivered, 1);
}

}  // namespace
}  // namespace baoxue::notify

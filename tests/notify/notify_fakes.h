#ifndef BAOXUE_TESTS_NOTIFY_NOTIFY_FAKES_H_
#define BAOXUE_TESTS_NOTIFY_NOTIFY_FAKES_H_

// In-memory fakes for the notify unit tests: an OutboxStore, an HttpPoster
// and a Clock. They implement the interfaces' contracts (claims lease
// messages, marks are fenced by the attempt), not the PostgreSQL details.

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/core/clock.h"
#include "server/notify/http_poster.h"
#include "server/store/outbox_store.h"
#include "tests/testing/fake_clock.h"

namespace baoxue::notify::testing {

using ::baoxue::testing::FakeClock;
using ::baoxue::testing::TestNow;

// OutboxStore in memory. Thread-safe.
class FakeOutboxStore : public store::OutboxStore {
 public:
  struct Row {
    store::OutboxMessage message;  // attempt = attempts so far
    absl::Time next_attempt_at;
    std::optional<absl::Time> delivered_at;
    std::string last_error;
    absl::Time claimed_until = absl::InfinitePast();  // held by a claim
  };

  // Adds a message due at `due`; returns its id.
  int64_t Add(std::string key, std::string channel, std::string payload_json,
              absl::Time due) {
    absl::MutexLock lock(&mu_);
    Row row;
    row.message.message_id = next_id_++;
    row.message.idempotency_key = std::move(key);
    row.message.channel = std::move(channel);
    row.message.payload_json = std::move(payload_json);
    row.message.created_at = due;
    row.next_attempt_at = due;
    rows_[row.message.message_id] = row;
    return row.message.message_id;
  }

  Row Get(int64_t id) {
    absl::MutexLock lock(&mu_);
    return rows_.at(id);
  }

  absl::StatusOr<std::vector<store::OutboxMessage>> ClaimDue(
      absl::Time now, int limit, absl::Duration lease,
      const store::ChannelSelection& channels) override {
    absl::MutexLock lock(&mu_);
    if (claim_error_.has_value()) return *claim_error_;
    ++claims_;
    std::vector<Row*> due;
    for (auto& [id, row] : rows_) {
      const bool named = std::find(channels.names.begin(), channels.names.end(),
                                   row.message.channel) != channels.names.end();
      if (!row.delivered_at.has_value() && row.next_attempt_at <= now &&
          named != channels.all_but) {
        due.push_back(&row);
      }
    }
    return Claim(std::move(due), limit, now, lease);
  }

  absl::StatusOr<std::vector<store::OutboxMessage>> ClaimProbe(
      absl::Time now, absl::string_view channel,
      absl::Duration lease) override {
    absl::MutexLock lock(&mu_);
    if (claim_error_.has_value()) return *claim_error_;
    ++claims_;
    std::vector<Row*> free;
    for (auto& [id, row] : rows_) {
      if (!row.delivered_at.has_value() && row.message.channel == channel &&
          row.claimed_until <= now) {
        free.push_back(&row);
      }
    }
    return Claim(std::move(free), 1, now, lease);
  }

  absl::StatusOr<int64_t> PullForward(absl::string_view channel,
                                      absl::Time now) override {
    absl::MutexLock lock(&mu_);
    int64_t moved = 0;
    for (auto& [id, row] : rows_) {
      if (!row.delivered_at.has_value() && row.message.channel == channel &&
          row.next_attempt_at > now && row.claimed_until <= now) {
        row.next_attempt_at = now;
        ++moved;
      }
    }
    return moved;
  }

  absl::StatusOr<int64_t> PruneDelivered(absl::Time before,
                                         int limit) override {
    absl::MutexLock lock(&mu_);
    int64_t pruned = 0;
    for (auto it = rows_.begin(); it != rows_.end() && pruned < limit;) {
      if (it->second.delivered_at.has_value() &&
          *it->second.delivered_at < before) {
        it = rows_.erase(it);
        ++pruned;
      } else {
        ++it;
      }
    }
    return pruned;
  }

  absl::StatusOr<std::vector<store::ChannelBacklog>> PendingByChannel()
      override {
    absl::MutexLock lock(&mu_);
    std::map<std::string, store::ChannelBacklog> by_channel;
    for (const auto& [id, row] : rows_) {
      if (row.delivered_at.has_value()) continue;
      store::ChannelBacklog& b = by_channel[row.message.channel];
      if (b.pending == 0 ||
          row.message.created_at < b.oldest_pending_created_at) {
        b.oldest_pending_created_at = row.message.created_at;
      }
      b.channel = row.message.channel;
      ++b.pending;
      if (!row.last_error.empty()) ++b.failing;
    }
    std::vector<store::ChannelBacklog> out;
    for (auto& [name, b] : by_channel) out.push_back(std::move(b));
    return out;
  }

  // Claim calls so far (ClaimDue and ClaimProbe).
  int claims() {
    absl::MutexLock lock(&mu_);
    return claims_;
  }

  absl::Status MarkDelivered(int64_t id, absl::Time at) override {
    absl::MutexLock lock(&mu_);
    auto it = rows_.find(id);
    if (it != rows_.end() && !it->second.delivered_at.has_value()) {
      it->second.delivered_at = at;
      it->second.last_error.clear();
      it->second.claimed_until = absl::InfinitePast();
    }
    return absl::OkStatus();
  }

  absl::StatusOr<bool> MarkFailed(int64_t id, int attempt, absl::Time next,
                                  absl::string_view error) override {
    absl::MutexLock lock(&mu_);
    auto it = rows_.find(id);
    if (it == rows_.end() || it->second.delivered_at.has_value() ||
        it->second.message.attempt != attempt) {
      return false;
    }
    it->second.next_attempt_at = next;
    it->second.last_error = std::string(error);
    it->second.claimed_until = absl::InfinitePast();
    return true;
  }

  absl::StatusOr<bool> Release(int64_t id, int attempt,
                               absl::Time now) override {
    absl::MutexLock lock(&mu_);
    auto it = rows_.find(id);
    if (it == rows_.end() || it->second.delivered_at.has_value() ||
        it->second.message.attempt != attempt) {
      return false;
    }
    --it->second.message.attempt;
    it->second.next_attempt_at = now;
    it->second.claimed_until = absl::InfinitePast();
    return true;
  }

  absl::StatusOr<store::OutboxCounts> Counts() override {
    absl::MutexLock lock(&mu_);
    store::OutboxCounts counts;
    for (const auto& [id, row] : rows_) {
      if (row.delivered_at.has_value()) {
        ++counts.delivered;
      } else {
        ++counts.pending;
        if (!row.last_error.empty()) ++counts.failing;
      }
    }
    return counts;
  }

  // Blocks until `count` messages are delivered; false if `timeout` passes
  // first (a condition wait, not a sleep: it returns as soon as they are).
  bool AwaitDelivered(int count, absl::Duration timeout) {
    auto delivered = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      int n = 0;
      for (const auto& [id, row] : rows_) n += row.delivered_at.has_value();
      return n >= count;
    };
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&delivered), timeout);
  }

  void FailClaims(std::optional<absl::Status> error) {
    absl::MutexLock lock(&mu_);
    claim_error_ = std::move(error);
  }

 private:
  std::vector<store::OutboxMessage> Claim(std::vector<Row*> rows, int limit,
                                          absl::Time now, absl::Duration lease)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::stable_sort(rows.begin(), rows.end(), [](Row* a, Row* b) {
      return a->next_attempt_at < b->next_attempt_at;
    });
    if (rows.size() > static_cast<size_t>(limit)) rows.resize(limit);
    std::vector<store::OutboxMessage> out;
    for (Row* row : rows) {
      ++row->message.attempt;
      row->next_attempt_at = now + lease;
      row->claimed_until = now + lease;
      out.push_back(row->message);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.message_id < b.message_id;
    });
    return out;
  }

  absl::Mutex mu_;
  int claims_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<int64_t, Row> rows_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> claim_error_ ABSL_GUARDED_BY(mu_);
};

// HttpPoster that records requests and answers from a script (then a
// default answer). Thread-safe.
class FakeHttpPoster : public HttpPoster {
 public:
  struct Request {
    std::string url;
    Headers headers;
    std::string body;
  };

  absl::StatusOr<HttpResponse> PostJson(absl::string_view url,
                                        const Headers& headers,
                                        absl::string_view body) override {
    absl::MutexLock lock(&mu_);
    requests_.push_back(Request{std::string(url), headers, std::string(body)});
    if (!script_.empty()) {
      absl::StatusOr<HttpResponse> next = script_.front();
      script_.pop_front();
      return next;
    }
    return default_answer_;
  }

  void Script(absl::StatusOr<HttpResponse> answer) {
    absl::MutexLock lock(&mu_);
    script_.push_back(std::move(answer));
  }
  void SetDefault(absl::StatusOr<HttpResponse> answer) {
    absl::MutexLock lock(&mu_);
    default_answer_ = std::move(answer);
  }
  std::vector<Request> requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

 private:
  absl::Mutex mu_;
  std::vector<Request> requests_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::StatusOr<HttpResponse>> script_ ABSL_GUARDED_BY(mu_);
  absl::StatusOr<HttpResponse> default_answer_ ABSL_GUARDED_BY(mu_) =
      HttpResponse{200, R"({"errcode":0,"errmsg":"ok"})"};
};

// A payload as the case engine writes it, with everything a third party
// must not get: school, village, township, grade, risk, reasons.
inline std::string SamplePayload() {
  return R"({"kind":"assigned","case_id":17,"level":2,"role":"PRINCIPAL",)"
         R"("student":"张*明","grade":5,"school":"城关小学",)"
         R"("township":"城关镇","village":"河西村","probability":0.83,)"
         R"("township_code":"360799101000","case_kind":"dropout_risk",)"
         R"("reasons_zh":["残疾","脱贫户","留守儿童"],)"
         R"("deadline":"2026-11-23T08:00:00+08:00",)"
         R"("title_zh":"控辍保学：新案件",)"
         R"("text_zh":"### 新案件 17\n学生 张*明（五年级）辍学风险 0.83，请于 11月23日 08:00 前确认。",)"
         R"("text_en":"New case 17: student 张*明 (grade 5), risk 0.83."})";
}

}  // namespace baoxue::notify::testing

#endif  // BAOXUE_TESTS_NOTIFY_NOTIFY_FAKES_H_

#ifndef BAOXUE_TESTS_NOTIFY_TEST_RECEIVER_H_
#define BAOXUE_TESTS_NOTIFY_TEST_RECEIVER_H_

// A local HTTP receiver for the notify tests (cpp-httplib): POST /hook
// answers like a generic webhook, POST /wecom like a WeCom/DingTalk robot.
// It records every request, can be taken down (connections refused) and
// brought back on the same port, can answer "busy" (HTTP 503 on /hook,
// errcode 45009 on /wecom), and tracks how many requests for one
// Idempotency-Key / body run at the same time. Thread-safe.

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "httplib.h"

namespace baoxue::notify::testing {

class TestReceiver {
 public:
  struct Request {
    std::string path;
    std::string idempotency_key;  // header; empty for robots
    std::string body;
  };

  TestReceiver() = default;
  TestReceiver(const TestReceiver&) = delete;
  TestReceiver& operator=(const TestReceiver&) = delete;
  ~TestReceiver() { Down(); }

  // Starts listening (on a free port the first time, then on the same port).
  // Returns false if the port cannot be bound.
  bool Up() {
    Down();
    server_ = std::make_unique<httplib::Server>();
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      Handle(req, res);
    };
    server_->Post("/hook", handler);
    server_->Post("/wecom", handler);
    if (port_ == 0) {
      port_ = server_->bind_to_any_port("127.0.0.1");
      if (port_ <= 0) return false;
    } else if (!server_->bind_to_port("127.0.0.1", port_)) {
      return false;
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the server runs, so Down() must not race it.
    while (!server_->is_running()) absl::SleepFor(absl::Milliseconds(1));
    return true;
  }

  // Stops listening: new connections are refused.
  void Down() {
    if (server_ == nullptr) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  void SetBusy(bool busy) {
    absl::MutexLock lock(&mu_);
    busy_ = busy;
  }
  void SetDelay(absl::Duration delay) {
    absl::MutexLock lock(&mu_);
    delay_ = delay;
  }

  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", port_, path);
  }
  int port() const { return port_; }

  // Requests that arrived (answered or not), and when the first did.
  int arrived() {
    absl::MutexLock lock(&mu_);
    return arrived_;
  }
  absl::Time first_arrival() {
    absl::MutexLock lock(&mu_);
    return first_arrival_;
  }

  // Requests answered with success.
  std::vector<Request> accepted() {
    absl::MutexLock lock(&mu_);
    return accepted_;
  }
  int refused_busy() {
    absl::MutexLock lock(&mu_);
    return busy_answers_;
  }
  // Most requests for one key (or robot body) in progress at once.
  int max_concurrent_per_message() {
    absl::MutexLock lock(&mu_);
    return max_in_flight_;
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    const bool robot = req.path == "/wecom";
    const std::string identity =
        robot ? req.body : req.get_header_value("Idempotency-Key");
    absl::Duration delay;
    {
      absl::MutexLock lock(&mu_);
      if (arrived_++ == 0) first_arrival_ = absl::Now();
      const int now_in_flight = ++in_flight_[identity];
      max_in_flight_ = std::max(max_in_flight_, now_in_flight);
      delay = delay_;
    }
    if (delay > absl::ZeroDuration()) absl::SleepFor(delay);
    absl::MutexLock lock(&mu_);
    --in_flight_[identity];
    if (busy_) {
      ++busy_answers_;
      if (robot) {
        res.set_content(R"({"errcode":45009,"errmsg":"api freq out of limit"})",
                        "application/json");
      } else {
        res.status = 503;
      }
      return;
    }
    accepted_.push_back(
        Request{req.path, req.get_header_value("Idempotency-Key"), req.body});
    if (robot) {
      res.set_content(R"({"errcode":0,"errmsg":"ok"})", "application/json");
    } else {
      res.status = 200;
      res.set_content("{}", "application/json");
    }
  }

  int port_ = 0;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;

  absl::Mutex mu_;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration delay_ ABSL_GUARDED_BY(mu_);
  std::vector<Request> accepted_ ABSL_GUARDED_BY(mu_);
  int busy_answers_ ABSL_GUARDED_BY(mu_) = 0;
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time first_arrival_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> in_flight_ ABSL_GUARDED_BY(mu_);
  int max_in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace baoxue::notify::testing

#endif  // BAOXUE_TESTS_NOTIFY_TEST_RECEIVER_H_

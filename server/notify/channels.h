#ifndef BAOXUE_SERVER_NOTIFY_CHANNELS_H_
#define BAOXUE_SERVER_NOTIFY_CHANNELS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "baoxue/v1/config.pb.h"
#include "domain/vocabulary.h"
#include "server/notify/channel.h"
#include "server/notify/http_poster.h"

namespace baoxue::notify {

// How pushes are worded: one language, and the web page pushes link to
// (notify.language, notify.web_url).
struct PushWording {
  domain::Language language = domain::Language::kZh;
  std::string web_url;
};

// notify.language and notify.web_url of a config ApplyNotifyDefaults took.
PushWording PushWordingFromConfig(const baoxue::v1::NotifyConfig& config);

// The message bodies each channel sends, from one outbox message. Exposed
// for tests and docs/notifications.md. INVALID_ARGUMENT if the payload is not
// a JSON object or lacks a field the format needs (named in the message).
// Robots and webhooks without full_detail get only the minimal push
// (core/minimal_push.h): case number, level, deadline, masked name, link.

// {"idempotency_key": ..., "channel": ..., "message": <minimal push>}, or
// with `full_detail` "message": <the whole payload>.
absl::StatusOr<std::string> WebhookBody(const store::OutboxMessage& message,
                                        const PushWording& wording = {},
                                        bool full_detail = false);
// WeCom group robot: {"msgtype":"markdown","markdown":{"content": text}};
// content cut to WeCom's 4096 bytes at a character boundary.
absl::StatusOr<std::string> WeComBody(const store::OutboxMessage& message,
                                      const PushWording& wording = {});
// DingTalk custom robot:
// {"msgtype":"markdown","markdown":{"title": title, "text": text}}.
absl::StatusOr<std::string> DingTalkBody(const store::OutboxMessage& message,
                                         const PushWording& wording = {});
// One FILE line (without the newline): {"idempotency_key", "channel",
// "delivered_at" (RFC 3339, UTC+8), "message"}.
absl::StatusOr<std::string> FileLine(const store::OutboxMessage& message,
                                     absl::Time delivered_at);

// Generic JSON webhook: POSTs WebhookBody with header Idempotency-Key; any
// 2xx is delivery. Thread-safe; does not own `poster`.
class WebhookChannel : public Channel {
 public:
  WebhookChannel(std::string name, std::string url, HttpPoster* poster,
                 PushWording wording = {}, bool full_detail = false)
      : name_(std::move(name)),
        url_(std::move(url)),
        poster_(poster),
        wording_(std::move(wording)),
        full_detail_(full_detail) {}
  const std::string& name() const override { return name_; }
  absl::Status Deliver(const store::OutboxMessage& message,
                       absl::Time now) override;

 private:
  const std::string name_;
  const std::string url_;
  HttpPoster* poster_;
  const PushWording wording_;
  const bool full_detail_;
};

// WeCom (企业微信) group robot or DingTalk (钉钉) custom robot: POSTs the
// robot's markdown message; delivered only on HTTP 2xx with JSON errcode 0
// (e.g. WeCom's rate limit answers 200 with errcode 45009: retried).
// Thread-safe; does not own `poster`.
class RobotChannel : public Channel {
 public:
  enum class Format { kWeCom, kDingTalk };
  RobotChannel(Format format, std::string name, std::string url,
               HttpPoster* poster, PushWording wording = {})
      : format_(format),
        name_(std::move(name)),
        url_(std::move(url)),
        poster_(poster),
        wording_(std::move(wording)) {}
  const std::string& name() const override { return name_; }
  absl::Status Deliver(const store::OutboxMessage& message,
                       absl::Time now) override;

 private:
  const Format format_;
  const std::string name_;
  const std::string url_;
  HttpPoster* poster_;
  const PushWording wording_;
};

// Appends FileLine to `path` (created 0640 if missing) with one write per
// message, then fsyncs, so a delivered message survives a crash.
// Thread-safe (appends are serialised).
class FileChannel : public Channel {
 public:
  FileChannel(std::string name, std::string path)
      : name_(std::move(name)), path_(std::move(path)) {}
  const std::string& name() const override { return name_; }
  absl::Status Deliver(const store::OutboxMessage& message,
                       absl::Time now) override;

 private:
  const std::string name_;
  const std::string path_;
  absl::Mutex mu_;  // one append at a time
};

// One channel per notify.channels[] entry (validated by ApplyNotifyDefaults).
// HTTP channels share `poster`, which must outlive them.
// INVALID_ARGUMENT for a channel without a kind.
absl::StatusOr<std::vector<std::unique_ptr<Channel>>> MakeChannels(
    const baoxue::v1::NotifyConfig& config, HttpPoster* poster);

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_CHANNELS_H_

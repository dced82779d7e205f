#include "server/notify/channels.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/county_time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/core/minimal_push.h"

namespace baoxue::notify {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// WeCom rejects markdown content longer than this (bytes of UTF-8).
constexpr size_t kWeComMaxContentBytes = 4096;
// Robot error messages are kept short in last_error.
constexpr size_t kMaxRobotErrorBytes = 120;

std::string CutUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end));
}

absl::StatusOr<Struct> ParseObject(absl::string_view json,
                                   absl::string_view what) {
  Struct object;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &object)
           .ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not a JSON object"));
  }
  return object;
}

absl::StatusOr<Struct> ParsePayload(const store::OutboxMessage& message) {
  return ParseObject(message.payload_json,
                     absl::StrCat("payload of message ", message.message_id));
}

absl::StatusOr<std::string> ToJson(const Struct& object) {
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(object, &out).ok()) {
    return absl::InternalError("cannot write the message as JSON");
  }
  return out;
}

Value StringValue(absl::string_view s) {
  Value v;
  v.set_string_value(std::string(s));
  return v;
}

Value ObjectValue(Struct object) {
  Value v;
  *v.mutable_struct_value() = std::move(object);
  return v;
}

// The minimal push of `message`; INVALID_ARGUMENT naming the message when
// its payload lacks what a push needs.
absl::StatusOr<core::MinimalPush> MinimalPushOf(
    const store::OutboxMessage& message, const PushWording& wording) {
  absl::StatusOr<core::MinimalPush> push =
      core::MinimalPushFromPayload(message.payload_json, wording.web_url);
  if (!push.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "message ", message.message_id, ": ", push.status().message()));
  }
  return push;
}

// Any non-2xx answer is a failure; 5xx and 429 say "later", other codes say
// the receiver refused (both are retried).
absl::Status CheckHttpStatus(int status) {
  if (status >= 200 && status < 300) return absl::OkStatus();
  const std::string what = absl::StrCat("receiver answered HTTP ", status);
  if (status >= 500 || status == 429) return absl::UnavailableError(what);
  return absl::FailedPreconditionError(what);
}

}  // namespace

PushWording PushWordingFromConfig(const baoxue::v1::NotifyConfig& config) {
  return PushWording{domain::LanguageOrDefault(config.language()),
                     config.web_url()};
}

absl::StatusOr<std::string> WebhookBody(const store::OutboxMessage& message,
                                        const PushWording& wording,
                                        bool full_detail) {
  Struct payload;
  if (full_detail) {
    BAOXUE_ASSIGN_OR_RETURN(payload, ParsePayload(message));
  } else {
    BAOXUE_ASSIGN_OR_RETURN(core::MinimalPush push,
                            MinimalPushOf(message, wording));
    BAOXUE_ASSIGN_OR_RETURN(
        payload, ParseObject(core::MinimalPushJson(push, wording.language),
                             "minimal push"));
  }
  Struct body;
  auto& fields = *body.mutable_fields();
  fields["idempotency_key"] = StringValue(message.idempotency_key);
  fields["channel"] = StringValue(message.channel);
  fields["message"] = ObjectValue(std::move(payload));
  return ToJson(body);
}

absl::StatusOr<std::string> WeComBody(const store::OutboxMessage& message,
                                      const PushWording& wording) {
  BAOXUE_ASSIGN_OR_RETURN(core::MinimalPush push,
                          MinimalPushOf(message, wording));
  Struct markdown;
  (*markdown.mutable_fields())["content"] = StringValue(CutUtf8(
      core::MinimalPushText(push, wording.language), kWeComMaxContentBytes));
  Struct body;
  (*body.mutable_fields())["msgtype"] = StringValue("markdown");
  (*body.mutable_fields())["markdown"] = ObjectValue(std::move(markdown));
  return ToJson(body);
}

absl::StatusOr<std::string> DingTalkBody(const store::OutboxMessage& message,
                                         const PushWording& wording) {
  BAOXUE_ASSIGN_OR_RETURN(core::MinimalPush push,
                          MinimalPushOf(message, wording));
  Struct markdown;
  (*markdown.mutable_fields())["title"] =
      StringValue(core::MinimalPushTitle(push, wording.language));
  (*markdown.mutable_fields())["text"] =
      StringValue(core::MinimalPushText(push, wording.language));
  Struct body;
  (*body.mutable_fields())["msgtype"] = StringValue("markdown");
  (*body.mutable_fields())["markdown"] = ObjectValue(std::move(markdown));
  return ToJson(body);
}

absl::StatusOr<std::string> FileLine(const store::OutboxMessage& message,
                                     absl::Time delivered_at) {
  BAOXUE_ASSIGN_OR_RETURN(Struct payload, ParsePayload(message));
  Struct line;
  auto& fields = *line.mutable_fields();
  fields["idempotency_key"] = StringValue(message.idempotency_key);
  fields["channel"] = StringValue(message.channel);
  fields["delivered_at"] = StringValue(absl::FormatTime(
      "%Y-%m-%dT%H:%M:%E3S%Ez", delivered_at, domain::CountyTimeZone()));
  fields["message"] = ObjectValue(std::move(payload));
  return ToJson(line);
}

absl::Status WebhookChannel::Deliver(const store::OutboxMessage& message,
                                     absl::Time /*now*/) {
  BAOXUE_ASSIGN_OR_RETURN(std::string body,
                          WebhookBody(message, wording_, full_detail_));
  BAOXUE_ASSIGN_OR_RETURN(
      HttpResponse response,
      poster_->PostJson(url_, {{"Idempotency-Key", message.idempotency_key}},
                        body));
  return CheckHttpStatus(response.status);
}

absl::Status RobotChannel::Deliver(const store::OutboxMessage& message,
                                   absl::Time /*now*/) {
  BAOXUE_ASSIGN_OR_RETURN(std::string body,
                          format_ == Format::kWeCom
                              ? WeComBody(message, wording_)
                              : DingTalkBody(message, wording_));
  BAOXUE_ASSIGN_OR_RETURN(HttpResponse response,
                          poster_->PostJson(url_, {}, body));
  BAOXUE_RETURN_IF_ERROR(CheckHttpStatus(response.status));
  absl::StatusOr<Struct> answer = ParseObject(response.body, "robot answer");
  if (!answer.ok())
    return absl::FailedPreconditionError(answer.status().message());
  auto errcode = answer->fields().find("errcode");
  if (errcode == answer->fields().end() ||
      errcode->second.kind_case() != Value::kNumberValue) {
    return absl::FailedPreconditionError("robot answer has no errcode");
  }
  if (errcode->second.number_value() != 0) {
    std::string errmsg;
    auto it = answer->fields().find("errmsg");
    if (it != answer->fields().end() &&
        it->second.kind_case() == Value::kStringValue) {
      errmsg = CutUtf8(it->second.string_value(), kMaxRobotErrorBytes);
    }
    return absl::FailedPreconditionError(
        absl::StrCat("robot answered errcode ",
                     static_cast<int64_t>(errcode->second.number_value()),
                     errmsg.empty() ? "" : ": ", errmsg));
  }
  return absl::OkStatus();
}

absl::Status FileChannel::Deliver(const store::OutboxMessage& message,
                                  absl::Time now) {
  BAOXUE_ASSIGN_OR_RETURN(std::string line, FileLine(message, now));
  line += '\n';
  absl::MutexLock lock(&mu_);
  const int fd =
      open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open the file of channel ",
                                            name_, ": ", std::strerror(errno)));
  }
  absl::Status status = absl::OkStatus();
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = write(fd, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      status = absl::InternalError(
          absl::StrCat("cannot append to the file of channel ", name_, ": ",
                       std::strerror(errno)));
      break;
    }
    written += static_cast<size_t>(n);
  }
  if (status.ok() && fsync(fd) != 0) {
    status = absl::InternalError(absl::StrCat(
        "cannot sync the file of channel ", name_, ": ", std::strerror(errno)));
  }
  if (close(fd) != 0 && status.ok()) {
    status =
        absl::InternalError(absl::StrCat("cannot close the file of channel ",
                                         name_, ": ", std::strerror(errno)));
  }
  return status;
}

absl::StatusOr<std::vector<std::unique_ptr<Channel>>> MakeChannels(
    const baoxue::v1::NotifyConfig& config, HttpPoster* poster) {
  using baoxue::v1::NotifyChannel;
  const PushWording wording = PushWordingFromConfig(config);
  std::vector<std::unique_ptr<Channel>> channels;
  for (int i = 0; i < config.channels_size(); ++i) {
    const NotifyChannel& c = config.channels(i);
    switch (c.kind()) {
      case NotifyChannel::WEBHOOK:
        channels.push_back(std::make_unique<WebhookChannel>(
            c.name(), c.url(), poster, wording, c.full_detail()));
        break;
      case NotifyChannel::WECOM:
        channels.push_back(std::make_unique<RobotChannel>(
            RobotChannel::Format::kWeCom, c.name(), c.url(), poster, wording));
        break;
      case NotifyChannel::DINGTALK:
        channels.push_back(
            std::make_unique<RobotChannel>(RobotChannel::Format::kDingTalk,
                                           c.name(), c.url(), poster, wording));
        break;
      case NotifyChannel::FILE:
        channels.push_back(std::make_unique<FileChannel>(c.name(), c.path()));
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat("notify.channels[", i, "].kind is not set"));
    }
  }
  return channels;
}

}  // namespace baoxue::notify

#include "server/notify/notify_config.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/net_address.h"
#include "domain/division_code.h"
#include "domain/vocabulary.h"

namespace baoxue::notify {
namespace {

using baoxue::v1::NotifyChannel;

constexpr size_t kMaxNameLength = 64;

bool IsWellFormedName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsAllowedPushUrl(absl::string_view url) {
  for (char c : url) {
    if (absl::ascii_isspace(c) || absl::ascii_iscntrl(c)) return false;
  }
  absl::string_view rest = url;
  bool https = false;
  if (absl::StartsWithIgnoreCase(rest, "https://")) {
    https = true;
    rest.remove_prefix(8);
  } else if (absl::StartsWithIgnoreCase(rest, "http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  // The authority: up to the path, query or fragment; no user info.
  absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = authority.rfind('@');
  if (at != absl::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return false;  // no host
  if (https) return true;
  // http only to this machine: the message never crosses a network.
  absl::string_view host = authority;
  if (absl::ConsumePrefix(&host, "[")) {
    host = host.substr(0, host.find(']'));
  } else {
    host = host.substr(0, host.find(':'));
  }
  return IsLoopbackHost(host);
}

namespace {

bool IsDivisionCode(const std::string& code) {
  return domain::DivisionCode::ParseFull(code).ok();
}

// The page's address as pushes link to it: http(s), a host, no spaces.
bool IsWebPageUrl(absl::string_view url) {
  for (char c : url) {
    if (absl::ascii_isspace(c) || absl::ascii_iscntrl(c)) return false;
  }
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "https://") &&
      !absl::ConsumePrefix(&rest, "http://")) {
    return false;
  }
  return !rest.empty() && rest[0] != '/';
}

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", problem));
}

}  // namespace

absl::Status ApplyNotifyDefaults(baoxue::v1::NotifyConfig& config) {
  if (config.poll_seconds() == 0) config.set_poll_seconds(2);
  if (config.initial_backoff_seconds() == 0) {
    config.set_initial_backoff_seconds(5);
  }
  if (config.max_backoff_seconds() == 0) config.set_max_backoff_seconds(3600);
  if (config.timeout_seconds() == 0) config.set_timeout_seconds(10);
  if (config.circuit_failure_threshold() == 0) {
    config.set_circuit_failure_threshold(3);
  }
  if (config.circuit_max_open_seconds() == 0) {
    config.set_circuit_max_open_seconds(
        std::max(60, config.initial_backoff_seconds()));
  }
  if (!config.has_keep_delivered_days()) config.set_keep_delivered_days(30);
  if (config.language().empty()) config.set_language("zh");
  for (const auto& [value, name] :
       {std::pair{config.poll_seconds(), "notify.poll_seconds"},
        std::pair{config.initial_backoff_seconds(),
                  "notify.initial_backoff_seconds"},
        std::pair{config.max_backoff_seconds(), "notify.max_backoff_seconds"},
        std::pair{config.timeout_seconds(), "notify.timeout_seconds"},
        std::pair{config.circuit_failure_threshold(),
                  "notify.circuit_failure_threshold"},
        std::pair{config.circuit_max_open_seconds(),
                  "notify.circuit_max_open_seconds"}}) {
    if (value < 0) return Invalid(name, "must be > 0");
  }
  if (config.keep_delivered_days() < 0) {
    return Invalid("notify.keep_delivered_days",
                   "must be >= 0 (0 keeps delivered messages)");
  }
  if (config.circuit_max_open_seconds() < config.initial_backoff_seconds()) {
    return Invalid("notify.circuit_max_open_seconds",
                   "must be >= notify.initial_backoff_seconds");
  }
  if (!domain::ParseLanguage(config.language()).has_value()) {
    return Invalid("notify.language", "must be \"zh\" or \"en\"");
  }
  if (!config.web_url().empty() && !IsWebPageUrl(config.web_url())) {
    return Invalid("notify.web_url",
                   "must be an http:// or https:// URL without spaces");
  }
  if (config.max_backoff_seconds() < config.initial_backoff_seconds()) {
    return Invalid("notify.max_backoff_seconds",
                   "must be >= notify.initial_backoff_seconds");
  }

  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < config.channels_size(); ++i) {
    const NotifyChannel& channel = config.channels(i);
    const std::string field = absl::StrCat("notify.channels[", i, "]");
    if (!IsWellFormedName(channel.name())) {
      return Invalid(absl::StrCat(field, ".name"),
                     "must be 1-64 letters, digits, '-', '_' or '.'");
    }
    if (!names.insert(channel.name()).second) {
      return Invalid(absl::StrCat(field, ".name"),
                     absl::StrCat("repeats \"", channel.name(), "\""));
    }
    switch (channel.kind()) {
      case NotifyChannel::WEBHOOK:
      case NotifyChannel::WECOM:
      case NotifyChannel::DINGTALK:
        // The URL is not repeated: a robot's key sits in its query.
        if (!IsAllowedPushUrl(channel.url())) {
          return Invalid(absl::StrCat(field, ".url"),
                         "must be an https:// URL (http:// only to a loopback "
                         "host: 127.0.0.1, ::1, localhost)");
        }
        break;
      case NotifyChannel::FILE:
        if (channel.path().empty()) {
          return Invalid(absl::StrCat(field, ".path"),
                         "must name the file to append to");
        }
        break;
      default:
        return Invalid(absl::StrCat(field, ".kind"),
                       "must be WEBHOOK, WECOM, DINGTALK or FILE");
    }
    if (channel.full_detail() && channel.kind() != NotifyChannel::WEBHOOK) {
      return Invalid(absl::StrCat(field, ".full_detail"),
                     "is only for WEBHOOK channels inside the government "
                     "network; robots get the minimal push");
    }
    if (!channel.area_code().empty() && !IsDivisionCode(channel.area_code())) {
      return Invalid(absl::StrCat(field, ".area_code"),
                     "must be empty or a 12-digit division code");
    }
  }
  return absl::OkStatus();
}

}  // namespace baoxue::notify

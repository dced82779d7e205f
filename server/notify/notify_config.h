#ifndef BAOXUE_SERVER_NOTIFY_NOTIFY_CONFIG_H_
#define BAOXUE_SERVER_NOTIFY_NOTIFY_CONFIG_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue::notify {

// Fills unset (zero) fields of `config` with their defaults (poll 2 s,
// backoff 5 s doubling up to 1 h, HTTP timeout 10 s, circuit opens after 3
// failures and rests up to max(60 s, initial backoff), delivered messages
// kept 30 days, language "zh") and validates it.
// INVALID_ARGUMENT naming the field (e.g. "notify.channels[2].url") when:
// a number is negative, max_backoff_seconds < initial_backoff_seconds,
// circuit_max_open_seconds < initial_backoff_seconds, language is not
// "zh"/"en", web_url is not an http(s) URL, full_detail is set on a
// channel other than WEBHOOK, a
// channel has no kind, an empty, repeated or ill-formed name (letters,
// digits, '-', '_', '.'; at most 64), a WEBHOOK/WECOM/DINGTALK channel's
// URL fails IsAllowedPushUrl, a FILE channel has no path, or area_code is
// neither empty nor 12 digits.
absl::Status ApplyNotifyDefaults(baoxue::v1::NotifyConfig& config);

// The rule for push URLs: https:// with a host, or http:// to a loopback
// host (127.0.0.0/8, ::1, localhost; a receiver on the same machine), so a
// message about a child never crosses a network in the clear.
bool IsAllowedPushUrl(absl::string_view url);

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_NOTIFY_CONFIG_H_

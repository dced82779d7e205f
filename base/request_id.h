#ifndef BAOXUE_BASE_REQUEST_ID_H_
#define BAOXUE_BASE_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace baoxue {

// The header (HTTP) and metadata key (gRPC) that carry a call's request id,
// both ways: a client may send one, the server always answers with one.
inline constexpr char kRequestIdKey[] = "x-request-id";

// A new request id: 16 random lowercase hex digits (unique, not secret).
// Thread-safe: each thread draws from its own generator.
std::string NewRequestId();

// The id the client sent if it is usable in logs (1 to 64 characters of
// letters, digits, '-', '_', '.', ':'), else a new one: a client can never
// write arbitrary text into the server's log through it.
std::string RequestIdFrom(absl::string_view sent);

}  // namespace baoxue

#endif  // BAOXUE_BASE_REQUEST_ID_H_

#ifndef BAOXUE_BASE_NET_ADDRESS_H_
#define BAOXUE_BASE_NET_ADDRESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue {

struct HostPort {
  std::string host;  // without the brackets of "[::1]:50151"
  int port = 0;
};

// Splits "host:port", "[v6]:port" (and gRPC's "ipv4:" / "ipv6:" / "dns:///"
// prefixes) into host and port. INVALID_ARGUMENT if there is no port or it is
// not 0..65535.
absl::StatusOr<HostPort> SplitHostPort(absl::string_view address);

// True for "localhost", 127.0.0.0/8, ::1 and ::ffff:127.x.y.z. Not for an
// empty host, 0.0.0.0 or :: (every interface) or any other name: a name other
// than localhost may resolve anywhere.
bool IsLoopbackHost(absl::string_view host);

// The loopback rule for listening and dialling without TLS: true when
// `address` is a host:port on a loopback host (IsLoopbackHost) or a Unix
// socket ("unix:..."), which never leaves the machine. Malformed: false.
bool IsLoopbackAddress(absl::string_view address);

}  // namespace baoxue

#endif  // BAOXUE_BASE_NET_ADDRESS_H_

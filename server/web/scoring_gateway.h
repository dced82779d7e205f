#ifndef BAOXUE_SERVER_WEB_SCORING_GATEWAY_H_
#define BAOXUE_SERVER_WEB_SCORING_GATEWAY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/authenticator.h"
#include "server/core/scorer.h"

namespace httplib {
class Server;
}

namespace baoxue::web {

// What the gateway answers: an HTTP status and a JSON body.
struct GatewayReply {
  int http_status = 200;
  std::string json;
};

// The HTTP/JSON gateway to the RiskScoring service (docs/integration.md),
// transcoded as Google's HTTP/JSON convention does for custom methods with
// `body: "*"`: POST /v1/scoring:<method>, the request message as the JSON
// body, the response message as the JSON answer (protobuf's JSON mapping,
// proto field names; lowerCamelCase names are accepted too). Same Bearer
// tokens (core::Authenticator) and the same calls (convert/scoring_calls.h)
// as gRPC; a failed call answers HttpStatusOf(code) with the body
// {"code": <gRPC code number>, "message": "..."} (google.rpc.Status), with
// a generic message for INTERNAL and UNKNOWN. One method per route.
// Thread-safe; does not own the authenticator or the scorer.
class ScoringGateway {
 public:
  ScoringGateway(core::Authenticator* authenticator, const core::Scorer* scorer)
      : authenticator_(authenticator), scorer_(scorer) {}

  // `authorization` is the Authorization header's value, `body` the JSON.
  GatewayReply ScoreStudents(absl::string_view authorization,
                             absl::string_view body) const;
  GatewayReply ScoreFeatures(absl::string_view authorization,
                             absl::string_view body) const;
  GatewayReply ListTopRisks(absl::string_view authorization,
                            absl::string_view body) const;
  GatewayReply ListFeatures(absl::string_view authorization,
                            absl::string_view body) const;

  // Serves every route of GatewayRoutes() on `http`.
  void Register(httplib::Server& http) const;

 private:
  core::Authenticator* authenticator_;
  const core::Scorer* scorer_;
};

// One route: a path bound to a gRPC method. Every route is a POST with the
// request message as its body.
struct GatewayRoute {
  const char* path;  // "/v1/scoring:scoreStudents"
  const char* rpc;   // "baoxue.v1.RiskScoring.ScoreStudents"
  GatewayReply (ScoringGateway::*handler)(absl::string_view authorization,
                                          absl::string_view body) const;
};

// Every route of the gateway, one table: Register() serves it and the
// OpenAPI generator (server/tools/openapi_gen.cc) documents it.
absl::Span<const GatewayRoute> GatewayRoutes();

// The error answer for `status`: its HTTP status and google.rpc.Status JSON.
GatewayReply GatewayError(const absl::Status& status);

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_SCORING_GATEWAY_H_

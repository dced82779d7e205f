#include "server/web/scoring_gateway.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "baoxue/v1/scoring.pb.h"
#include "google/protobuf/util/json_util.h"
#include "httplib.h"
#include "server/convert/scoring_calls.h"
#include "server/web/http_status.h"
#include "server/web/json_builder.h"

namespace baoxue::web {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

constexpr GatewayRoute kRoutes[] = {
    {"/v1/scoring:scoreStudents", "baoxue.v1.RiskScoring.ScoreStudents",
     &ScoringGateway::ScoreStudents},
    {"/v1/scoring:scoreFeatures", "baoxue.v1.RiskScoring.ScoreFeatures",
     &ScoringGateway::ScoreFeatures},
    {"/v1/scoring:listTopRisks", "baoxue.v1.RiskScoring.ListTopRisks",
     &ScoringGateway::ListTopRisks},
    {"/v1/scoring:listFeatures", "baoxue.v1.RiskScoring.ListFeatures",
     &ScoringGateway::ListFeatures},
};

// The request message from the JSON body (blank = all defaults). Unknown
// fields are refused, so a misspelt field is not silently ignored.
absl::Status ParseRequest(absl::string_view body,
                          google::protobuf::Message* request) {
  if (absl::StripAsciiWhitespace(body).empty()) return absl::OkStatus();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), request,
      options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("body: not a JSON ", request->GetDescriptor()->name(),
                     ": ", std::string(parsed.message())));
  }
  return absl::OkStatus();
}

// The response message as JSON: proto field names, defaults included (a
// probability of 0 is printed, not left out), int64 as strings.
GatewayReply PrintResponse(const google::protobuf::Message& response) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  GatewayReply reply;
  if (!google::protobuf::util::MessageToJsonString(response, &reply.json,
                                                   options)
           .ok()) {
    return GatewayError(absl::InternalError("cannot print the answer"));
  }
  return reply;
}

// The common shape of every route: authenticate, parse, call, print.
template <typename Request, typename Response, typename Call>
GatewayReply Transcode(core::Authenticator& authenticator,
                       absl::string_view authorization, absl::string_view body,
                       Call call) {
  if (authorization.empty()) {
    return GatewayError(absl::UnauthenticatedError(
        "missing header 'Authorization: Bearer <token>'"));
  }
  absl::StatusOr<core::Caller> caller =
      authenticator.Authenticate(authorization);
  if (!caller.ok()) return GatewayError(caller.status());
  Request request;
  if (absl::Status parsed = ParseRequest(body, &request); !parsed.ok()) {
    return GatewayError(parsed);
  }
  Response response;
  if (absl::Status called = call(*caller, request, &response); !called.ok()) {
    return GatewayError(called);
  }
  return PrintResponse(response);
}

}  // namespace

absl::Span<const GatewayRoute> GatewayRoutes() { return kRoutes; }

GatewayReply GatewayError(const absl::Status& status) {
  GatewayReply reply;
  reply.http_status = HttpStatusOf(status.code());
  const bool internal = reply.http_status == 500;
  // google.rpc.Status's fields; the code is gRPC's (absl's) number.
  JsonBuilder json;
  json.BeginObject()
      .Key("code")
      .Int(static_cast<int>(status.code()))
      .Key("message")
      .String(internal ? "internal error" : status.message())
      .EndObject();
  reply.json = json.str();
  return reply;
}

GatewayReply ScoringGateway::ScoreStudents(absl::string_view authorization,
                                           absl::string_view body) const {
  return Transcode<v1::ScoreStudentsRequest, v1::ScoreStudentsResponse>(
      *authenticator_, authorization, body,
      [this](const core::Caller& caller, const auto& request, auto* response) {
        return convert::ScoreStudents(*scorer_, caller, request, response);
      });
}

GatewayReply ScoringGateway::ScoreFeatures(absl::string_view authorization,
                                           absl::string_view body) const {
  return Transcode<v1::ScoreFeaturesRequest, v1::ScoreFeaturesResponse>(
      *authenticator_, authorization, body,
      [this](const core::Caller& caller, const auto& request, auto* response) {
        return convert::ScoreFeatures(*scorer_, caller, request, response);
      });
}

GatewayReply ScoringGateway::ListTopRisks(absl::string_view authorization,
                                          absl::string_view body) const {
  return Transcode<v1::ListTopRisksRequest, v1::ListTopRisksResponse>(
      *authenticator_, authorization, body,
      [this](const core::Caller& caller, const auto& request, auto* response) {
        return convert::ListTopRisks(*scorer_, caller, request, response);
      });
}

GatewayReply ScoringGateway::ListFeatures(absl::string_view authorization,
                                          absl::string_view body) const {
  return Transcode<v1::ListFeaturesRequest, v1::ListFeaturesResponse>(
      *authenticator_, authorization, body,
      [this](const core::Caller& caller, const auto& request, auto* response) {
        return convert::ListFeatures(*scorer_, caller, request, response);
      });
}

void ScoringGateway::Register(httplib::Server& http) const {
  for (const GatewayRoute& route : kRoutes) {
    // Every route is POST (a custom method with `body: "*"`).
    http.Post(route.path, [this, &route](const httplib::Request& req,
                                         httplib::Response& res) {
      const GatewayReply reply = (this->*route.handler)(
          req.get_header_value("Authorization"), req.body);
      res.status = reply.http_status;
      res.set_header("Cache-Control", "no-store");
      res.set_content(reply.json, kJson);
    });
  }
  const auto not_found = [](const httplib::Request&, httplib::Response& res) {
    const GatewayReply reply =
        GatewayError(absl::NotFoundError("no such gateway route"));
    res.status = reply.http_status;
    res.set_content(reply.json, kJson);
  };
  http.Get(R"(/v1/.*)", not_found);
  http.Post(R"(/v1/.*)", not_found);
}

}  // namespace baoxue::web

// The HTTP/JSON gateway's error answers, and docs/openapi.json against the
// protos and the gateway's routes. (Calls end to end: tests/e2e
// integrator_e2e_test.cc.)
#include <set>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "server/web/scoring_gateway.h"
#include "tests/testing/processes.h"

namespace baoxue {
namespace {

using ::testing::HasSubstr;

const std::string kDocument =
    std::string(BAOXUE_SOURCE_DIR) + "/docs/openapi.json";

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  return parsed;
}

TEST(GatewayErrorTest, AnswersTheHttpStatusAndTheGrpcCodeAndMessage) {
  const web::GatewayReply reply = web::GatewayError(
      absl::InvalidArgumentError("as_of_date must be a date YYYY-MM-DD"));
  EXPECT_EQ(reply.http_status, 400);
  EXPECT_EQ(reply.json,
            "{\"code\":3,\"message\":\"as_of_date must be a date "
            "YYYY-MM-DD\"}");
  EXPECT_EQ(web::GatewayError(absl::UnavailableError("no model")).http_status,
            503);
}

TEST(GatewayErrorTest, KeepsInternalDetailsInTheServer) {
  const web::GatewayReply reply =
      web::GatewayError(absl::InternalError("SQLSTATE 23514 on cases"));
  EXPECT_EQ(reply.http_status, 500);
  EXPECT_EQ(reply.json, "{\"code\":13,\"message\":\"internal error\"}");
}

TEST(GatewayTest, RefusesACallWithoutAuthorizationBeforeReadingIt) {
  // No authenticator or scorer is reached: the missing header answers first.
  const web::ScoringGateway gateway(nullptr, nullptr);
  const web::GatewayReply reply = gateway.ScoreStudents("", "not json");
  EXPECT_EQ(reply.http_status, 401);
  EXPECT_THAT(reply.json, HasSubstr("\"code\":16"));
  EXPECT_THAT(reply.json, HasSubstr("Authorization: Bearer"));
}

TEST(OpenApiTest, CheckedInDocumentIsWhatTheProtosMakeNow) {
  const std::string generated = testing::ReadTextFile(BAOXUE_OPENAPI_JSON);
  ASSERT_FALSE(generated.empty()) << BAOXUE_OPENAPI_JSON;
  EXPECT_TRUE(generated == testing::ReadTextFile(kDocument))
      << "docs/openapi.json is out of date with proto/baoxue/v1/scoring.proto "
         "or the gateway's routes: run `cmake --build build --target "
         "update_openapi` and commit docs/openapi.json";
}

TEST(OpenApiTest, ListsEveryGatewayRouteAndNoOther) {
  const google::protobuf::Struct document =
      Parse(testing::ReadTextFile(kDocument));
  std::set<std::string> documented;
  for (const auto& [path, operations] :
       document.fields().at("paths").struct_value().fields()) {
    documented.insert(path);
    EXPECT_TRUE(operations.struct_value().fields().contains("post")) << path;
  }
  std::set<std::string> served;
  for (const web::GatewayRoute& route : web::GatewayRoutes()) {
    served.insert(route.path);
  }
  EXPECT_EQ(documented, served);
}

TEST(OpenApiTest, CarriesTheProtoCommentsThatDefineTheScore) {
  const google::protobuf::Struct document =
      Parse(testing::ReadTextFile(kDocument));
  const auto& schemas = document.fields()
                            .at("components")
                            .struct_value()
                            .fields()
                            .at("schemas")
                            .struct_value()
                            .fields();
  const auto& probability = schemas.at("baoxue.v1.RiskScore")
                                .struct_value()
                                .fields()
                                .at("properties")
                                .struct_value()
                                .fields()
                                .at("probability")
                                .struct_value()
                                .fields();
  EXPECT_THAT(probability.at("description").string_value(),
              HasSubstr("horizon"));
  EXPECT_THAT(schemas.at("baoxue.v1.RiskTier")
                  .struct_value()
                  .fields()
                  .at("description")
                  .string_value(),
              HasSubstr("RISK_TIER_HIGH: probability >= high threshold"));
}

}  // namespace
}  // namespace baoxue

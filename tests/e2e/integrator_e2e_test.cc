// End to end for other systems' engineers (docs/integration.md): the
// HTTP/JSON gateway and the example clients of client/examples/ against a
// real baoxue-server and PostgreSQL holding the demo county; and gRPC
// reflection, off unless the config enables it. One county and one server
// for the suite, which runs in order in one process.
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "model/feature_catalog.h"
#include "pqxx/pqxx"
#include "tests/testing/demo_county.h"
#include "tests/testing/processes.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

// Starts baoxue-server on free ports with `config` (text format) and waits
// until it answers gRPC health: serving or not, or only serving if
// `until_serving` (a model is active). `ca_file` for a server with TLS.
struct Server {
  testing::ChildProcess process;
  std::string grpc_address;
  int http_port = 0;
  std::string log;

  bool Start(const std::string& database_url, const std::string& config,
             bool until_serving = false, const std::string& ca_file = "") {
    grpc_address = absl::StrCat("127.0.0.1:", testing::FreePort());
    http_port = testing::FreePort();
    log = testing::UniqueTempPath("baoxue_integrator_server.log");
    const std::string config_path =
        testing::UniqueTempPath("baoxue_integrator.textproto");
    if (!testing::WriteTextFile(config_path, config)) return false;
    if (!process.Start(
            {BAOXUE_SERVER_BIN, "--database_url", database_url, "--listen",
             grpc_address, "--http_listen",
             absl::StrCat("127.0.0.1:", http_port), "--config", config_path},
            log)) {
      return false;
    }
    // Up to 60 s: shared CI machines; ends as soon as it answers.
    for (int i = 0; i < 600; ++i) {
      const CommandResult health = RunShell(absl::StrCat(
          BAOXUE_CLI_BIN, " --server ", grpc_address,
          ca_file.empty() ? "" : " --ca_file " + ca_file, " health"));
      if (health.exit_code == 0 ||
          (!until_serving &&
           health.output.find("not serving") != std::string::npos)) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

// A unary call with raw bytes to `method`: enough to tell whether the server
// serves it (a reflection request is a bidi stream of one message here).
grpc::Status CallRaw(const std::string& address, const std::string& method,
                     const std::string& request_bytes) {
  grpc::GenericStub stub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(status); });
  return done.get_future().get();
}

constexpr char kReflectionMethod[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
// ServerReflectionRequest{list_services: ""}: field 7, length 0.
const std::string kListServices("\x3a\x00", 2);

class IntegratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::CreateDemoCounty(1500, 11);
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    server_ = new Server;
    ASSERT_TRUE(server_->Start(database_->url(), "model_poll_seconds: 1\n"))
        << testing::ReadTextFile(server_->log);

    pqxx::connection conn(database_->url());
    pqxx::read_transaction tx(conn);
    county_ = tx.exec1(
                    "SELECT division_code FROM baoxue.areas "
                    "WHERE level = 'county'")[0]
                  .as<std::string>();
    const pqxx::row student = tx.exec1(
        "SELECT st.student_number, sc.school_code, st.student_id "
        "FROM baoxue.students st JOIN baoxue.schools sc USING (school_id) "
        "WHERE sc.school_code IS NOT NULL ORDER BY st.student_id LIMIT 1");
    student_number_ = student[0].as<std::string>();
    school_code_ = student[1].as<std::string>();
    student_id_ = student[2].as<int64_t>();
    const auto townships = tx.exec(
        "SELECT division_code FROM baoxue.areas WHERE level = 'township' "
        "ORDER BY division_code LIMIT 2");
    township_a_ = townships[0][0].as<std::string>();
    township_b_ = townships[1][0].as<std::string>();

    admin_token_ = ServerToken("admin", county_);
    const std::string staff = Token("DATA_STAFF", county_);
    const CommandResult trained =
        testing::TrainAndActivate(BAOXUE_CLI_BIN, server_->grpc_address, staff);
    ASSERT_EQ(trained.exit_code, 0) << trained.output;
    system_token_ = Token("SYSTEM", county_);
  }

  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }

  static std::string ServerToken(const std::string& role,
                                 const std::string& area) {
    const CommandResult made = RunShell(
        absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '", database_->url(),
                     "' token create --role ", role, " --area ", area,
                     " --description integrator-e2e"),
        /*stderr_too=*/false);
    EXPECT_EQ(made.exit_code, 0) << made.output;
    return std::string(absl::StripAsciiWhitespace(made.output));
  }

  static std::string Token(const std::string& role, const std::string& area) {
    const CommandResult made = RunShell(
        absl::StrCat(BAOXUE_CLI_BIN, " --server ", server_->grpc_address,
                     " --token ", admin_token_, " token create --role ", role,
                     " --area ", area, " --description integrator-e2e"),
        /*stderr_too=*/false);
    EXPECT_EQ(made.exit_code, 0) << made.output;
    return std::string(absl::StripAsciiWhitespace(made.output));
  }

  // POST `path` on the gateway with `token` (none if empty).
  static httplib::Result Post(const std::string& path, const std::string& body,
                              const std::string& token) {
    httplib::Client http("127.0.0.1", server_->http_port);
    http.set_read_timeout(60, 0);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return http.Post(path.c_str(), headers, body, "application/json");
  }

  // The shell prefix that gives an example client the token.
  static std::string WithToken(const std::string& token) {
    return absl::StrCat("BAOXUE_TOKEN='", token, "' ");
  }

  static testing::TestDatabase* database_;
  static Server* server_;
  static std::string county_, township_a_, township_b_, student_number_,
      school_code_, admin_token_, system_token_;
  static int64_t student_id_;
};

testing::TestDatabase* IntegratorTest::database_ = nullptr;
Server* IntegratorTest::server_ = nullptr;
std::string IntegratorTest::county_, IntegratorTest::township_a_,
    IntegratorTest::township_b_, IntegratorTest::student_number_,
    IntegratorTest::school_code_, IntegratorTest::admin_token_,
    IntegratorTest::system_token_;
int64_t IntegratorTest::student_id_ = 0;

TEST_F(IntegratorTest, PythonClientScoresByStudentNumberOverGrpc) {
  const CommandResult run = RunShell(absl::StrCat(
      WithToken(system_token_), "PYTHONPATH=", BAOXUE_EXAMPLE_PYTHONPATH, " ",
      BAOXUE_PYTHON, " ", BAOXUE_SOURCE_DIR,
      "/client/examples/python/score_grpc.py", " --server ",
      server_->grpc_address, " ", student_number_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              AllOf(HasSubstr(student_number_ + ": probability 0."),
                    HasSubstr("school " + school_code_), HasSubstr("tier ")));
}

TEST_F(IntegratorTest, PythonClientScoresByStudentNumberOverHttpJson) {
  const CommandResult run = RunShell(absl::StrCat(
      WithToken(system_token_), BAOXUE_PYTHON, " ", BAOXUE_SOURCE_DIR,
      "/client/examples/python/score_http.py --url http://127.0.0.1:",
      server_->http_port, " ", student_number_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, AllOf(HasSubstr(student_number_ + ": probability 0."),
                                HasSubstr("school " + school_code_)));
}

TEST_F(IntegratorTest, PythonHttpClientReportsAWrongTokenByCode) {
  const CommandResult run = RunShell(absl::StrCat(
      WithToken("not-a-token"), BAOXUE_PYTHON, " ", BAOXUE_SOURCE_DIR,
      "/client/examples/python/score_http.py --url http://127.0.0.1:",
      server_->http_port, " ", student_number_));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("HTTP 401: code 16"));
}

TEST_F(IntegratorTest, GoClientScoresByStudentNumberOverGrpc) {
  if (std::string(BAOXUE_EXAMPLE_GO_BIN).empty()) {
    GTEST_SKIP() << "Go or protoc-gen-go(-grpc) not installed";
  }
  const CommandResult run = RunShell(
      absl::StrCat(WithToken(system_token_), BAOXUE_EXAMPLE_GO_BIN,
                   " --server ", server_->grpc_address, " ", student_number_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, AllOf(HasSubstr(student_number_ + ": probability 0."),
                                HasSubstr("school " + school_code_)));
}

// As deploy/demo.sh calls them: over TLS, trusting the county's CA.
TEST_F(IntegratorTest, ExampleClientsTrustTheServersCaOverTls) {
  const std::string dir = testing::UniqueTempPath("baoxue_integrator_tls");
  ASSERT_EQ(
      RunShell(absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/make-test-ca.sh ", dir))
          .exit_code,
      0);
  const std::string ca = dir + "/ca.pem";
  Server server;
  ASSERT_TRUE(server.Start(
      database_->url(),
      absl::StrCat("tls { cert_file: \"", dir, "/server.pem\" key_file: \"",
                   dir, "/server.key\" }\n"),
      /*until_serving=*/true, ca))
      << testing::ReadTextFile(server.log);
  const std::string examples =
      absl::StrCat(BAOXUE_SOURCE_DIR, "/client/examples/python/");
  const std::string scored = student_number_ + ": probability 0.";
  const CommandResult http = RunShell(
      absl::StrCat(WithToken(system_token_), BAOXUE_PYTHON, " ", examples,
                   "score_http.py --url https://127.0.0.1:", server.http_port,
                   " --ca-file ", ca, " ", student_number_));
  EXPECT_THAT(http.output, HasSubstr(scored));
  const CommandResult grpc = RunShell(absl::StrCat(
      WithToken(system_token_), "PYTHONPATH=", BAOXUE_EXAMPLE_PYTHONPATH, " ",
      BAOXUE_PYTHON, " ", examples, "score_grpc.py --server ",
      server.grpc_address, " --ca-file ", ca, " ", student_number_));
  EXPECT_THAT(grpc.output, HasSubstr(scored));
  if (!std::string(BAOXUE_EXAMPLE_GO_BIN).empty()) {
    const CommandResult go = RunShell(absl::StrCat(
        WithToken(system_token_), BAOXUE_EXAMPLE_GO_BIN, " --server ",
        server.grpc_address, " --ca_file ", ca, " ", student_number_));
    EXPECT_THAT(go.output, HasSubstr(scored));
  }
  RunShell("rm -rf '" + dir + "'");
}

TEST_F(IntegratorTest, GatewayAnswersTheResponseMessageWithProtoFieldNames) {
  const httplib::Result reply =
      Post("/v1/scoring:scoreStudents",
           absl::StrCat("{\"student_numbers\": [\"", student_number_,
                        "\", \"G000000000000000000\"], \"max_reasons\": 2}"),
           system_token_);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;
  EXPECT_THAT(
      reply->body,
      AllOf(HasSubstr("\"probability\":"),
            HasSubstr(absl::StrCat("\"school_code\":\"", school_code_, "\"")),
            HasSubstr(absl::StrCat("\"student_id\":\"", student_id_,
                                   "\"")),  // int64 as a string
            HasSubstr("\"tier\":\"RISK_TIER_"),
            HasSubstr("\"code\":\"NOT_FOUND\"")));
  EXPECT_EQ(reply->get_header_value("Content-Type"),
            "application/json; charset=utf-8");
}

TEST_F(IntegratorTest, GatewayAcceptsLowerCamelCaseAndIds) {
  const httplib::Result reply = Post(
      "/v1/scoring:scoreStudents",
      absl::StrCat("{\"studentIds\": [\"", student_id_, "\"]}"), system_token_);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;
  EXPECT_THAT(reply->body, HasSubstr("\"probability\":"));
}

TEST_F(IntegratorTest, GatewayRefusesAMissingOrWrongTokenLikeGrpc) {
  const std::string body =
      absl::StrCat("{\"student_numbers\": [\"", student_number_, "\"]}");
  const httplib::Result missing = Post("/v1/scoring:scoreStudents", body, "");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_THAT(missing->body, AllOf(HasSubstr("\"code\":16"),
                                   HasSubstr("Authorization: Bearer")));
  const httplib::Result wrong =
      Post("/v1/scoring:scoreStudents", body, "made-up");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_THAT(wrong->body, Not(HasSubstr(student_number_)));
}

TEST_F(IntegratorTest, GatewayNamesTheWrongField) {
  struct Case {
    std::string body;
    std::string says;
  };
  for (const Case& c : {
           Case{"{\"student_number\": [\"x\"]}", "body: not a JSON"},
           Case{"[1, 2]", "body: not a JSON"},
           Case{"{\"student_ids\": [\"1\"], \"student_numbers\": [\"x\"]}",
                "student_ids, student_numbers"},
           Case{"{\"student_ids\": [\"1\"], \"as_of_date\": \"2026-13-01\"}",
                "as_of_date"},
           Case{"{\"student_ids\": [\"1\"], \"as_of_date\": \"2999-01-01\"}",
                "in the future"},
       }) {
    const httplib::Result reply =
        Post("/v1/scoring:scoreStudents", c.body, system_token_);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400) << c.body;
    EXPECT_THAT(reply->body, AllOf(HasSubstr("\"code\":3"), HasSubstr(c.says)))
        << c.body;
  }
}

TEST_F(IntegratorTest, GatewayScoresFeatureRowsAndNamesAMissingFeature) {
  std::string values;
  for (const model::FeatureInfo& feature : model::FeatureCatalog()) {
    absl::StrAppend(&values, values.empty() ? "" : ",", "\"", feature.name,
                    "\":", feature.min);
  }
  const httplib::Result scored =
      Post("/v1/scoring:scoreFeatures",
           absl::StrCat("{\"rows\":[{\"row_id\":\"r1\",\"values\":{", values,
                        "}}]}"),
           system_token_);
  ASSERT_TRUE(scored);
  EXPECT_EQ(scored->status, 200) << scored->body;
  EXPECT_THAT(scored->body, AllOf(HasSubstr("\"row_id\":\"r1\""),
                                  HasSubstr("\"probability\":")));

  const httplib::Result missing =
      Post("/v1/scoring:scoreFeatures",
           "{\"rows\":[{\"row_id\":\"r1\",\"values\":{\"distance_km\":3}}]}",
           system_token_);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400) << missing->body;
  EXPECT_THAT(missing->body, HasSubstr("r1"));

  // The names to send: the active model's inputs, as over gRPC (no SQL).
  const httplib::Result listed =
      Post("/v1/scoring:listFeatures", "", system_token_);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200) << listed->body;
  EXPECT_THAT(listed->body,
              AllOf(HasSubstr("\"model_version\":\"v"),
                    HasSubstr(absl::StrCat("\"name\":\"",
                                           model::FeatureCatalog()[0].name))));
  EXPECT_THAT(listed->body, Not(ContainsRegex("\"expression\":\"[^\"]")));
}

TEST_F(IntegratorTest, GatewayMapsAreaErrorsToHttpStatus) {
  const std::string official = Token("OFFICIAL", township_a_);
  const httplib::Result own =
      Post("/v1/scoring:listTopRisks", "{\"limit\": 3}", official);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_THAT(own->body,
              AllOf(HasSubstr(absl::StrCat("\"area_code\":\"", township_a_)),
                    HasSubstr("\"masked_name\"")));

  const httplib::Result other =
      Post("/v1/scoring:listTopRisks",
           absl::StrCat("{\"area_code\": \"", township_b_, "\"}"), official);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403) << other->body;
  EXPECT_THAT(other->body, HasSubstr("\"code\":7"));

  const httplib::Result unknown =
      Post("/v1/scoring:scoreEverything", "{}", system_token_);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_THAT(unknown->body, HasSubstr("\"code\":5"));
}

TEST_F(IntegratorTest, ReflectionIsNotServedByDefault) {
  const grpc::Status status =
      CallRaw(server_->grpc_address, kReflectionMethod, kListServices);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
      << status.error_message();
}

// Its own server on the same database: reflection on, the gateway off.
TEST_F(IntegratorTest, ConfigEnablesReflectionAndDisablesTheGateway) {
  Server server;
  ASSERT_TRUE(server.Start(database_->url(),
                           "enable_reflection: true\n"
                           "gateway { enabled: false }\n"))
      << testing::ReadTextFile(server.log);
  const grpc::Status status =
      CallRaw(server.grpc_address, kReflectionMethod, kListServices);
  EXPECT_TRUE(status.ok()) << status.error_message();

  httplib::Client http("127.0.0.1", server.http_port);
  const httplib::Result reply = http.Post(
      "/v1/scoring:scoreStudents",
      {{"Authorization", "Bearer " + system_token_}}, "{}", "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
}

}  // namespace
}  // namespace baoxue

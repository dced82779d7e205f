// The one mapping of PostgreSQL states to status codes
// (server/store/pg_error_status.h), row by row.
#include "server/store/pg_error_status.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::store {
namespace {

using ::baoxue::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

struct Row {
  const char* sqlstate;
  absl::StatusCode code;
};

class PgErrorMappingTest : public ::testing::TestWithParam<Row> {};

TEST_P(PgErrorMappingTest, MapsStateToCode) {
  PgErrorFields error;
  error.sqlstate = GetParam().sqlstate;
  EXPECT_THAT(PgErrorToStatus(error, "store thing"),
              StatusIs(GetParam().code, AllOf(HasSubstr("store thing"),
                                              HasSubstr(GetParam().sqlstate))));
}

INSTANTIATE_TEST_SUITE_P(
    Table, PgErrorMappingTest,
    ::testing::Values(Row{"08006", absl::StatusCode::kUnavailable},
                      Row{"08001", absl::StatusCode::kUnavailable},
                      Row{"57P01", absl::StatusCode::kUnavailable},
                      Row{"57P02", absl::StatusCode::kUnavailable},
                      Row{"57P03", absl::StatusCode::kUnavailable},
                      Row{"53300", absl::StatusCode::kUnavailable},
                      Row{"25006", absl::StatusCode::kUnavailable},
                      Row{"40001", absl::StatusCode::kUnavailable},
                      Row{"40P01", absl::StatusCode::kUnavailable},
                      Row{"42501", absl::StatusCode::kPermissionDenied},
                      Row{"23505", absl::StatusCode::kAlreadyExists},
                      Row{"23514", absl::StatusCode::kFailedPrecondition},
                      Row{"23503", absl::StatusCode::kFailedPrecondition},
                      Row{"23502", absl::StatusCode::kInvalidArgument},
                      Row{"22P02", absl::StatusCode::kInvalidArgument},
                      Row{"22003", absl::StatusCode::kInvalidArgument},
                      Row{"42P01", absl::StatusCode::kInternal},
                      Row{"XX000", absl::StatusCode::kInternal}),
    [](const ::testing::TestParamInfo<Row>& info) {
      return std::string("Sqlstate") + info.param.sqlstate;
    });

TEST(PgErrorStatusTest, UnavailableStatesCarryARetryHint) {
  for (const char* state : {"57P01", "25006", "40P01", "08006"}) {
    PgErrorFields error;
    error.sqlstate = state;
    EXPECT_THAT(PgErrorToStatus(error, "x"),
                StatusIs(absl::StatusCode::kUnavailable, HasSubstr("retry")))
        << state;
  }
}

TEST(PgErrorStatusTest, ReadOnlySaysReadOnly) {
  PgErrorFields error;
  error.sqlstate = "25006";
  EXPECT_THAT(PgErrorToStatus(error, "acknowledge case"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("read-only")));
}

TEST(PgErrorStatusTest, ConstraintErrorNamesConstraintAndTable) {
  PgErrorFields error;
  error.sqlstate = "23514";
  error.table = "case_assignments";
  error.constraint = "case_assignments_ack_after_assigned";
  EXPECT_THAT(
      PgErrorToStatus(error, "acknowledge case"),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          AllOf(HasSubstr("constraint case_assignments_ack_after_assigned"),
                HasSubstr("table case_assignments"))));
}

TEST(PgErrorStatusTest, PermissionErrorNamesTheObject) {
  PgErrorFields error;
  error.sqlstate = "42501";
  error.denied_object = "table cases";
  EXPECT_THAT(PgErrorToStatus(error, "open cases"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("on table cases")));
}

TEST(PgErrorStatusTest, ParsesVerboseMessageButNeverKeepsValues) {
  const std::string message =
      "ERROR:  23514: new row for relation \"risk_runs\" violates check "
      "constraint \"risk_runs_finished\"\n"
      "DETAIL:  Failing row contains (7, secret-value, 110101199001011234).\n"
      "SCHEMA NAME:  baoxue\n"
      "TABLE NAME:  risk_runs\n"
      "CONSTRAINT NAME:  risk_runs_finished\n"
      "LOCATION:  ExecConstraints, execMain.c:2022\n";
  const PgErrorFields fields = ParseVerboseError("23514", message);
  EXPECT_EQ(fields.table, "risk_runs");
  EXPECT_EQ(fields.constraint, "risk_runs_finished");
  const absl::Status status = PgErrorToStatus(fields, "finish risk run");
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(Not(HasSubstr("secret")), Not(HasSubstr("110101")),
                             Not(HasSubstr("Failing row")))));
}

TEST(PgErrorStatusTest, ParsesTheDeniedObjectFromThePrimaryMessage) {
  const PgErrorFields fields =
      ParseVerboseError("42501",
                        "ERROR:  42501: permission denied for table cases\n"
                        "LOCATION:  aclcheck_error, aclchk.c:3650\n");
  EXPECT_EQ(fields.denied_object, "table cases");
}

TEST(PgErrorStatusTest, TakesAMissingStateFromTheMessage) {
  const PgErrorFields fields = ParseVerboseError(
      "", "ERROR:  42501: permission denied for table cases\n");
  EXPECT_EQ(fields.sqlstate, "42501");
  EXPECT_EQ(fields.denied_object, "table cases");
}

TEST(PgErrorStatusTest, IdentifiersStopAtAnythingElse) {
  const PgErrorFields fields = ParseVerboseError(
      "23505", "TABLE NAME:  cases; DROP TABLE x\nCOLUMN NAME:  a b\n");
  EXPECT_EQ(fields.table, "cases");
  EXPECT_EQ(fields.column, "a");
}

TEST(PgErrorStatusTest, OnlyConflictsAreRetried) {
  EXPECT_TRUE(IsRetryableConflict("40001"));
  EXPECT_TRUE(IsRetryableConflict("40P01"));
  EXPECT_FALSE(IsRetryableConflict("25006"));
  EXPECT_FALSE(IsRetryableConflict("23505"));
}

}  // namespace
}  // namespace baoxue::store

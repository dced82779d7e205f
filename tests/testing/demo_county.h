#ifndef BAOXUE_TESTS_TESTING_DEMO_COUNTY_H_
#define BAOXUE_TESTS_TESTING_DEMO_COUNTY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "tests/testing/test_database.h"

namespace baoxue::testing {

// A fresh database holding the demo county that
// `deploy/demo/generate.sh --students N --seed S` makes: a copy of a template
// generated once per (N, S, generator files, migrations) on the test cluster,
// so a test pays for a CREATE DATABASE, not for generating the county.
// Thread-safe; errors as TestDatabase::CreateFromTemplate, INTERNAL with the
// generator's output if it fails.
absl::StatusOr<std::unique_ptr<TestDatabase>> CreateDemoCounty(int students,
                                                               int seed);

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_DEMO_COUNTY_H_

#ifndef BAOXUE_TESTS_TESTING_TEMP_PATH_H_
#define BAOXUE_TESTS_TESTING_TEMP_PATH_H_

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace baoxue::testing {

// A path under the test temp directory that belongs to this process only.
// CTest runs every test case as its own process, two at a time, so a fixed
// name would let two cases of one file overwrite each other's files.
inline std::string UniqueTempPath(absl::string_view name) {
  return absl::StrCat(::testing::TempDir(), "/", getpid(), "-", name);
}

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_TEMP_PATH_H_

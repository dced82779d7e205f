#ifndef BAOXUE_TESTS_IMPORTS_FIXTURES_H_
#define BAOXUE_TESTS_IMPORTS_FIXTURES_H_

// Builds the files the tabular tests read: .xlsx through libxlsxwriter,
// charset conversions through iconv, the committed .xls from testdata/.

#include <iconv.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "xlsxwriter.h"

namespace baoxue::tabular::testing {

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The bytes of a workbook that `build` fills. `constant_memory` makes
// libxlsxwriter write inline strings instead of shared ones.
inline std::string XlsxBytes(const std::function<void(lxw_workbook*)>& build,
                             bool constant_memory = false) {
  char path[] = "/tmp/baoxue-tabular-test-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(path, &options);
  build(workbook);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::string bytes = ReadFileBytes(path);
  unlink(path);
  return bytes;
}

// `text` converted from UTF-8 to `charset` with iconv (as Excel on Chinese
// Windows would save it).
inline std::string FromUtf8(const std::string& text, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(text.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(text.data());
  size_t in_left = text.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &dst_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

}  // namespace baoxue::tabular::testing

#endif  // BAOXUE_TESTS_IMPORTS_FIXTURES_H_

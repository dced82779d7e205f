#include "tests/testing/demo_county.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/testing/processes.h"

namespace baoxue::testing {
namespace {

// Hash of every file of deploy/demo/ (generate.sh and its SQL stages), in
// name order: a changed generator builds new templates.
absl::StatusOr<uint64_t> GeneratorHash() {
  const std::filesystem::path folder =
      std::filesystem::path(BAOXUE_SOURCE_DIR) / "deploy" / "demo";
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  if (error || files.empty()) {
    return absl::InternalError(
        absl::StrCat("cannot list the generator's files in ", folder.string()));
  }
  std::sort(files.begin(), files.end());
  uint64_t hash = Fnv1a("");
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    hash = Fnv1a(absl::StrCat(file.filename().string(), "\n", content.str()),
                 hash);
  }
  return hash;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> CreateDemoCounty(int students,
                                                               int seed) {
  absl::StatusOr<uint64_t> generator = GeneratorHash();
  if (!generator.ok()) return generator.status();
  const std::string arguments =
      absl::StrCat("--students ", students, " --seed ", seed);
  return TestDatabase::CreateFromTemplate(
      absl::StrFormat("demo county %s, generator %016x", arguments, *generator),
      [&arguments](const std::string& url) -> absl::Status {
        const CommandResult run = RunShell(
            absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/demo/generate.sh ",
                         arguments, " --database-url '", url, "'"));
        if (run.exit_code != 0) {
          return absl::InternalError(
              absl::StrCat("generate.sh ", arguments, " failed: ", run.output));
        }
        return absl::OkStatus();
      });
}

}  // namespace baoxue::testing

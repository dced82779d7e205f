#include "client/run_commands.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/output.h"

namespace baoxue::client {
namespace {

// Run statuses are not in domain/vocabulary.h yet: the proto's four here.
absl::string_view StatusLabel(baoxue::v1::RunStatus status, Words words) {
  switch (status) {
    case baoxue::v1::RUN_STATUS_RUNNING:
      return words("进行中", "running");
    case baoxue::v1::RUN_STATUS_SUCCEEDED:
      return words("完成", "succeeded");
    case baoxue::v1::RUN_STATUS_FAILED:
      return words("失败", "failed");
    case baoxue::v1::RUN_STATUS_INTERRUPTED:
      return words("中断", "interrupted");
    default:
      return words("未知", "unknown");
  }
}

std::string ScopeLabel(const baoxue::v1::RiskRun& run, Words words) {
  if (!run.area_code().empty()) {
    return absl::StrCat(words("地区 ", "area "), run.area_code());
  }
  return absl::StrCat(words("学校 ", "school "), run.school_id());
}

}  // namespace

std::string ProgressBar(int64_t done, int64_t total, int width) {
  const double fraction =
      total > 0 ? std::min(1.0, static_cast<double>(done) / total) : 1.0;
  const int filled = static_cast<int>(fraction * width);
  return absl::StrFormat("[%s%s] %3d%% %d/%d", std::string(filled, '#'),
                         std::string(width - filled, '.'),
                         static_cast<int>(fraction * 100), done, total);
}

void PrintRun(const baoxue::v1::RiskRun& run, Words words, std::ostream& out) {
  const std::string scope = ScopeLabel(run, words);
  const absl::string_view status = StatusLabel(run.status(), words);
  if (words.english()) {
    out << absl::StrFormat(
        "run %d  %s  as of %s  model %s  %s\n"
        "  scored %d/%d  high %d  medium %d  cases opened %d\n",
        run.run_id(), scope, run.as_of_date(), run.model_version(), status,
        run.students_scored(), run.students_total(), run.students_high(),
        run.students_medium(), run.cases_opened());
  } else {
    out << absl::StrFormat(
        "评估批次 %d  %s  日期 %s  模型 %s  %s\n"
        "  已评估 %d/%d  高风险 %d  中风险 %d  新建个案 %d\n",
        run.run_id(), scope, run.as_of_date(), run.model_version(), status,
        run.students_scored(), run.students_total(), run.students_high(),
        run.students_medium(), run.cases_opened());
  }
  // The server's reason, as it wrote it (English).
  if (!run.error().empty()) {
    out << words("  错误：", "  error: ") << run.error() << "\n";
  }
}

absl::Status RunCommand(const RunsClient& client, const std::string& area,
                        const std::string& school, const std::string& as_of,
                        Words words, bool json) {
  baoxue::v1::StartRunRequest request;
  request.set_area_code(area);
  if (!school.empty()) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(school, &id) || id <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--school: '", school, "' is not a school id"));
    }
    request.set_school_id(id);
  }
  if (area.empty() == school.empty()) {
    return absl::InvalidArgumentError("run needs --area CODE or --school ID");
  }
  request.set_as_of_date(as_of);
  bool drawn = false;
  absl::StatusOr<baoxue::v1::RunProgress> last =
      client.StartRun(request, [&](const baoxue::v1::RunProgress& p) {
        if (p.phase() == baoxue::v1::RUN_PHASE_SCORING) {
          std::cerr << "\r" << words("评估中 ", "scoring ")
                    << ProgressBar(p.run().students_scored(),
                                   p.run().students_total(), 30)
                    << std::flush;
          drawn = true;
        } else if (p.phase() == baoxue::v1::RUN_PHASE_OPENING_CASES) {
          std::cerr << (drawn ? "\n" : "")
                    << words("建立个案……", "opening cases...") << "\n";
          drawn = false;
        }
      });
  if (drawn) std::cerr << "\n";
  if (!last.ok()) return last.status();
  if (json) {
    PrintJson(*last, std::cout);
    std::cout << "\n";
    return absl::OkStatus();
  }
  if (last->already_done()) {
    std::cout << words("已完成，未重复评估", "already done, nothing rescored")
              << "\n";
  } else if (last->resumed()) {
    std::cout << words("已续跑中断的评估批次", "resumed an interrupted run")
              << "\n";
  }
  PrintRun(last->run(), words, std::cout);
  return absl::OkStatus();
}

absl::Status RunsCommand(const RunsClient& client, int limit, Words words,
                         bool json) {
  absl::StatusOr<baoxue::v1::ListRunsResponse> runs = client.ListRuns(limit);
  if (!runs.ok()) return runs.status();
  if (json) {
    PrintJson(*runs, std::cout);
    std::cout << "\n";
    return absl::OkStatus();
  }
  if (runs->runs().empty()) {
    std::cout << words("（无评估批次）", "(no runs)") << "\n";
  }
  for (const baoxue::v1::RiskRun& run : runs->runs()) {
    PrintRun(run, words, std::cout);
  }
  return absl::OkStatus();
}

}  // namespace baoxue::client

#ifndef BAOXUE_CLIENT_RUN_COMMANDS_H_
#define BAOXUE_CLIENT_RUN_COMMANDS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "baoxue/v1/runs.pb.h"
#include "client/runs_client.h"
#include "client/words.h"

namespace baoxue::client {

// `baoxue run --area CODE | --school ID [--as_of D]`: starts (or resumes)
// the run with a progress bar on stderr, prints the result on stdout
// (JSON with `json`).
absl::Status RunCommand(const RunsClient& client, const std::string& area,
                        const std::string& school, const std::string& as_of,
                        Words words, bool json);

// `baoxue runs [--limit N]`: the latest runs in the caller's area.
absl::Status RunsCommand(const RunsClient& client, int limit, Words words,
                         bool json);

// A run in two lines, in the language of `words`.
void PrintRun(const baoxue::v1::RiskRun& run, Words words, std::ostream& out);

// "[#######.....]  45% 9000/20000" for the progress bar.
std::string ProgressBar(int64_t done, int64_t total, int width);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_RUN_COMMANDS_H_

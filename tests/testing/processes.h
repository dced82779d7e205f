#ifndef BAOXUE_TESTS_TESTING_PROCESSES_H_
#define BAOXUE_TESTS_TESTING_PROCESSES_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace baoxue::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout, and stderr too unless asked otherwise
};

// Runs `command` in a shell; stderr joins the output unless `stderr_too` is
// false (then it is discarded).
CommandResult RunShell(const std::string& command, bool stderr_too = true);

// A port for a test server: one the kernel just found free on 127.0.0.1
// (bound to port 0, then released), so parallel test processes, also other
// checkouts' on the same machine, do not collide. 0 if none could be had.
int FreePort();

// A child process (e.g. baoxue-server) with its stderr in a log file;
// stopped with SIGINT when destroyed.
class ChildProcess {
 public:
  // Starts `args` (args[0] is the program). Returns false if it cannot.
  bool Start(const std::vector<std::string>& args, const std::string& log);
  // SIGINT, then waits; returns the exit status (-1 if not running).
  int Stop();
  ~ChildProcess() { Stop(); }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = 0;
};

// The one way a model starts serving: `baoxue model train` (the registry's
// training job) and `baoxue model activate` of the new candidate, run by the
// CLI `cli` against `address` with a DATA_STAFF `token`. On success the
// output is the activated version (e.g. "v1"); otherwise the exit code and
// output of the command that failed.
CommandResult TrainAndActivate(const std::string& cli,
                               const std::string& address,
                               const std::string& token);

// `cli --server address [--token token] args` (no --token when empty).
CommandResult RunCli(const std::string& cli, const std::string& address,
                     const std::string& token, const std::string& args,
                     bool stderr_too = true);

// A token made directly in the database with `server_bin token create`
// (the bootstrap path, no server needed). On success the output is the
// token alone; otherwise the exit code and output of the command.
CommandResult BootstrapToken(const std::string& server_bin,
                             const std::string& database_url,
                             const std::string& role, const std::string& area,
                             const std::string& description);

// Asks `cli health` at `address` every 100 ms until the server answers
// (SERVING or NOT_SERVING), for up to 60 s: a new server migrates an empty
// database first and CI machines are shared. False if it never answers.
bool WaitUntilServerAnswers(const std::string& cli, const std::string& address);

// Writes `text` to `path` (for config files); false on failure.
bool WriteTextFile(const std::string& path, const std::string& text);
// The whole file, or "" if it cannot be read.
std::string ReadTextFile(const std::string& path);

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_PROCESSES_H_

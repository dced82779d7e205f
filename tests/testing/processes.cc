#include "tests/testing/processes.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/strings/strip.h"

extern char** environ;

namespace baoxue::testing {

CommandResult RunShell(const std::string& command, bool stderr_too) {
  CommandResult result;
  FILE* pipe =
      popen((command + (stderr_too ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult TrainAndActivate(const std::string& cli,
                               const std::string& address,
                               const std::string& token) {
  const std::string prefix =
      cli + " --server " + address + " --token " + token + " ";
  CommandResult train = RunShell(prefix + "--json model train");
  if (train.exit_code != 0) return train;
  std::smatch version;
  if (!std::regex_search(train.output, version,
                         std::regex("\"version\": \"(v[0-9]+)\""))) {
    train.exit_code = -1;
    train.output = "no version in the output of model train: " + train.output;
    return train;
  }
  CommandResult activate =
      RunShell(prefix + "model activate " + version[1].str());
  if (activate.exit_code == 0) activate.output = version[1].str();
  return activate;
}

CommandResult RunCli(const std::string& cli, const std::string& address,
                     const std::string& token, const std::string& args,
                     bool stderr_too) {
  return RunShell(cli + " --server " + address +
                      (token.empty() ? "" : " --token " + token) + " " + args,
                  stderr_too);
}

CommandResult BootstrapToken(const std::string& server_bin,
                             const std::string& database_url,
                             const std::string& role, const std::string& area,
                             const std::string& description) {
  CommandResult made =
      RunShell(server_bin + " --database_url '" + database_url +
                   "' token create --role " + role + " --area " + area +
                   " --description '" + description + "'",
               /*stderr_too=*/false);
  if (made.exit_code == 0) {
    made.output = std::string(absl::StripAsciiWhitespace(made.output));
  }
  return made;
}

bool WaitUntilServerAnswers(const std::string& cli,
                            const std::string& address) {
  for (int i = 0; i < 600; ++i) {
    const CommandResult health =
        RunShell(cli + " --server " + address + " health");
    if (health.exit_code == 0 ||
        health.output.find("not serving") != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

bool ChildProcess::Start(const std::vector<std::string>& args,
                         const std::string& log) {
  std::vector<std::string> owned = args;
  std::vector<char*> argv;
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int error =
      posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) pid_ = 0;
  return error == 0;
}

int ChildProcess::Stop() {
  if (pid_ <= 0) return -1;
  // SIGINT: baoxue-server drains at once (SIGTERM first waits
  // operation.drain_delay_seconds for balancers, docs/operations.md).
  kill(pid_, SIGINT);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
  return status;
}

bool WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace baoxue::testing

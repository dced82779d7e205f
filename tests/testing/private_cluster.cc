#include "tests/testing/private_cluster.h"

#include <stdlib.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tests/testing/processes.h"

namespace baoxue::testing {
namespace {

constexpr char kPgBin[] = "/usr/lib/postgresql/15/bin";

// `text` in single quotes for sh.
std::string ShellQuote(absl::string_view text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "'\\''"}}), "'");
}

absl::Status Run(const std::string& command) {
  const CommandResult result = RunShell(command);
  if (result.exit_code != 0) {
    return absl::InternalError(
        absl::StrCat(command, " failed: ", result.output));
  }
  return absl::OkStatus();
}

}  // namespace

std::string AsPostgres(absl::string_view command) {
  if (geteuid() != 0) return std::string(command);
  return absl::StrCat("runuser -u postgres -- sh -c ", ShellQuote(command));
}

absl::StatusOr<std::string> PrivateCluster::MakePostgresDirectory(
    absl::string_view name) {
  std::string pattern = absl::StrCat("/tmp/bx-", name, "-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern));
  }
  if (geteuid() == 0) {
    const absl::Status owned = Run(absl::StrCat(
        "chown postgres:postgres ", pattern, " && chmod 700 ", pattern));
    if (!owned.ok()) return owned;
  }
  return pattern;
}

void PrivateCluster::RemoveDirectory(const std::string& dir) {
  if (dir.rfind("/tmp/bx-", 0) == 0) (void)RunShell("rm -rf " + dir);
}

absl::StatusOr<std::unique_ptr<PrivateCluster>> PrivateCluster::Start(
    const std::string& extra_conf) {
  absl::StatusOr<std::string> dir = MakePostgresDirectory("pg");
  if (!dir.ok()) return dir.status();
  std::unique_ptr<PrivateCluster> cluster(new PrivateCluster(*dir, FreePort()));
  const std::string data = cluster->data_dir();
  absl::Status status = Run(AsPostgres(absl::StrCat(
      kPgBin, "/initdb -D ", data,
      " -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null")));
  if (!status.ok()) return status;
  const std::string conf = absl::StrCat(
      "listen_addresses = '127.0.0.1'\n", "port = ", cluster->port_, "\n",
      "unix_socket_directories = '", *dir, "'\n",
      "max_connections = 60\nshared_buffers = 32MB\n",
      // No OS crash is simulated: skipping fsync only saves time.
      "fsync = off\n", extra_conf, "\n");
  status = Run(AsPostgres(absl::StrCat("printf '%s' ", ShellQuote(conf), " >> ",
                                       data, "/postgresql.conf")));
  if (!status.ok()) return status;
  status = cluster->StartAgain();
  if (!status.ok()) return status;
  for (const char* sql : {"CREATE ROLE baoxue LOGIN CREATEDB",
                          "CREATE DATABASE baoxue OWNER baoxue"}) {
    absl::StatusOr<std::string> made = cluster->Sql(sql, "postgres");
    if (!made.ok()) return made.status();
  }
  return cluster;
}

absl::StatusOr<std::unique_ptr<PrivateCluster>> PrivateCluster::Adopt(
    const std::string& dir) {
  std::unique_ptr<PrivateCluster> cluster(new PrivateCluster(dir, FreePort()));
  // The port and socket of the copy's own; the rest as the backup has it.
  const std::string conf = absl::StrCat(
      "port = ", cluster->port_, "\nunix_socket_directories = '", dir, "'\n");
  absl::Status status =
      Run(AsPostgres(absl::StrCat("printf '%s' ", ShellQuote(conf), " >> ",
                                  cluster->data_dir(), "/postgresql.conf")));
  if (!status.ok()) return status;
  status = cluster->StartAgain();
  if (!status.ok()) return status;
  return cluster;
}

absl::StatusOr<std::unique_ptr<PrivateCluster>> PrivateCluster::StartReplicaOf(
    const PrivateCluster& primary, const std::string& replica_script) {
  absl::StatusOr<std::string> dir = MakePostgresDirectory("replica");
  if (!dir.ok()) return dir.status();
  std::unique_ptr<PrivateCluster> replica(new PrivateCluster(*dir, FreePort()));
  const absl::Status made = Run(absl::StrCat(
      "BAOXUE_PRIMARY_PORT=", primary.port(),
      " BAOXUE_PRIMARY_SOCKET=", primary.dir(), " BAOXUE_REPLICA_DIR=", *dir,
      " BAOXUE_REPLICA_PORT=", replica->port(), " BAOXUE_REPLICA_NO_SYNC=1 ",
      ShellQuote(replica_script), " start 2>&1"));
  // The role's password lives on in the replica's primary_conninfo.
  (void)RunShell(absl::StrCat("rm -f ", *dir, "-replication-password"));
  if (!made.ok()) return made;
  return replica;
}

PrivateCluster::~PrivateCluster() {
  (void)PgCtl("stop", "immediate");
  RemoveDirectory(dir_);
}

std::string PrivateCluster::Url(absl::string_view database) const {
  return absl::StrCat("postgresql://baoxue@127.0.0.1:", port_, "/", database);
}

std::string PrivateCluster::SuperuserUrl(absl::string_view database) const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/", database);
}

absl::StatusOr<std::string> PrivateCluster::Sql(
    absl::string_view sql, absl::string_view database) const {
  const CommandResult result = RunShell(
      absl::StrCat("psql -qAt -v ON_ERROR_STOP=1 ",
                   ShellQuote(SuperuserUrl(database)), " -c ", ShellQuote(sql)),
      /*stderr_too=*/true);
  if (result.exit_code != 0) {
    return absl::InternalError(absl::StrCat("psql: ", result.output));
  }
  return result.output;
}

absl::Status PrivateCluster::PgCtl(absl::string_view action,
                                   absl::string_view mode) {
  return Run(AsPostgres(absl::StrCat(
      kPgBin, "/pg_ctl -D ", data_dir(), " -l ", dir_, "/postgres.log -w -t 60",
      mode.empty() ? "" : " -m ", mode, " ", action, " >/dev/null")));
}

absl::Status PrivateCluster::Stop(absl::string_view mode) {
  return PgCtl("stop", mode);
}

absl::Status PrivateCluster::StartAgain() { return PgCtl("start", ""); }

absl::Status PrivateCluster::Restart(absl::string_view mode) {
  return PgCtl("restart", mode);
}

absl::Status PrivateCluster::CopyDatabase(const std::string& source_url,
                                          absl::string_view name) {
  absl::StatusOr<std::string> made =
      Sql(absl::StrCat("CREATE DATABASE ", name, " OWNER baoxue"), "postgres");
  if (!made.ok()) return made.status();
  return Run(absl::StrCat(
      "bash -o pipefail -c ",
      ShellQuote(absl::StrCat("pg_dump --no-owner --no-privileges ",
                              ShellQuote(source_url),
                              " | psql -q -v ON_ERROR_STOP=1 ",
                              ShellQuote(Url(name)), " >/dev/null"))));
}

}  // namespace baoxue::testing

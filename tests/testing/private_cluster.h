#ifndef BAOXUE_TESTS_TESTING_PRIVATE_CLUSTER_H_
#define BAOXUE_TESTS_TESTING_PRIVATE_CLUSTER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue::testing {

// A PostgreSQL 15 cluster of one test's own, for faults that must not touch
// the shared test cluster: stopping, restarting, making it read-only,
// archiving WAL and restoring backups. initdb into a fresh directory under
// /tmp (run as the `postgres` OS user when the test runs as root), trust
// authentication on 127.0.0.1 and a private socket, a free port, a LOGIN
// CREATEDB role `baoxue` owning a database `baoxue`. Stopped (immediate)
// and removed when destroyed. Not thread-safe; one object per test.
class PrivateCluster {
 public:
  // INTERNAL with the failing command's output if the cluster cannot be
  // made or started. `extra_conf` is appended to postgresql.conf.
  static absl::StatusOr<std::unique_ptr<PrivateCluster>> Start(
      const std::string& extra_conf = "");
  // Adopts an existing data directory (e.g. a restored backup) and starts
  // it on a new free port; removes `dir` when destroyed.
  static absl::StatusOr<std::unique_ptr<PrivateCluster>> Adopt(
      const std::string& dir);
  // A streaming replica of `primary` made and started by `replica_script`
  // (deploy/replica.sh: a replication role, pg_basebackup -R) on a new free
  // port: a hot standby that replays the primary's WAL. Removed when
  // destroyed. INTERNAL with the script's output if it fails.
  static absl::StatusOr<std::unique_ptr<PrivateCluster>> StartReplicaOf(
      const PrivateCluster& primary, const std::string& replica_script);
  // A fresh empty directory the postgres user owns (for backups, WAL
  // archives, restores); the caller removes it (RemoveDirectory).
  static absl::StatusOr<std::string> MakePostgresDirectory(
      absl::string_view name);
  static void RemoveDirectory(const std::string& dir);

  PrivateCluster(const PrivateCluster&) = delete;
  PrivateCluster& operator=(const PrivateCluster&) = delete;
  ~PrivateCluster();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string data_dir() const { return dir_ + "/data"; }
  // libpq URL of `database` as role baoxue (the server's role).
  std::string Url(absl::string_view database = "baoxue") const;
  // libpq URL of `database` as the superuser postgres.
  std::string SuperuserUrl(absl::string_view database = "postgres") const;

  // Runs SQL as the superuser (psql -v ON_ERROR_STOP=1); INTERNAL with its
  // output on failure, else the output (unaligned, tuples only).
  absl::StatusOr<std::string> Sql(absl::string_view sql,
                                  absl::string_view database = "baoxue") const;
  // pg_ctl stop/start/restart with `mode` fast or immediate; waits.
  absl::Status Stop(absl::string_view mode = "fast");
  absl::Status StartAgain();
  absl::Status Restart(absl::string_view mode);
  // Copies database `source_url` (any cluster) into a new database `name`
  // here owned by baoxue (pg_dump | psql).
  absl::Status CopyDatabase(const std::string& source_url,
                            absl::string_view name);

 private:
  PrivateCluster(std::string dir, int port)
      : dir_(std::move(dir)), port_(port) {}
  absl::Status PgCtl(absl::string_view action, absl::string_view mode);

  std::string dir_;
  int port_;
};

// `command` as the postgres OS user when running as root (for initdb,
// pg_ctl, pg_basebackup: PostgreSQL refuses root).
std::string AsPostgres(absl::string_view command);

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_PRIVATE_CLUSTER_H_

#ifndef BAOXUE_TESTS_TESTING_TEST_DATABASE_H_
#define BAOXUE_TESTS_TESTING_TEST_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace baoxue::testing {

// A fresh, uniquely named PostgreSQL database with every migration applied,
// dropped again (WITH (FORCE)) when the object is destroyed.
//
// The server comes from the environment: BAOXUE_TEST_DATABASE_URL is a libpq
// URL of a database on the private test cluster the role may connect to and
// create databases from (e.g. postgresql://baoxue@127.0.0.1:54329/baoxue);
// ./deploy/test.sh sets it. Thread-safe: Create() and CreateFromTemplate()
// may be called from several threads and processes at once; each object is
// independent.
class TestDatabase {
 public:
  // Fills a template database at `url`; must close its connections before
  // returning. Called at most once per template (see CreateFromTemplate).
  using Setup = std::function<absl::Status(const std::string& url)>;

  // A migrated, empty database (a copy of the "migrations only" template).
  // FAILED_PRECONDITION if BAOXUE_TEST_DATABASE_URL is unset;
  // UNAVAILABLE if the server cannot be reached; INTERNAL if the database
  // cannot be created or a migration fails.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create();

  // A copy (CREATE DATABASE ... TEMPLATE) of the template database named by
  // `key` and this build's migrations: the first caller on the cluster builds
  // it (migrations, then `setup`) while holding an advisory lock, every later
  // caller (other tests, other processes, later ctest runs) only copies it.
  // `key` must name everything `setup` depends on (e.g. the generator's
  // arguments and a hash of its files), so that a change builds a new
  // template instead of reusing a stale one; the migrations are part of the
  // name already. A template is complete or absent: it is built under a
  // temporary name and renamed when `setup` succeeded. Errors as Create(),
  // plus `setup`'s own error (nothing is left behind then).
  static absl::StatusOr<std::unique_ptr<TestDatabase>> CreateFromTemplate(
      const std::string& key, const Setup& setup);

  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  // libpq URL of the new database.
  const std::string& url() const { return url_; }
  // Its name, e.g. baoxue_test_4242_3_9f2c1a.
  const std::string& name() const { return name_; }

 private:
  TestDatabase(std::string admin_url, std::string name, std::string url)
      : admin_url_(std::move(admin_url)),
        name_(std::move(name)),
        url_(std::move(url)) {}

  std::string admin_url_;  // where the database was created from
  std::string name_;
  std::string url_;
};

// `url` with its database replaced by `database`: works for URLs
// (postgresql://user@host:port/db?options) and key=value connection strings.
std::string WithDatabase(const std::string& url, const std::string& database);

// FNV-1a 64-bit of `data` continuing from `hash`: a stable (across builds
// and processes) content hash for template keys.
uint64_t Fnv1a(const std::string& data, uint64_t hash = 0xcbf29ce484222325ULL);

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_TEST_DATABASE_H_

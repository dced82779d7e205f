#ifndef BAOXUE_TESTS_TESTING_TEST_DATABASE_H_
#define BAOXUE_TESTS_TESTING_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace baoxue::testing {

// A fresh, uniquely named PostgreSQL database with every migration applied,
// dropped again (WITH (FORCE)) when the object is destroyed.
//
// The server comes from the environment: BAOXUE_TEST_DATABASE_URL is a libpq
// URL of a database on the private test cluster the role may connect to and
// create databases from (e.g. postgresql://baoxue@127.0.0.1:54329/baoxue);
// ./deploy/test.sh sets it. Thread-safe: Create() may be called from several
// threads; each object is independent.
class TestDatabase {
 public:
  // FAILED_PRECONDITION if BAOXUE_TEST_DATABASE_URL is unset;
  // UNAVAILABLE if the server cannot be reached; INTERNAL if the database
  // cannot be created or a migration fails.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create();

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

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_TEST_DATABASE_H_

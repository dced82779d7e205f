#include "tests/testing/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <pqxx/pqxx>
#include <random>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "server/store/migrations.h"

namespace baoxue::testing {
namespace {

constexpr char kUrlVariable[] = "BAOXUE_TEST_DATABASE_URL";

std::string UniqueName() {
  static std::atomic<int> counter{0};
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrFormat("baoxue_test_%d_%d_%06x", static_cast<int>(getpid()),
                         counter.fetch_add(1),
                         static_cast<unsigned>(random() & 0xffffff));
}

}  // namespace

std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    // key=value form: a later keyword wins.
    return absl::StrCat(url, " dbname=", database);
  }
  const size_t query = url.find('?', scheme + 3);
  const size_t slash = url.find('/', scheme + 3);
  const std::string options =
      query == std::string::npos ? "" : url.substr(query);
  const size_t authority_end =
      (slash != std::string::npos &&
       (query == std::string::npos || slash < query))
          ? slash
          : (query == std::string::npos ? url.size() : query);
  return absl::StrCat(url.substr(0, authority_end), "/", database, options);
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create() {
  const char* admin_url = std::getenv(kUrlVariable);
  if (admin_url == nullptr || *admin_url == '\0') {
    return absl::FailedPreconditionError(absl::StrCat(
        kUrlVariable,
        " is not set: run the integration tests through ./deploy/test.sh "
        "(or set it to the private cluster's URL, see deploy/pg.sh url)"));
  }
  const std::string name = UniqueName();
  try {
    pqxx::connection connection(admin_url);
    pqxx::nontransaction tx(connection);
    tx.exec(absl::StrCat("CREATE DATABASE ", tx.quote_name(name)));
  } catch (const pqxx::broken_connection&) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", kUrlVariable));
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("cannot create test database ", name, ": ", e.what()));
  }
  // From here on the destructor drops the database, also on failure.
  std::unique_ptr<TestDatabase> database(
      new TestDatabase(admin_url, name, WithDatabase(admin_url, name)));
  absl::StatusOr<int> applied = store::ApplyMigrations(database->url());
  if (!applied.ok()) return applied.status();
  return database;
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection connection(admin_url_);
    pqxx::nontransaction tx(connection);
    tx.exec(absl::StrCat("DROP DATABASE IF EXISTS ", tx.quote_name(name_),
                         " WITH (FORCE)"));
  } catch (const std::exception&) {
    // Best effort: a leftover baoxue_test_* database is harmless.
  }
}

}  // namespace baoxue::testing

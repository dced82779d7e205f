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

absl::StatusOr<std::string> AdminUrl() {
  const char* admin_url = std::getenv(kUrlVariable);
  if (admin_url == nullptr || *admin_url == '\0') {
    return absl::FailedPreconditionError(absl::StrCat(
        kUrlVariable,
        " is not set: run the integration tests through ./deploy/test.sh "
        "(or set it to the private cluster's URL, see deploy/pg.sh url)"));
  }
  return std::string(admin_url);
}

// The template's content hash: `key` and every embedded migration.
uint64_t TemplateHash(const std::string& key) {
  uint64_t hash = Fnv1a(key);
  for (const store::Migration& migration : store::EmbeddedMigrations()) {
    hash = Fnv1a(absl::StrCat("\n--", migration.version, " ", migration.name,
                              "\n", migration.sql),
                 hash);
  }
  return hash;
}

void DropDatabase(pqxx::nontransaction& tx, const std::string& name) {
  tx.exec(absl::StrCat("DROP DATABASE IF EXISTS ", tx.quote_name(name),
                       " WITH (FORCE)"));
}

// Makes sure template `name` exists, building it if nobody has. Holds a
// session-level advisory lock keyed by `hash` meanwhile, so concurrent
// callers (threads or processes) wait for one build; the lock goes with the
// connection, also when the process dies.
absl::Status EnsureTemplate(const std::string& admin_url,
                            const std::string& name, uint64_t hash,
                            const TestDatabase::Setup& setup) {
  const std::string building = absl::StrCat(name, "_building");
  try {
    pqxx::connection connection(admin_url);
    pqxx::nontransaction tx(connection);
    tx.exec_params("SELECT pg_advisory_lock($1)", static_cast<int64_t>(hash));
    if (tx.exec_params1("SELECT count(*) FROM pg_database WHERE datname = $1",
                        name)[0]
            .as<int>() > 0) {
      return absl::OkStatus();
    }
    // A build that died half-way left this behind.
    DropDatabase(tx, building);
    tx.exec(absl::StrCat("CREATE DATABASE ", tx.quote_name(building)));
    const std::string url = WithDatabase(admin_url, building);
    absl::Status built = store::ApplyMigrations(url).status();
    if (built.ok() && setup) built = setup(url);
    if (!built.ok()) {
      DropDatabase(tx, building);
      return built;
    }
    // Complete: publish it under its name, and let nobody connect to it any
    // more (CREATE DATABASE ... TEMPLATE refuses while anyone is connected).
    tx.exec(absl::StrCat("ALTER DATABASE ", tx.quote_name(building),
                         " RENAME TO ", tx.quote_name(name)));
    tx.exec(absl::StrCat("ALTER DATABASE ", tx.quote_name(name),
                         " WITH ALLOW_CONNECTIONS false"));
    return absl::OkStatus();
  } catch (const pqxx::broken_connection&) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", kUrlVariable));
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("cannot build template database ", name, ": ", e.what()));
  }
}

}  // namespace

uint64_t Fnv1a(const std::string& data, uint64_t hash) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

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
  return CreateFromTemplate("migrations only", nullptr);
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::CreateFromTemplate(
    const std::string& key, const Setup& setup) {
  absl::StatusOr<std::string> admin_url = AdminUrl();
  if (!admin_url.ok()) return admin_url.status();
  const uint64_t hash = TemplateHash(key);
  const std::string template_name = absl::StrFormat("baoxue_tpl_%016x", hash);
  if (absl::Status ready =
          EnsureTemplate(*admin_url, template_name, hash, setup);
      !ready.ok()) {
    return ready;
  }
  const std::string name = UniqueName();
  try {
    pqxx::connection connection(*admin_url);
    pqxx::nontransaction tx(connection);
    tx.exec(absl::StrCat("CREATE DATABASE ", tx.quote_name(name), " TEMPLATE ",
                         tx.quote_name(template_name)));
  } catch (const pqxx::broken_connection&) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", kUrlVariable));
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("cannot create test database ", name, ": ", e.what()));
  }
  return std::unique_ptr<TestDatabase>(
      new TestDatabase(*admin_url, name, WithDatabase(*admin_url, name)));
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

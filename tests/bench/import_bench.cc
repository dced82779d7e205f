// import_bench: how fast a county's student roster comes in, as a ratio
// against the floor — a plain COPY of the same rows into a bare table.
//
//   import_bench URL ROWS
//
// URL is a migrated, empty database (deploy/bench.sh makes one). Prints
// `rows`, `import_seconds`, `copy_seconds` and `ratio` lines. The roster is
// synthetic: valid resident IDs (GB 11643 check characters), one county of
// 20 townships, 10 villages each, 200 schools.
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "server/core/imports/import_desk.h"
#include "server/core/imports/resident_id.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_copy.h"
#include "server/store/pg_import_store.h"

namespace baoxue {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string Village(int i) {
  return absl::StrFormat("360799%03d%03d", 101 + i / 10, 201 + i % 10);
}

std::string AreasCsv() {
  std::string csv = "行政区划代码,名称\n360799000000,基准县\n";
  for (int t = 0; t < 20; ++t) {
    absl::StrAppend(&csv, absl::StrFormat("360799%03d000,镇%d\n", 101 + t, t));
  }
  for (int v = 0; v < 200; ++v) {
    absl::StrAppend(&csv, Village(v), ",村", v, "\n");
  }
  return csv;
}

std::string SchoolsCsv() {
  std::string csv = "学校标识码,学校名称,办学类型,所在地区划代码\n";
  for (int s = 0; s < 200; ++s) {
    absl::StrAppend(
        &csv, absl::StrFormat("36079%05d,学校%d,小学,%s\n", s, s, Village(s)));
  }
  return csv;
}

// One roster row per student: number, name, sex, birth, ID, school, grade,
// class, village. The data rows alone (no header) are what COPY loads.
std::string RosterRows(int rows) {
  std::string csv;
  csv.reserve(static_cast<size_t>(rows) * 120);
  for (int i = 0; i < rows; ++i) {
    // 3,285 birth days x 1,000 sequence numbers: unique IDs for 3.2 M rows.
    const absl::CivilDay day = absl::CivilDay(2011, 1, 1) + i % 3285;
    const std::string birth =
        absl::StrFormat("%04d%02d%02d", day.year(), day.month(), day.day());
    const std::string first17 =
        absl::StrFormat("360799%s%03d", birth, i / 3285 % 1000);
    const std::string id =
        first17 + core::imports::ResidentIdCheckChar(first17);
    absl::StrAppend(
        &csv, absl::StrFormat("G%s%04d,学生%d,%s,%s,%s,36079%05d,%d,%d班,%s\n",
                              first17, i / 1000 % 10000, i, i % 2 ? "男" : "女",
                              birth, id, i % 200, 1 + i % 9, 1 + i % 4,
                              Village(i % 200)));
  }
  return csv;
}

int Run(const std::string& url, int rows) {
  auto pool = store::PgConnectionPool::Create(url, 2);
  if (!pool.ok()) {
    std::cerr << pool.status() << "\n";
    return 1;
  }
  store::PgImportStore imports(pool->get());
  core::SystemClock clock;
  auto ids = core::imports::KeyedIdHash::Create(std::string(40, 'b'));
  if (!ids.ok()) return 1;
  const core::imports::ImportDesk desk(&imports, &*ids, &clock);
  auto request = [](domain::ImportKind kind, std::string bytes) {
    core::imports::ImportRequest r;
    r.kind = kind;
    r.file_name = "bench.csv";
    r.bytes = std::move(bytes);
    return r;
  };
  auto areas = desk.BootstrapAreas(
      request(domain::ImportKind::kAreas, AreasCsv()), "bench");
  if (!areas.ok()) {
    std::cerr << areas.status() << "\n";
    return 1;
  }
  auto conn = store::PgConnect(url, "bench copy");
  if (!conn.ok()) return 1;
  auto county_id = store::PgExec(
      conn->get(),
      "SELECT area_id FROM baoxue.areas WHERE division_code = '360799000000'",
      {}, "bench");
  if (!county_id.ok()) return 1;
  core::Caller county;
  county.role = domain::CallerRole::kAdmin;
  county.scope.area_id = std::stoll(PQgetvalue(county_id->get(), 0, 0));
  county.scope.division_code = "360799000000";
  county.scope.level = domain::AreaLevel::kCounty;
  auto schools = desk.Import(
      county, request(domain::ImportKind::kSchools, SchoolsCsv()), nullptr);
  if (!schools.ok()) {
    std::cerr << schools.status() << "\n";
    return 1;
  }
  const std::string data = RosterRows(rows);
  const std::string header =
      "全国学籍号,姓名,性别,出生日期,身份证件号,学校标识码,年级,班级,"
      "户籍地区划代码\n";

  // The floor: the same rows, as CSV, into a bare table of text columns.
  auto exec = [&](const char* sql) {
    return store::PgExec(conn->get(), sql, {}, "bench copy").ok();
  };
  exec("DROP TABLE IF EXISTS bench_roster_copy");
  exec(
      "CREATE UNLOGGED TABLE bench_roster_copy (a text, b text, c text, "
      "d text, e text, f text, g text, h text, i text)");
  const auto copy_start = Clock::now();
  exec("COPY bench_roster_copy FROM STDIN (FORMAT csv)");
  PQputCopyData(conn->get(), data.data(), static_cast<int>(data.size()));
  PQputCopyEnd(conn->get(), nullptr);
  store::PgResult copied(PQgetResult(conn->get()));
  while (PGresult* rest = PQgetResult(conn->get())) PQclear(rest);
  const double copy_seconds = SecondsSince(copy_start);
  exec("DROP TABLE bench_roster_copy");

  const auto import_start = Clock::now();
  auto report = desk.Import(
      county, request(domain::ImportKind::kStudents, header + data), nullptr);
  const double import_seconds = SecondsSince(import_start);
  if (!report.ok()) {
    std::cerr << report.status() << "\n";
    return 1;
  }
  if (report->inserted != rows) {
    std::cerr << "inserted " << report->inserted << " of " << rows << "\n";
    return 1;
  }
  std::cout << "rows " << rows << "\nimport_seconds "
            << absl::StrFormat("%.2f", import_seconds) << "\ncopy_seconds "
            << absl::StrFormat("%.2f", copy_seconds) << "\nratio "
            << absl::StrFormat("%.1f", import_seconds / copy_seconds) << "\n";
  return 0;
}

}  // namespace
}  // namespace baoxue

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: import_bench URL ROWS\n";
    return 2;
  }
  return baoxue::Run(argv[1], std::stoi(argv[2]));
}

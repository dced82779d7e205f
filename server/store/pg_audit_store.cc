#include "server/store/pg_audit_store.h"

#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

constexpr char kColumns[] =
    "audit_id, at_us, caller, role, caller_area, action, "
    "array_to_string(student_ids, ','), target, row_count, peer, result, "
    "encode(prev_hash, 'hex'), encode(row_hash, 'hex')";

AuditRow RowFrom(const pqxx::row& row) {
  AuditRow out;
  out.audit_id = row[0].as<int64_t>();
  AuditEvent& e = out.event;
  e.at_us = row[1].as<int64_t>();
  e.caller = row[2].as<std::string>();
  e.role = row[3].as<std::string>();
  e.caller_area = row[4].as<std::string>();
  e.action = row[5].as<std::string>();
  for (absl::string_view id :
       absl::StrSplit(row[6].as<std::string>(), ',', absl::SkipEmpty())) {
    int64_t value = 0;
    if (absl::SimpleAtoi(id, &value)) e.student_ids.push_back(value);
  }
  e.target = row[7].as<std::string>();
  e.count = row[8].as<int64_t>();
  e.peer = row[9].as<std::string>();
  e.result = row[10].as<std::string>();
  out.prev_hash = absl::HexStringToBytes(row[11].as<std::string>());
  out.row_hash = absl::HexStringToBytes(row[12].as<std::string>());
  return out;
}

absl::StatusOr<AuditLink> ReadLink(PgConnectionPool& pool,
                                   absl::string_view operation,
                                   const char* sql) {
  return InTransaction(
      pool, operation, [&](pqxx::work& tx) -> absl::StatusOr<AuditLink> {
        const pqxx::row row = tx.exec1(sql);
        return AuditLink{row[0].as<int64_t>(),
                         absl::HexStringToBytes(row[1].as<std::string>())};
      });
}

}  // namespace

absl::Status PgAuditStore::Append(const std::vector<AuditEvent>& events,
                                  const AuditHasher& hasher) {
  if (events.empty()) return absl::OkStatus();
  return InTransaction(
      *pool_, "write audit rows", [&](pqxx::work& tx) -> absl::Status {
        // The head's lock orders concurrent writers: each chains onto the
        // row the previous one wrote.
        const pqxx::row head = tx.exec1(
            "SELECT last_id, encode(last_hash, 'hex') FROM baoxue.audit_head "
            "FOR UPDATE");
        int64_t id = head[0].as<int64_t>();
        std::string prev = absl::HexStringToBytes(head[1].as<std::string>());
        for (const AuditEvent& e : events) {
          ++id;
          std::string hash = hasher(id, prev, e);
          tx.exec_params0(
              "INSERT INTO baoxue.audit_log (audit_id, at_us, caller, role, "
              "caller_area, action, student_ids, target, row_count, peer, "
              "result, prev_hash, row_hash) VALUES ($1, $2, $3, $4, $5, $6, "
              "$7::bigint[], $8, $9, $10, $11, decode($12, 'hex'), "
              "decode($13, 'hex'))",
              id, e.at_us, e.caller, e.role, e.caller_area, e.action,
              BigintArrayLiteral(e.student_ids.data(), e.student_ids.size()),
              e.target, e.count, e.peer, e.result, absl::BytesToHexString(prev),
              absl::BytesToHexString(hash));
          prev = std::move(hash);
        }
        tx.exec_params0(
            "UPDATE baoxue.audit_head SET last_id = $1, "
            "last_hash = decode($2, 'hex')",
            id, absl::BytesToHexString(prev));
        return absl::OkStatus();
      });
}

absl::StatusOr<std::vector<AuditRow>> PgAuditStore::ReadChain(int64_t after_id,
                                                              int limit) {
  return InTransaction(
      *pool_, "read audit chain",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<AuditRow>> {
        std::vector<AuditRow> rows;
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat("SELECT ", kColumns,
                              " FROM baoxue.audit_log WHERE audit_id > $1 "
                              "ORDER BY audit_id LIMIT $2"),
                 after_id, limit)) {
          rows.push_back(RowFrom(row));
        }
        return rows;
      });
}

absl::StatusOr<AuditLink> PgAuditStore::Anchor() {
  return ReadLink(*pool_, "read audit anchor",
                  "SELECT pruned_id, encode(pruned_hash, 'hex') "
                  "FROM baoxue.audit_anchor");
}

absl::StatusOr<AuditLink> PgAuditStore::Head() {
  return ReadLink(*pool_, "read audit head",
                  "SELECT last_id, encode(last_hash, 'hex') "
                  "FROM baoxue.audit_head");
}

absl::StatusOr<std::vector<AuditRow>> PgAuditStore::Query(
    const AuditQuery& query) {
  return InTransaction(
      *pool_, "query audit rows",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<AuditRow>> {
        // NULL parameters switch a condition off; values stay parameters.
        std::vector<AuditRow> rows;
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat(
                     "SELECT ", kColumns,
                     " FROM baoxue.audit_log WHERE ($1::bigint IS NULL OR "
                     "student_ids @> ARRAY[$1::bigint]) AND ($2 = '' OR "
                     "caller = $2) AND ($3::bigint IS NULL OR at_us >= $3) "
                     "AND ($4::bigint IS NULL OR at_us < $4) "
                     "ORDER BY audit_id DESC LIMIT $5"),
                 query.student_id, query.caller, query.from_us, query.to_us,
                 query.limit)) {
          rows.push_back(RowFrom(row));
        }
        return rows;
      });
}

absl::StatusOr<int64_t> PgAuditStore::Prune(int64_t before_us) {
  return InTransaction(
      *pool_, "prune audit rows",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return tx.exec_params1("SELECT baoxue.prune_audit($1)", before_us)[0]
            .as<int64_t>();
      });
}

}  // namespace baoxue::store

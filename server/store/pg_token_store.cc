#include "server/store/pg_token_store.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::OptionalTime;
using case_sql::TimeOf;
using case_sql::TimeParam;

// Columns of a token row, in the order TokenFromRow reads them.
constexpr char kTokenColumns[] =
    "SELECT t.token_id, t.role::text, t.revoked_at IS NOT NULL, "
    "a.area_id, a.division_code, a.level::text, a.name, "
    "(extract(epoch FROM t.expires_at) * 1000000)::bigint, t.description, "
    "t.created_by, (extract(epoch FROM t.created_at) * 1000000)::bigint, "
    "(extract(epoch FROM t.revoked_at) * 1000000)::bigint, "
    "coalesce(t.revoked_by, '') "
    "FROM baoxue.api_tokens t JOIN baoxue.areas a USING (area_id) ";

TokenRecord TokenFromRow(const pqxx::row& row) {
  TokenRecord record;
  record.token_id = row[0].as<int64_t>();
  // An unknown role (a newer server's) grants nothing rather than too much.
  record.role = domain::Parse<CallerRole>(row[1].as<std::string>())
                    .value_or(CallerRole::kSystem);
  record.revoked = row[2].as<bool>();
  record.scope = AreaFromRow(row, 3);
  record.expires_at = OptionalTime(row[7]);
  record.description = row[8].as<std::string>();
  record.created_by = row[9].as<std::string>();
  record.created_at = TimeOf(row[10]);
  record.revoked_at = OptionalTime(row[11]);
  record.revoked_by = row[12].as<std::string>();
  return record;
}

}  // namespace

absl::StatusOr<TokenRecord> PgTokenStore::FindToken(absl::string_view sha256) {
  const std::string hash_hex = absl::BytesToHexString(sha256);
  return InTransaction(
      *pool_, "find token", [&](pqxx::work& tx) -> absl::StatusOr<TokenRecord> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kTokenColumns,
                         "WHERE t.token_sha256 = decode($1, 'hex')"),
            hash_hex);
        if (result.empty()) return absl::NotFoundError("unknown token");
        return TokenFromRow(result[0]);
      });
}

absl::StatusOr<int64_t> PgTokenStore::CreateToken(const NewToken& token) {
  const std::string hash_hex = absl::BytesToHexString(token.sha256);
  std::string expires;
  if (token.expires_at.has_value()) expires = TimeParam(*token.expires_at);
  return InTransaction(
      *pool_, "create token", [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result result = tx.exec_params(
            "INSERT INTO baoxue.api_tokens (token_sha256, role, area_id, "
            "description, created_by, expires_at) "
            "SELECT decode($1, 'hex'), $2::baoxue.caller_role, area_id, $4, "
            "$5, NULLIF($6, '')::timestamptz "
            "FROM baoxue.areas WHERE division_code = $3 AND level <> 'group' "
            "RETURNING token_id",
            hash_hex, std::string(domain::Code(token.role)), token.area_code,
            token.description, token.created_by, expires);
        if (result.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no area with division code ", token.area_code));
        }
        return result[0][0].as<int64_t>();
      });
}

absl::StatusOr<std::vector<TokenRecord>> PgTokenStore::ListTokens(
    absl::string_view area_prefix) {
  return InTransaction(
      *pool_, "list tokens",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<TokenRecord>> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kTokenColumns,
                         "WHERE starts_with(a.division_code, $1) "
                         "ORDER BY t.token_id DESC"),
            std::string(area_prefix));
        std::vector<TokenRecord> tokens;
        tokens.reserve(result.size());
        for (const pqxx::row& row : result) tokens.push_back(TokenFromRow(row));
        return tokens;
      });
}

absl::StatusOr<TokenRecord> PgTokenStore::GetToken(int64_t token_id) {
  return InTransaction(
      *pool_, "get token", [&](pqxx::work& tx) -> absl::StatusOr<TokenRecord> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kTokenColumns, "WHERE t.token_id = $1"), token_id);
        if (result.empty()) {
          return absl::NotFoundError(absl::StrCat("no token ", token_id));
        }
        return TokenFromRow(result[0]);
      });
}

absl::Status PgTokenStore::RevokeToken(int64_t token_id,
                                       absl::string_view revoked_by) {
  return InTransaction(
      *pool_, "revoke token", [&](pqxx::work& tx) -> absl::Status {
        const pqxx::result result = tx.exec_params(
            "UPDATE baoxue.api_tokens SET revoked_at = coalesce(revoked_at, "
            "now()), revoked_by = coalesce(revoked_by, $2) "
            "WHERE token_id = $1",
            token_id, std::string(revoked_by));
        if (result.affected_rows() == 0) {
          return absl::NotFoundError(absl::StrCat("no token ", token_id));
        }
        return absl::OkStatus();
      });
}

}  // namespace baoxue::store

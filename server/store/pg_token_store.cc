#include "server/store/pg_token_store.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

absl::StatusOr<TokenRecord> PgTokenStore::FindToken(absl::string_view sha256) {
  const std::string hash_hex = absl::BytesToHexString(sha256);
  return InTransaction(
      *pool_, "find token", [&](pqxx::work& tx) -> absl::StatusOr<TokenRecord> {
        const pqxx::result result = tx.exec_params(
            "SELECT t.token_id, t.role::text, t.revoked_at IS NOT NULL, "
            "a.area_id, a.division_code, a.level::text, a.name "
            "FROM baoxue.api_tokens t JOIN baoxue.areas a USING (area_id) "
            "WHERE t.token_sha256 = decode($1, 'hex')",
            hash_hex);
        if (result.empty()) return absl::NotFoundError("unknown token");
        TokenRecord record;
        record.token_id = result[0][0].as<int64_t>();
        record.role = domain::Parse<CallerRole>(result[0][1].as<std::string>())
                          .value_or(CallerRole::kSystem);
        record.revoked = result[0][2].as<bool>();
        record.scope = AreaFromRow(result[0], 3);
        return record;
      });
}

absl::StatusOr<int64_t> PgTokenStore::CreateToken(
    absl::string_view sha256, CallerRole role, absl::string_view area_code,
    absl::string_view description) {
  const std::string hash_hex = absl::BytesToHexString(sha256);
  return InTransaction(
      *pool_, "create token", [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result result = tx.exec_params(
            "INSERT INTO baoxue.api_tokens (token_sha256, role, area_id, "
            "description) "
            "SELECT decode($1, 'hex'), $2::baoxue.caller_role, area_id, $4 "
            "FROM baoxue.areas WHERE division_code = $3 AND level <> 'group' "
            "RETURNING token_id",
            hash_hex, std::string(domain::Code(role)), std::string(area_code),
            std::string(description));
        if (result.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no area with division code ", area_code));
        }
        return result[0][0].as<int64_t>();
      });
}

}  // namespace baoxue::store

#include "server/store/pg_account_store.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::OptionalTime;
using case_sql::TimeOf;
using case_sql::TimeParam;

// Columns of an account row, in the order AccountFromRow reads them.
constexpr char kAccountColumns[] =
    "SELECT w.account_id, w.login, w.display_name, w.kind::text, "
    "a.area_id, a.division_code, a.level::text, a.name, w.school_id, "
    "coalesce(s.name, ''), encode(w.password_hash, 'hex'), "
    "encode(w.password_salt, 'hex'), w.password_iterations, w.disabled, "
    "w.failed_logins, (extract(epoch FROM w.locked_until) * 1000000)::bigint, "
    "w.role::text, coalesce(encode(w.totp_secret, 'hex'), ''), "
    "w.totp_confirmed_at IS NOT NULL, w.totp_last_step "
    "FROM baoxue.web_accounts w JOIN baoxue.areas a USING (area_id) "
    "LEFT JOIN baoxue.schools s ON s.school_id = w.school_id ";

AccountRecord AccountFromRow(const pqxx::row& row) {
  AccountRecord account;
  account.account_id = row[0].as<int64_t>();
  account.login = row[1].as<std::string>();
  account.display_name = row[2].as<std::string>();
  account.kind = AccountKindFromName(row[3].as<std::string>())
                     .value_or(AccountKind::kTownship);
  account.scope = AreaFromRow(row, 4);
  if (!row[8].is_null()) account.school_id = row[8].as<int64_t>();
  account.school_name = row[9].as<std::string>();
  account.password.hash = absl::HexStringToBytes(row[10].as<std::string>());
  account.password.salt = absl::HexStringToBytes(row[11].as<std::string>());
  account.password.iterations = row[12].as<int>();
  account.disabled = row[13].as<bool>();
  account.failed_logins = row[14].as<int>();
  account.locked_until = OptionalTime(row[15]);
  // An unknown role (a newer server's) signs in as an official.
  account.role = domain::Parse<domain::CallerRole>(row[16].as<std::string>())
                     .value_or(domain::CallerRole::kOfficial);
  account.totp_secret = absl::HexStringToBytes(row[17].as<std::string>());
  account.totp_confirmed = row[18].as<bool>();
  if (!row[19].is_null()) account.totp_last_step = row[19].as<int64_t>();
  return account;
}

absl::Status RequireOneRow(const pqxx::result& result, absl::string_view what) {
  if (result.affected_rows() == 0) {
    return absl::NotFoundError(absl::StrCat("no such ", what));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> PgAccountStore::CreateAccount(
    const NewAccount& account) {
  return InTransaction(
      *pool_, "create web account",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result area = tx.exec_params(
            "SELECT area_id, division_code, level::text, name FROM "
            "baoxue.areas WHERE division_code = $1 AND level <> 'group'",
            account.area_code);
        if (area.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no area with division code ", account.area_code));
        }
        const Area scope = AreaFromRow(area[0], 0);
        if (account.school_id.has_value()) {
          BAOXUE_ASSIGN_OR_RETURN(const std::string school_code,
                                  SchoolDivisionCode(tx, *account.school_id));
          if (!AreaContainsVillage(scope, school_code)) {
            return absl::InvalidArgumentError(
                absl::StrCat("school: school ", *account.school_id,
                             " is not inside area ", account.area_code));
          }
        }
        const pqxx::result result = tx.exec_params(
            "INSERT INTO baoxue.web_accounts (login, display_name, kind, "
            "area_id, school_id, password_hash, password_salt, "
            "password_iterations, role) VALUES ($1, $2, "
            "$3::baoxue.web_account_kind, $4, NULLIF($5::bigint, 0), "
            "decode($6, 'hex'), decode($7, 'hex'), $8, "
            "$9::baoxue.caller_role) "
            "RETURNING account_id",
            account.login, account.display_name,
            std::string(AccountKindName(account.kind)), scope.area_id,
            account.school_id.value_or(0),
            absl::BytesToHexString(account.password.hash),
            absl::BytesToHexString(account.password.salt),
            account.password.iterations,
            std::string(domain::Code(account.role)));
        return result[0][0].as<int64_t>();
      });
}

absl::StatusOr<AccountRecord> PgAccountStore::FindAccountByLogin(
    absl::string_view login) {
  return InTransaction(
      *pool_, "find web account",
      [&](pqxx::work& tx) -> absl::StatusOr<AccountRecord> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kAccountColumns, "WHERE lower(w.login) = lower($1)"),
            std::string(login));
        if (result.empty()) return absl::NotFoundError("no such account");
        return AccountFromRow(result[0]);
      });
}

absl::StatusOr<AccountRecord> PgAccountStore::FindAccount(int64_t account_id) {
  return InTransaction(
      *pool_, "find web account",
      [&](pqxx::work& tx) -> absl::StatusOr<AccountRecord> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kAccountColumns, "WHERE w.account_id = $1"),
            account_id);
        if (result.empty()) return absl::NotFoundError("no such account");
        return AccountFromRow(result[0]);
      });
}

absl::Status PgAccountStore::SetDisabled(absl::string_view login,
                                         bool disabled) {
  return InTransaction(
      *pool_, "disable web account", [&](pqxx::work& tx) -> absl::Status {
        const pqxx::result result = tx.exec_params(
            "UPDATE baoxue.web_accounts SET disabled = $2 "
            "WHERE lower(login) = lower($1)",
            std::string(login), disabled);
        if (result.affected_rows() == 0) {
          return absl::NotFoundError("no such account");
        }
        if (disabled) {
          tx.exec_params(
              "UPDATE baoxue.web_sessions SET revoked_at = now() "
              "WHERE revoked_at IS NULL AND account_id IN (SELECT account_id "
              "FROM baoxue.web_accounts WHERE lower(login) = lower($1))",
              std::string(login));
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<int64_t> PgAccountStore::CreateSession(absl::string_view sha256,
                                                      int64_t account_id,
                                                      absl::Time now,
                                                      absl::Time expires_at) {
  return InTransaction(
      *pool_, "create web session",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        // The account's ended sessions go at its next sign-in, so the table
        // holds at most a day or so of sessions per account.
        tx.exec_params(
            "DELETE FROM baoxue.web_sessions WHERE account_id = $1 "
            "AND (expires_at <= $2::timestamptz OR revoked_at IS NOT NULL)",
            account_id, TimeParam(now));
        const pqxx::result result = tx.exec_params(
            "INSERT INTO baoxue.web_sessions (session_sha256, account_id, "
            "created_at, last_seen_at, expires_at) VALUES (decode($1, 'hex'), "
            "$2, $3::timestamptz, $3::timestamptz, $4::timestamptz) "
            "RETURNING session_id",
            absl::BytesToHexString(sha256), account_id, TimeParam(now),
            TimeParam(expires_at));
        return result[0][0].as<int64_t>();
      });
}

absl::StatusOr<SessionRecord> PgAccountStore::FindSession(
    absl::string_view sha256) {
  return InTransaction(
      *pool_, "find web session",
      [&](pqxx::work& tx) -> absl::StatusOr<SessionRecord> {
        const pqxx::result result = tx.exec_params(
            "SELECT session_id, account_id, "
            "(extract(epoch FROM created_at) * 1000000)::bigint, "
            "(extract(epoch FROM last_seen_at) * 1000000)::bigint, "
            "(extract(epoch FROM expires_at) * 1000000)::bigint, "
            "revoked_at IS NOT NULL FROM baoxue.web_sessions "
            "WHERE session_sha256 = decode($1, 'hex')",
            absl::BytesToHexString(sha256));
        if (result.empty()) return absl::NotFoundError("no such session");
        SessionRecord session;
        session.session_id = result[0][0].as<int64_t>();
        session.account_id = result[0][1].as<int64_t>();
        session.created_at = TimeOf(result[0][2]);
        session.last_seen_at = TimeOf(result[0][3]);
        session.expires_at = TimeOf(result[0][4]);
        session.revoked = result[0][5].as<bool>();
        return session;
      });
}

absl::Status PgAccountStore::TouchSession(int64_t session_id, absl::Time now) {
  return InTransaction(
      *pool_, "touch web session", [&](pqxx::work& tx) -> absl::Status {
        return RequireOneRow(
            tx.exec_params("UPDATE baoxue.web_sessions SET last_seen_at = "
                           "greatest(last_seen_at, $2::timestamptz) "
                           "WHERE session_id = $1",
                           session_id, TimeParam(now)),
            "session");
      });
}

absl::Status PgAccountStore::RevokeSession(int64_t session_id, absl::Time now) {
  return InTransaction(
      *pool_, "revoke web session", [&](pqxx::work& tx) -> absl::Status {
        return RequireOneRow(
            tx.exec_params("UPDATE baoxue.web_sessions SET revoked_at = "
                           "coalesce(revoked_at, $2::timestamptz) "
                           "WHERE session_id = $1",
                           session_id, TimeParam(now)),
            "session");
      });
}

absl::Status PgAccountStore::SetTotpSecret(int64_t account_id,
                                           absl::string_view secret) {
  return InTransaction(
      *pool_, "set second factor", [&](pqxx::work& tx) -> absl::Status {
        return RequireOneRow(
            tx.exec_params("UPDATE baoxue.web_accounts SET totp_secret = "
                           "NULLIF(decode($2, 'hex'), ''::bytea), "
                           "totp_confirmed_at = NULL, "
                           "totp_last_step = NULL WHERE account_id = $1",
                           account_id, absl::BytesToHexString(secret)),
            "account");
      });
}

absl::Status PgAccountStore::ConfirmTotp(int64_t account_id, int64_t step) {
  return InTransaction(
      *pool_, "confirm second factor", [&](pqxx::work& tx) -> absl::Status {
        return RequireOneRow(
            tx.exec_params("UPDATE baoxue.web_accounts SET totp_confirmed_at "
                           "= now(), totp_last_step = $2 WHERE account_id = $1 "
                           "AND totp_secret IS NOT NULL",
                           account_id, step),
            "account with a second factor");
      });
}

absl::StatusOr<bool> PgAccountStore::AcceptTotpStep(int64_t account_id,
                                                    int64_t step) {
  return InTransaction(
      *pool_, "use second factor", [&](pqxx::work& tx) -> absl::StatusOr<bool> {
        // One statement: two servers given the same code cannot both win.
        const pqxx::result result = tx.exec_params(
            "UPDATE baoxue.web_accounts SET totp_last_step = $2 "
            "WHERE account_id = $1 AND (totp_last_step IS NULL OR "
            "totp_last_step < $2)",
            account_id, step);
        return result.affected_rows() == 1;
      });
}

}  // namespace baoxue::store

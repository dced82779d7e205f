#ifndef BAOXUE_SERVER_STORE_PG_ACCOUNT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_ACCOUNT_STORE_H_

#include "server/store/account_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// AccountStore over baoxue.web_accounts / web_sessions (0007). Thread-safe;
// does not own the pool.
class PgAccountStore : public AccountStore {
 public:
  explicit PgAccountStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<int64_t> CreateAccount(const NewAccount& account) override;
  absl::StatusOr<AccountRecord> FindAccountByLogin(
      absl::string_view login) override;
  absl::StatusOr<AccountRecord> FindAccount(int64_t account_id) override;
  absl::Status SetDisabled(absl::string_view login, bool disabled) override;
  absl::StatusOr<int64_t> CreateSession(absl::string_view sha256,
                                        int64_t account_id, absl::Time now,
                                        absl::Time expires_at) override;
  absl::StatusOr<SessionRecord> FindSession(absl::string_view sha256) override;
  absl::Status TouchSession(int64_t session_id, absl::Time now) override;
  absl::Status RevokeSession(int64_t session_id, absl::Time now) override;
  absl::Status SetTotpSecret(int64_t account_id,
                             absl::string_view secret) override;
  absl::Status ConfirmTotp(int64_t account_id, int64_t step) override;
  absl::StatusOr<bool> AcceptTotpStep(int64_t account_id,
                                      int64_t step) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_ACCOUNT_STORE_H_

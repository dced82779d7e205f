#ifndef BAOXUE_SERVER_STORE_PG_TOKEN_STORE_H_
#define BAOXUE_SERVER_STORE_PG_TOKEN_STORE_H_

#include "server/store/pg_connection_pool.h"
#include "server/store/token_store.h"

namespace baoxue::store {

// TokenStore over baoxue.api_tokens. Thread-safe; does not own `pool`.
class PgTokenStore : public TokenStore {
 public:
  explicit PgTokenStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<TokenRecord> FindToken(absl::string_view sha256) override;
  absl::StatusOr<int64_t> CreateToken(const NewToken& token) override;
  absl::StatusOr<std::vector<TokenRecord>> ListTokens(
      absl::string_view area_prefix) override;
  absl::StatusOr<TokenRecord> GetToken(int64_t token_id) override;
  absl::Status RevokeToken(int64_t token_id,
                           absl::string_view revoked_by) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_TOKEN_STORE_H_

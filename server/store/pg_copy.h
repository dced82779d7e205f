#ifndef BAOXUE_SERVER_STORE_PG_COPY_H_
#define BAOXUE_SERVER_STORE_PG_COPY_H_

// Thin RAII over libpq for the bulk paths of risk runs: libpqxx 6.4 parses
// COPY as text and hides its raw connection, so a run opens its own libpq
// connections. Every function returns absl::Status; errors are mapped with
// SqlStateToStatus like the pqxx stores.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libpq-fe.h"

namespace baoxue::store {

struct PgConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgConn = std::unique_ptr<PGconn, PgConnDeleter>;
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// Opens a connection. UNAVAILABLE (naming `operation`) if it fails.
absl::StatusOr<PgConn> PgConnect(const std::string& url,
                                 absl::string_view operation);

// Runs one statement with text parameters (never SQL built from input) and
// returns its result if the status is COMMAND_OK, TUPLES_OK or COPY_IN/OUT.
absl::StatusOr<PgResult> PgExec(PGconn* conn, const char* sql,
                                const std::vector<std::string>& params,
                                absl::string_view operation);

// The status for a failed result (or a broken connection if `result` is
// null), mapped by PgErrorToStatus (pg_error_status.h) from the result's
// SQLSTATE, table, constraint and column fields.
absl::Status PgResultError(PGconn* conn, const PGresult* result,
                           absl::string_view operation);

// Big-endian field encoding of the binary COPY format.
inline void AppendInt16(std::string& out, int16_t v) {
  const uint16_t u = static_cast<uint16_t>(v);
  const char bytes[2] = {static_cast<char>(u >> 8), static_cast<char>(u)};
  out.append(bytes, 2);
}
inline void AppendInt32(std::string& out, int32_t v) {
  const uint32_t u = static_cast<uint32_t>(v);
  const char bytes[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16),
                         static_cast<char>(u >> 8), static_cast<char>(u)};
  out.append(bytes, 4);
}
inline void AppendInt64(std::string& out, int64_t v) {
  const uint64_t u = static_cast<uint64_t>(v);
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(u >> (56 - 8 * i));
  out.append(bytes, 8);
}
inline void AppendFloat8(std::string& out, double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  AppendInt64(out, static_cast<int64_t>(u));
}
inline uint32_t ReadUint32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
         (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}
inline int64_t ReadInt64(const char* p) {
  return static_cast<int64_t>((uint64_t{ReadUint32(p)} << 32) |
                              ReadUint32(p + 4));
}
inline double ReadFloat8(const char* p) {
  const uint64_t u = static_cast<uint64_t>(ReadInt64(p));
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// The 19-byte header of a binary COPY stream (no flags, no extension).
inline constexpr char kCopyBinaryHeader[19] = {
    'P',  'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n',
    '\0', 0,   0,   0,   0,   0,   0,    0,      0};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_COPY_H_

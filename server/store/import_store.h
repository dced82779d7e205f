#ifndef BAOXUE_SERVER_STORE_IMPORT_STORE_H_
#define BAOXUE_SERVER_STORE_IMPORT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "domain/vocabulary.h"

namespace baoxue::store {

using domain::ImportKind;

// The staging columns of a kind, in the order ImportBatch::rows carries its
// values. Core fills them from a file's validated rows (already normalised:
// dates as YYYY-MM-DD, codes as digits, flags as t/f, ID numbers only as
// keyed hashes); an empty string is NULL.
absl::Span<const absl::string_view> StagingColumns(ImportKind kind);

// A refused row (a value that does not parse, a reference that does not
// exist, a duplicate, outside the caller's area). Never an ID number or a
// name; a short option value may be quoted ("性别: ... got \"未知\"", at most
// 20 characters).
struct RejectedRow {
  int64_t row = 0;
  std::string column;  // the file's header or staging column, "" = the row
  std::string reason;
  std::string reason_zh;  // the same in Chinese, without the column
};

// Validated rows of one file, ready to write.
struct ImportBatch {
  ImportKind kind = ImportKind::kAreas;
  bool full = false;     // a full roster: mark what it lacks
  bool dry_run = false;  // check everything, write nothing
  std::string file_name;
  std::string file_sha256;  // 32 raw bytes
  std::string actor;        // e.g. "token 3"; never a secret
  // The caller's area: its division-code prefix ("" when bootstrapping an
  // empty database) and id (nullopt then).
  std::string area_prefix;
  std::optional<int64_t> area_id;
  absl::Time now;
  // Row numbers as the file shows them, and each row's values in
  // StagingColumns(kind) order.
  std::vector<int64_t> row_numbers;
  std::vector<std::vector<std::string>> rows;
  // The file's data rows, and those core refused (kept in the record).
  int64_t rows_read = 0;
  std::vector<RejectedRow> refused_before;
};

struct ImportWritten {
  int64_t import_id = 0;  // 0 for a dry run
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t missing_from_roster = 0;
  std::vector<RejectedRow> rejected;
};

struct ImportRecordRow {
  int64_t import_id = 0;
  ImportKind kind = ImportKind::kAreas;
  std::string file_name;
  std::string file_sha256_hex;
  bool full = false;
  std::string actor;
  std::string area_code;
  absl::Time started_at;
  int64_t rows_read = 0, accepted = 0, rejected = 0, inserted = 0, updated = 0,
          unchanged = 0, missing_from_roster = 0;
};

// Writes imports: stages a batch with COPY, refuses the rows the database
// contradicts, upserts the rest set-based, records the import — all in one
// transaction (a dry run rolls it back). Thread-safe; imports are
// serialised across servers.
// Errors: INVALID_ARGUMENT (a batch whose rows do not match the kind's
// columns), UNAVAILABLE, INTERNAL. Refused rows are not errors.
class ImportStore {
 public:
  virtual ~ImportStore() = default;
  virtual absl::StatusOr<ImportWritten> Write(const ImportBatch& batch) = 0;
  // The newest `limit` imports of the area with `area_prefix`.
  virtual absl::StatusOr<std::vector<ImportRecordRow>> ListImports(
      absl::string_view area_prefix, int limit) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_IMPORT_STORE_H_

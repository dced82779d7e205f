#ifndef BAOXUE_SERVER_CORE_IMPORTS_IMPORT_DESK_H_
#define BAOXUE_SERVER_CORE_IMPORTS_IMPORT_DESK_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/core/imports/id_protection.h"
#include "server/store/import_store.h"

namespace baoxue::core::imports {

struct ImportRequest {
  domain::ImportKind kind = domain::ImportKind::kAreas;
  std::string file_name;
  std::string sheet;  // "" = the first sheet with a header
  bool full = false;
  bool dry_run = false;
  // The file's header -> the kind's field (docs/imports.md).
  std::map<std::string, std::string> column_mapping;
  std::string bytes;  // the whole file
};

struct RowError {
  int64_t row = 0;        // as the spreadsheet program numbers it
  std::string column;     // the file's header, "" for the whole row
  std::string reason;     // never an ID number
  std::string reason_zh;  // the same in Chinese
};

// The refused rows as they were in the file, ID columns masked, with the
// reasons as a last column (导入失败明细): for staff to fix and import again.
struct RejectedRows {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct ImportReport {
  int64_t import_id = 0;  // 0 for a dry run
  domain::ImportKind kind = domain::ImportKind::kAreas;
  bool dry_run = false;
  int64_t rows = 0, accepted = 0, rejected = 0, inserted = 0, updated = 0,
          unchanged = 0, missing_from_roster = 0;
  std::vector<RowError> errors;  // by row
  RejectedRows rejected_rows;
  std::string sha256_hex;
};

// Called as the import advances: stage "reading", "validating" (done =
// rows validated of total) or "writing".
using ImportProgressFn =
    std::function<void(absl::string_view stage, int64_t done, int64_t total)>;

// County data in: reads a county's file (tabular), maps its columns,
// validates every row (naming row, column and reason), refuses duplicates
// within the file, and hands the valid rows to the store, which writes them
// all or nothing. Thread-safe; does not own its collaborators.
class ImportDesk {
 public:
  // `allow_xls`: accept legacy .xls (libfreexl is not memory-safe on
  // crafted files; off unless the configuration says so).
  ImportDesk(store::ImportStore* store, const KeyedIdHash* ids,
             const Clock* clock, bool allow_xls = false)
      : store_(store), ids_(ids), clock_(clock), allow_xls_(allow_xls) {}

  // For data staff and admins, inside their area.
  // PERMISSION_DENIED (role; the school calendar needs a county account),
  // INVALID_ARGUMENT (unreadable file, missing or doubled column, a mapping
  // to an unknown field), NOT_FOUND (sheet), RESOURCE_EXHAUSTED (file too
  // large), UNAVAILABLE, INTERNAL.
  // Refused rows are not errors: they are in the report.
  absl::StatusOr<ImportReport> Import(const Caller& caller,
                                      const ImportRequest& request,
                                      const ImportProgressFn& progress) const;

  // The county's own areas into a database that has none (or more areas of
  // the same county): what makes the first admin token possible. Run by the
  // server's administrator on the machine (`baoxue-server import-areas`).
  // INVALID_ARGUMENT unless every row lies in one county.
  absl::StatusOr<ImportReport> BootstrapAreas(const ImportRequest& request,
                                              absl::string_view actor) const;

  // The caller's area's imports, newest first. PERMISSION_DENIED for roles
  // other than data staff and admin.
  absl::StatusOr<std::vector<store::ImportRecordRow>> List(const Caller& caller,
                                                           int limit) const;

 private:
  struct Scope {
    std::string prefix;  // "" = everywhere (bootstrap)
    std::optional<int64_t> area_id;
    std::string actor;
  };
  absl::StatusOr<ImportReport> Run(const Scope& scope,
                                   const ImportRequest& request,
                                   const ImportProgressFn& progress) const;

  store::ImportStore* store_;
  const KeyedIdHash* ids_;
  const Clock* clock_;
  bool allow_xls_;
};

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_IMPORT_DESK_H_

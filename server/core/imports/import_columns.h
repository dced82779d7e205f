#ifndef BAOXUE_SERVER_CORE_IMPORTS_IMPORT_COLUMNS_H_
#define BAOXUE_SERVER_CORE_IMPORTS_IMPORT_COLUMNS_H_

// Which column of a county's file is which field of an import kind: the
// headers the national systems export (学籍号, 身份证件号, ...), an English
// alias (the field's own name), and a county's own headers through a
// mapping. docs/imports.md lists every kind's columns.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"

namespace baoxue::core::imports {

struct FieldSpec {
  absl::string_view field;  // English alias, e.g. "student_number"
  std::vector<absl::string_view> headers;  // as exported, e.g. "全国学籍号"
  bool required = false;
};

// The fields of `kind`, in the order docs/imports.md lists them.
const std::vector<FieldSpec>& FieldsOf(domain::ImportKind kind);

// Where each field is in a file: the column index, or -1 if absent.
class ColumnMap {
 public:
  // Maps the file's (normalised) header. A header matches a field by one of
  // its headers, its alias (case-insensitive), or `mapping` (file header ->
  // field alias); other columns are ignored. INVALID_ARGUMENT naming the
  // column: a required field without a column, a mapping to an unknown
  // field, two columns for one field.
  static absl::StatusOr<ColumnMap> Create(
      domain::ImportKind kind, const std::vector<std::string>& header,
      const std::map<std::string, std::string>& mapping);

  // The column of `field`, or -1.
  int IndexOf(absl::string_view field) const;
  // The file's header of `field` ("" if absent): what errors name.
  const std::string& HeaderOf(absl::string_view field) const;

 private:
  std::map<std::string, int, std::less<>> index_;
  std::map<std::string, std::string, std::less<>> header_;
};

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_IMPORT_COLUMNS_H_

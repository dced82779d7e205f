#ifndef BAOXUE_SERVER_CORE_IMPORTS_ROW_PARSER_H_
#define BAOXUE_SERVER_CORE_IMPORTS_ROW_PARSER_H_

// Turns one row of a county's file into the staged values of its import
// kind (store::StagingColumns order): every field validated and normalised
// (dates YYYY-MM-DD, codes as 12 digits, flags t/f, enums as the database's
// codes, resident ID numbers as keyed hashes and their last four
// characters). Pure; thread-compatible.

#include <string>
#include <vector>

#include "domain/vocabulary.h"
#include "server/core/imports/id_protection.h"
#include "server/core/imports/import_columns.h"

namespace baoxue::core::imports {

// Why a row was refused: the file's header of the column ("" for the whole
// row) and the reason, which never contains an ID number.
struct FieldError {
  std::string column;
  std::string reason;     // English, may start with the column
  std::string reason_zh;  // Chinese, without the column
};

struct ParsedRow {
  std::vector<std::string> staged;  // valid only if errors is empty
  // What makes two rows the same record (e.g. the 学籍号); and a second key
  // that must also be unique in a file (the ID number's hash), "" if none.
  std::string key;
  std::string second_key;
  std::vector<FieldError> errors;
};

class RowParser {
 public:
  // `ids` hashes resident ID numbers (not owned; must outlive the parser);
  // null when the server has no county secret: rows with an ID are refused.
  RowParser(domain::ImportKind kind, const ColumnMap* columns,
            const KeyedIdHash* ids)
      : kind_(kind), columns_(columns), ids_(ids) {}

  ParsedRow Parse(const std::vector<std::string>& cells) const;

 private:
  domain::ImportKind kind_;
  const ColumnMap* columns_;
  const KeyedIdHash* ids_;
};

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_ROW_PARSER_H_

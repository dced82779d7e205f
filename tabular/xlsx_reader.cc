// .xlsx (Office Open XML): the zip is read by libzip, every part is streamed
// through expat. Only what a table needs is read: workbook + relationships
// (sheet names and parts), shared strings, number formats of the cell styles
// (to tell dates), and the cells.

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "tabular/raw_sheet.h"

namespace baoxue::tabular::internal {
namespace {

// ---- XML plumbing -----------------------------------------------------------

// Receives the elements of one part by local name (namespaces stripped, so a
// prefixed "x:row" is a "row").
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(absl::string_view name, const char** attributes) = 0;
  virtual void End(absl::string_view name) = 0;
  virtual void Text(absl::string_view /*text*/) {}
  // Set non-OK by a handler to stop the parse with that error.
  absl::Status status;
  XML_Parser parser = nullptr;  // the parser feeding this handler
};

absl::string_view LocalName(const char* name) {
  absl::string_view view(name);
  const size_t bar = view.rfind('|');
  return bar == absl::string_view::npos ? view : view.substr(bar + 1);
}

// The value of the attribute with local name `name`, or "" if absent.
absl::string_view Attribute(const char** attributes, absl::string_view name) {
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    if (LocalName(attributes[i]) == name) return attributes[i + 1];
  }
  return "";
}

void StopOnError(XmlHandler* handler) {
  if (!handler->status.ok()) XML_StopParser(handler->parser, XML_FALSE);
}
void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
  auto* handler = static_cast<XmlHandler*>(data);
  if (handler->status.ok()) handler->Start(LocalName(name), atts);
  StopOnError(handler);
}
void XMLCALL OnEnd(void* data, const XML_Char* name) {
  auto* handler = static_cast<XmlHandler*>(data);
  if (handler->status.ok()) handler->End(LocalName(name));
  StopOnError(handler);
}
void XMLCALL OnText(void* data, const XML_Char* text, int length) {
  auto* handler = static_cast<XmlHandler*>(data);
  if (handler->status.ok()) handler->Text(absl::string_view(text, length));
  StopOnError(handler);
}
// Office files never carry a DTD; refusing one shuts out entity expansion.
void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*,
                       const XML_Char*, int) {
  auto* handler = static_cast<XmlHandler*>(data);
  handler->status =
      absl::InvalidArgumentError("damaged xlsx file: a part declares a DTD");
  StopOnError(handler);
}

struct ParserHolder {
  XML_Parser parser;
  ParserHolder() : parser(XML_ParserCreateNS(nullptr, '|')) {}
  ~ParserHolder() {
    if (parser != nullptr) XML_ParserFree(parser);
  }
};

struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// ---- relationships and paths -----------------------------------------------

struct Relationship {
  std::string type;    // the last segment of the Type URI, e.g. "worksheet"
  std::string target;  // resolved to a path inside the zip
};

// "xl/workbook.xml" -> "xl/".
std::string Folder(absl::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == absl::string_view::npos
             ? ""
             : std::string(part.substr(0, slash + 1));
}

// Resolves a relationship target against the folder of its source part.
std::string ResolveTarget(absl::string_view source_folder,
                          absl::string_view target) {
  std::string joined = absl::StartsWith(target, "/")
                           ? std::string(target.substr(1))
                           : absl::StrCat(source_folder, target);
  std::vector<std::string> parts;
  for (absl::string_view piece : absl::StrSplit(joined, '/')) {
    if (piece.empty() || piece == ".") continue;
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.emplace_back(piece);
  }
  return absl::StrJoin(parts, "/");
}

std::string RelsPathFor(absl::string_view part) {
  const size_t slash = part.rfind('/');
  if (slash == absl::string_view::npos)
    return absl::StrCat("_rels/", part, ".rels");
  return absl::StrCat(part.substr(0, slash + 1), "_rels/",
                      part.substr(slash + 1), ".rels");
}

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(std::string folder) : folder_(std::move(folder)) {}
  void Start(absl::string_view name, const char** attributes) override {
    if (name != "Relationship") return;
    if (Attribute(attributes, "TargetMode") == "External") return;
    absl::string_view type = Attribute(attributes, "Type");
    const size_t slash = type.rfind('/');
    if (slash != absl::string_view::npos) type = type.substr(slash + 1);
    rels[std::string(Attribute(attributes, "Id"))] =
        Relationship{std::string(type),
                     ResolveTarget(folder_, Attribute(attributes, "Target"))};
  }
  void End(absl::string_view) override {}
  absl::flat_hash_map<std::string, Relationship> rels;

 private:
  std::string folder_;
};

// ---- workbook, styles, shared strings ---------------------------------------

struct SheetEntry {
  std::string name;
  std::string rel_id;
  bool visible = true;
};

class WorkbookHandler : public XmlHandler {
 public:
  void Start(absl::string_view name, const char** attributes) override {
    if (name == "workbookPr") {
      absl::string_view v = Attribute(attributes, "date1904");
      date1904 = v == "1" || v == "true";
    } else if (name == "sheet") {
      absl::string_view state = Attribute(attributes, "state");
      sheets.push_back(SheetEntry{std::string(Attribute(attributes, "name")),
                                  std::string(Attribute(attributes, "id")),
                                  state != "hidden" && state != "veryHidden"});
    }
  }
  void End(absl::string_view) override {}
  bool date1904 = false;
  std::vector<SheetEntry> sheets;
};

NumberKind BuiltinKind(int id) {
  switch (id) {
    case 14:
    case 15:
    case 16:
    case 17:
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return NumberKind::kDate;
    case 22:
      return NumberKind::kDateTime;
    case 18:
    case 19:
    case 20:
    case 21:
    case 32:
    case 33:
    case 34:
    case 35:
    case 45:
    case 46:
    case 47:
    case 55:
    case 56:
      return NumberKind::kTime;
    default:
      return NumberKind::kNumber;
  }
}

// Classifies a custom format code by its date and time letters, outside
// quoted literals, escapes, [colour]/[$-locale] brackets and _/* padding.
// Only the first section (positive numbers) counts.
NumberKind CustomKind(absl::string_view code) {
  bool date = false, time = false, month = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = absl::ascii_tolower(static_cast<unsigned char>(code[i]));
    if (c == ';') break;
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == absl::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == absl::string_view::npos) break;
      // [h], [mm], [ss] are elapsed time; other brackets are colours/locales.
      absl::string_view inner = code.substr(i + 1, close - i - 1);
      if (!inner.empty() &&
          (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 's' ||
           inner[0] == 'S' || inner[0] == 'm' || inner[0] == 'M')) {
        time = true;
      }
      i = close;
    } else if (c == 'y' || c == 'd') {
      date = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    } else if (c == 'm') {
      month = true;
    } else if (c == 'g' &&
               absl::StartsWithIgnoreCase(code.substr(i), "general")) {
      i += 6;
    }
  }
  // "m" is a month unless hours or seconds make it minutes.
  if (month && !time) date = true;
  if (date && time) return NumberKind::kDateTime;
  if (date) return NumberKind::kDate;
  if (time) return NumberKind::kTime;
  return NumberKind::kNumber;
}

class StylesHandler : public XmlHandler {
 public:
  void Start(absl::string_view name, const char** attributes) override {
    if (name == "numFmt") {
      int id = 0;
      if (absl::SimpleAtoi(Attribute(attributes, "numFmtId"), &id)) {
        custom_[id] = CustomKind(Attribute(attributes, "formatCode"));
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      int id = 0;
      (void)absl::SimpleAtoi(Attribute(attributes, "numFmtId"), &id);
      xf_format_ids_.push_back(id);
    }
  }
  void End(absl::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  // One kind per cell style index (the s="" of a cell).
  std::vector<NumberKind> Kinds() const {
    std::vector<NumberKind> kinds;
    for (int id : xf_format_ids_) {
      auto it = custom_.find(id);
      kinds.push_back(it != custom_.end() ? it->second : BuiltinKind(id));
    }
    return kinds;
  }

 private:
  bool in_cell_xfs_ = false;
  std::vector<int> xf_format_ids_;
  absl::flat_hash_map<int, NumberKind> custom_;
};

// Text of <t> elements, leaving out phonetic runs (<rPh>).
class RichTextCollector {
 public:
  void Start(absl::string_view name) {
    if (name == "t") ++in_t_;
    if (name == "rPh") ++in_phonetic_;
  }
  void End(absl::string_view name) {
    if (name == "t" && in_t_ > 0) --in_t_;
    if (name == "rPh" && in_phonetic_ > 0) --in_phonetic_;
  }
  void Text(absl::string_view text, std::string* out) const {
    if (in_t_ > 0 && in_phonetic_ == 0) out->append(text.data(), text.size());
  }

 private:
  int in_t_ = 0;
  int in_phonetic_ = 0;
};

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(size_t max_bytes) : max_bytes_(max_bytes) {}
  void Start(absl::string_view name, const char**) override {
    if (name == "si") {
      strings.emplace_back();
      in_si_ = true;
    }
    rich_.Start(name);
  }
  void End(absl::string_view name) override {
    rich_.End(name);
    if (name == "si") in_si_ = false;
  }
  void Text(absl::string_view text) override {
    if (!in_si_) return;
    bytes_ += text.size();
    if (bytes_ > max_bytes_) {
      status = absl::ResourceExhaustedError(
          "shared strings exceed max_uncompressed_bytes");
      return;
    }
    rich_.Text(text, &strings.back());
  }
  std::vector<std::string> strings;

 private:
  size_t max_bytes_;
  size_t bytes_ = 0;
  bool in_si_ = false;
  RichTextCollector rich_;
};

// ---- cells ------------------------------------------------------------------

// Parses "C7" into a 0-based column and a 1-based row; false if malformed.
bool ParseReference(absl::string_view ref, int64_t* column, int64_t* row) {
  size_t i = 0;
  int64_t col = 0;
  while (i < ref.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(ref[i]))) {
    col = col * 26 +
          (absl::ascii_toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > 16384) return false;  // XFD, Excel's last column
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  int64_t r = 0;
  if (!absl::SimpleAtoi(ref.substr(i), &r) || r < 1 || r > 1048576)
    return false;
  *column = col - 1;
  *row = r;
  return true;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const std::vector<std::string>& shared_strings,
               const std::vector<NumberKind>& kinds, bool date1904,
               const ReadOptions& options)
      : shared_strings_(shared_strings),
        kinds_(kinds),
        date1904_(date1904),
        options_(options) {}

  void Start(absl::string_view name, const char** attributes) override {
    if (name == "row") {
      int64_t r = 0;
      row_number_ = absl::SimpleAtoi(Attribute(attributes, "r"), &r) && r > 0
                        ? r
                        : row_number_ + 1;
      row_ = RawRow{row_number_, {}};
      row_has_text_ = false;
      column_ = -1;
    } else if (name == "c") {
      int64_t col = 0, r = 0;
      absl::string_view ref = Attribute(attributes, "r");
      if (ref.empty()) {
        col = column_ + 1;
      } else if (!ParseReference(ref, &col, &r)) {
        status = absl::InvalidArgumentError(
            absl::StrCat("row ", row_number_, ": bad cell reference"));
        return;
      }
      column_ = col;
      type_ = std::string(Attribute(attributes, "t"));
      style_ = 0;
      (void)absl::SimpleAtoi(Attribute(attributes, "s"), &style_);
      value_.clear();
      inline_text_.clear();
      in_value_ = false;
    } else if (name == "v") {
      in_value_ = true;
    } else if (name == "is") {
      in_inline_ = true;
    }
    if (in_inline_) rich_.Start(name);
  }

  void End(absl::string_view name) override {
    if (in_inline_) rich_.End(name);
    if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "c") {
      EndCell();
    } else if (name == "row") {
      EndRow();
    }
  }

  void Text(absl::string_view text) override {
    if (in_value_) {
      value_.append(text.data(), text.size());
    } else if (in_inline_) {
      rich_.Text(text, &inline_text_);
    }
  }

  RawSheet rows;

 private:
  void EndCell() {
    absl::StatusOr<std::string> text = CellText();
    if (!text.ok()) {
      status = text.status();
      return;
    }
    if (text->empty()) return;
    if (static_cast<size_t>(column_) >= options_.max_columns) {
      status = absl::ResourceExhaustedError(
          absl::StrCat("row ", row_number_, " has a cell beyond column ",
                       options_.max_columns, " (max_columns)"));
      return;
    }
    if (row_.cells.size() <= static_cast<size_t>(column_)) {
      row_.cells.resize(column_ + 1);
    }
    row_.cells[column_] = *std::move(text);
    row_has_text_ = true;
  }

  void EndRow() {
    if (!row_has_text_) return;
    if (rows.size() >= options_.max_rows) {
      status = absl::ResourceExhaustedError(
          absl::StrCat("more than ", options_.max_rows, " rows (max_rows)"));
      return;
    }
    if (!rows.empty() && rows.back().number >= row_.number) {
      status = absl::InvalidArgumentError(
          absl::StrCat("row ", row_.number, " is out of order"));
      return;
    }
    rows.push_back(std::move(row_));
    row_ = RawRow();
    row_has_text_ = false;
  }

  absl::StatusOr<std::string> CellText() const {
    if (type_ == "s") {
      size_t index = 0;
      if (!absl::SimpleAtoi(value_, &index) ||
          index >= shared_strings_.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "row ", row_number_, ": shared string index out of range"));
      }
      return shared_strings_[index];
    }
    if (type_ == "inlineStr") return inline_text_;
    if (type_ == "str" || type_ == "e" || type_ == "d") return value_;
    if (type_ == "b") {
      if (value_.empty()) return std::string();
      return std::string(value_ == "0" ? "FALSE" : "TRUE");
    }
    // A number.
    const absl::string_view literal = absl::StripAsciiWhitespace(value_);
    if (literal.empty()) return std::string();
    double number = 0;
    if (!absl::SimpleAtod(literal, &number)) return std::string(literal);
    const NumberKind kind =
        style_ >= 0 && static_cast<size_t>(style_) < kinds_.size()
            ? kinds_[style_]
            : NumberKind::kNumber;
    if (kind != NumberKind::kNumber) {
      std::string text = SerialToText(number, date1904_, kind);
      if (!text.empty()) return text;
      return std::string(literal);
    }
    if (number >= 1e15 || number <= -1e15) return NumberToText(number);
    return std::string(literal);
  }

  const std::vector<std::string>& shared_strings_;
  const std::vector<NumberKind>& kinds_;
  const bool date1904_;
  const ReadOptions& options_;

  int64_t row_number_ = 0;
  RawRow row_;
  bool row_has_text_ = false;
  int64_t column_ = -1;
  std::string type_;
  int style_ = 0;
  std::string value_;
  std::string inline_text_;
  bool in_value_ = false;
  bool in_inline_ = false;
  RichTextCollector rich_;
};

// ---- the workbook -----------------------------------------------------------

class XlsxWorkbook : public Workbook {
 public:
  XlsxWorkbook(zip_t* zip, const ReadOptions& options)
      : zip_(zip), options_(options), budget_(options.max_uncompressed_bytes) {}
  ~XlsxWorkbook() override { zip_discard(zip_); }

  absl::Status Load() {
    // The package's root relationships name the workbook part.
    std::string workbook_part = "xl/workbook.xml";
    RelsHandler root("");
    BAOXUE_ASSIGN_OR_RETURN(bool has_root, ParsePart("_rels/.rels", root));
    if (has_root) {
      for (const auto& [id, rel] : root.rels) {
        if (rel.type == "officeDocument") workbook_part = rel.target;
      }
    }
    WorkbookHandler workbook;
    BAOXUE_ASSIGN_OR_RETURN(bool has_workbook,
                            ParsePart(workbook_part, workbook));
    if (!has_workbook) {
      return absl::InvalidArgumentError(
          "not an xlsx file (a zip without a workbook)");
    }
    date1904_ = workbook.date1904;
    RelsHandler rels(Folder(workbook_part));
    BAOXUE_ASSIGN_OR_RETURN(bool has_rels,
                            ParsePart(RelsPathFor(workbook_part), rels));
    (void)has_rels;
    for (const auto& [id, rel] : rels.rels) {
      if (rel.type == "sharedStrings") shared_strings_part_ = rel.target;
      if (rel.type == "styles") styles_part_ = rel.target;
    }
    for (const SheetEntry& entry : workbook.sheets) {
      auto it = rels.rels.find(entry.rel_id);
      const bool found = it != rels.rels.end();
      const bool cells = found && it->second.type == "worksheet";
      sheets_.push_back(SheetInfo{entry.name, entry.visible, cells});
      sheet_parts_.push_back(found ? it->second.target : "");
    }
    if (sheets_.empty()) {
      return absl::InvalidArgumentError("the workbook lists no sheets");
    }
    return absl::OkStatus();
  }

  const std::vector<SheetInfo>& sheets() const override { return sheets_; }

  absl::StatusOr<RawSheet> ReadSheet(size_t index) override {
    BAOXUE_RETURN_IF_ERROR(LoadSharedParts());
    SheetHandler handler(shared_strings_, kinds_, date1904_, options_);
    BAOXUE_ASSIGN_OR_RETURN(bool found,
                            ParsePart(sheet_parts_[index], handler));
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat("sheet ", sheets_[index].name, ": its part is missing"));
    }
    return std::move(handler.rows);
  }

 private:
  absl::Status LoadSharedParts() {
    if (shared_loaded_) return absl::OkStatus();
    shared_loaded_ = true;
    if (!styles_part_.empty()) {
      StylesHandler styles;
      BAOXUE_ASSIGN_OR_RETURN(bool found, ParsePart(styles_part_, styles));
      if (found) kinds_ = styles.Kinds();
    }
    if (!shared_strings_part_.empty()) {
      SharedStringsHandler strings(options_.max_uncompressed_bytes);
      BAOXUE_ASSIGN_OR_RETURN(bool found,
                              ParsePart(shared_strings_part_, strings));
      if (found) shared_strings_ = std::move(strings.strings);
    }
    return absl::OkStatus();
  }

  // Streams one part through `handler`. False if the part does not exist.
  absl::StatusOr<bool> ParsePart(const std::string& path, XmlHandler& handler) {
    if (path.empty()) return false;
    zip_int64_t index = zip_name_locate(zip_, path.c_str(), 0);
    if (index < 0) index = zip_name_locate(zip_, path.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return false;
    std::unique_ptr<zip_file_t, ZipFileCloser> file(
        zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0));
    if (file == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("damaged xlsx file: cannot open ", path,
                       " (encrypted or unsupported compression)"));
    }
    ParserHolder holder;
    if (holder.parser == nullptr) return absl::InternalError("out of memory");
    XML_Parser parser = holder.parser;
    XML_SetUserData(parser, &handler);
    XML_SetElementHandler(parser, OnStart, OnEnd);
    XML_SetCharacterDataHandler(parser, OnText);
    XML_SetStartDoctypeDeclHandler(parser, OnDoctype);
    handler.parser = parser;
    std::vector<char> buffer(1 << 16);
    while (true) {
      const zip_int64_t got =
          zip_fread(file.get(), buffer.data(), buffer.size());
      if (got < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("damaged xlsx file: cannot read ", path));
      }
      if (static_cast<size_t>(got) > budget_) {
        return absl::ResourceExhaustedError(
            "the xlsx unpacks to more than max_uncompressed_bytes");
      }
      budget_ -= static_cast<size_t>(got);
      const bool last = got == 0;
      const XML_Status rc =
          XML_Parse(parser, buffer.data(), static_cast<int>(got), last ? 1 : 0);
      if (!handler.status.ok()) return handler.status;
      if (rc != XML_STATUS_OK) {
        return absl::InvalidArgumentError(
            absl::StrCat("damaged xlsx file: ", path, " line ",
                         XML_GetCurrentLineNumber(parser), ": ",
                         XML_ErrorString(XML_GetErrorCode(parser))));
      }
      if (last) break;
    }
    return true;
  }

  zip_t* zip_;
  const ReadOptions& options_;
  size_t budget_;
  bool date1904_ = false;
  std::vector<SheetInfo> sheets_;
  std::vector<std::string> sheet_parts_;
  std::string shared_strings_part_;
  std::string styles_part_;
  bool shared_loaded_ = false;
  std::vector<std::string> shared_strings_;
  std::vector<NumberKind> kinds_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Workbook>> OpenXlsx(absl::string_view bytes,
                                                   const ReadOptions& options) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return absl::InternalError("cannot read the upload (out of memory)");
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(source);
    return absl::InvalidArgumentError(
        "not a zip/xlsx file (damaged or cut short)");
  }
  auto workbook = std::make_unique<XlsxWorkbook>(zip, options);
  BAOXUE_RETURN_IF_ERROR(workbook->Load());
  return workbook;
}

}  // namespace baoxue::tabular::internal

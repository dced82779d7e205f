#include "server/core/imports/import_columns.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tabular/table.h"

namespace baoxue::core::imports {
namespace {

using domain::ImportKind;

const std::vector<FieldSpec>& Areas() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"division_code",
       {"行政区划代码", "区划代码", "统计用区划代码", "代码"},
       true},
      {"name", {"名称", "区划名称", "单位名称"}, true},
      {"group_no", {"村民小组", "组号", "小组序号"}, false},
  };
  return *fields;
}

const std::vector<FieldSpec>& Schools() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"school_code", {"学校标识码", "学校代码"}, true},
      {"name", {"学校名称", "学校"}, true},
      {"kind", {"办学类型", "学校类型"}, true},
      {"area_code", {"所在地区划代码", "所在地行政区划代码", "区划代码"}, true},
      {"boarding", {"是否寄宿制学校", "寄宿制"}, false},
  };
  return *fields;
}

const std::vector<FieldSpec>& Students() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"student_number", {"全国学籍号", "学籍号"}, true},
      {"name", {"姓名", "学生姓名"}, true},
      {"gender", {"性别"}, true},
      {"birth_date", {"出生日期"}, true},
      {"ethnicity", {"民族"}, false},
      {"id_type", {"身份证件类型", "证件类型"}, false},
      {"id_number",
       {"身份证件号", "身份证号", "公民身份号码", "身份证件号码"},
       false},
      {"school_code", {"学校标识码"}, true},
      {"grade", {"年级"}, true},
      {"class_name", {"班级"}, false},
      {"residence_code",
       {"户籍地区划代码", "现住址区划代码", "居住地区划代码",
        "户口所在地区划代码"},
       true},
      {"household_number", {"户编号"}, false},
      {"left_behind", {"是否留守儿童", "留守儿童"}, false},
      {"disability", {"是否随班就读", "随班就读", "是否残疾"}, false},
      {"disability_type", {"残疾类型"}, false},
      {"boarding", {"就读方式", "是否住校", "是否寄宿生"}, false},
      {"enrolled_on", {"入学年月", "入学日期"}, false},
      // Kept by schools rather than the national 学籍 system; the model's
      // default features use them (docs/imports.md).
      {"learning_difficulty", {"是否学困生", "学困生", "学习困难"}, false},
      {"repeated_grade", {"是否留级", "留级", "是否重读"}, false},
      // Key groups (重点群体) as yes/no columns.
      {"orphan", {"是否孤儿", "孤儿"}, false},
      {"de_facto_unsupported",
       {"是否事实无人抚养儿童", "事实无人抚养儿童", "是否事实无人抚养",
        "事实无人抚养"},
       false},
      {"in_distress", {"是否困境儿童", "困境儿童"}, false},
      {"migrant_child",
       {"是否进城务工人员随迁子女", "进城务工人员随迁子女", "是否随迁子女",
        "随迁子女"},
       false},
  };
  return *fields;
}

const std::vector<FieldSpec>& Attendance() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"student_number", {"全国学籍号", "学籍号"}, true},
      {"day", {"日期", "缺勤日期", "考勤日期"}, true},
      {"kind", {"缺勤类型", "缺勤原因", "请假类型"}, true},
  };
  return *fields;
}

const std::vector<FieldSpec>& SchoolCalendar() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"day", {"日期", "上课日期", "教学日"}, true},
  };
  return *fields;
}

const std::vector<FieldSpec>& Routes() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"student_number", {"全国学籍号", "学籍号"}, true},
      {"distance_km", {"上学距离(公里)", "上学距离", "距离(公里)"}, true},
      {"travel_minutes",
       {"单程时间(分钟)", "上学时间(分钟)", "单程时间"},
       true},
      {"mountain_route", {"是否山路", "山路"}, false},
  };
  return *fields;
}

const std::vector<FieldSpec>& EnrolmentEvents() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"student_number", {"全国学籍号", "学籍号"}, true},
      {"event_date", {"异动日期", "日期"}, true},
      {"kind", {"异动类型", "类型"}, true},
      {"note", {"备注", "说明"}, false},
  };
  return *fields;
}

// One row per household member, as the rural revitalisation system exports.
const std::vector<FieldSpec>& Households() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"household_number", {"户编号", "户码"}, true},
      {"village_code",
       {"村区划代码", "所在村区划代码", "行政区划代码", "区划代码"},
       true},
      {"group_no", {"村民小组", "组号", "小组序号"}, false},
      {"head_name", {"户主姓名"}, false},
      {"name", {"姓名", "成员姓名"}, false},
      {"id_number",
       {"身份证号", "身份证件号", "证件号码", "公民身份号码", "成员身份证号"},
       true},
      {"relation", {"与户主关系"}, false},
      {"household_type", {"户类型", "户属性", "帮扶对象类型"}, true},
      {"per_capita_income",
       {"人均纯收入", "家庭人均纯收入", "人均纯收入(元)"},
       false},
      {"poverty_line", {"监测线", "防返贫监测线", "监测收入线"}, false},
      {"relocated",
       {"易地扶贫搬迁", "是否易地扶贫搬迁", "是否易地搬迁"},
       false},
  };
  return *fields;
}

// The school-age children of the household registration (户籍), as public
// security provides them.
const std::vector<FieldSpec>& HouseholdRegistration() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"id_number", {"公民身份号码", "身份证号", "身份证件号"}, true},
      {"name", {"姓名"}, true},
      {"gender", {"性别"}, false},
      {"birth_date", {"出生日期"}, false},
      {"village_code",
       {"户籍地区划代码", "户籍地行政区划代码", "户口所在地区划代码",
        "区划代码"},
       true},
      {"registration_book", {"户号"}, false},
      {"guardian_name", {"监护人姓名", "监护人", "户主姓名"}, false},
  };
  return *fields;
}

// The six heads roster (六长名册): one responsible person per row.
const std::vector<FieldSpec>& Heads() {
  static const auto* const fields = new std::vector<FieldSpec>{
      {"role", {"角色", "职责", "六长类别"}, true},
      {"name", {"姓名"}, true},
      {"phone", {"联系电话", "手机号码", "电话"}, false},
      {"school_code", {"学校标识码"}, false},
      {"grade", {"年级"}, false},
      {"class_name", {"班级"}, false},
      {"household_number", {"户编号"}, false},
      {"area_code", {"区划代码", "行政区划代码"}, false},
      {"group_no", {"村民小组", "组号"}, false},
  };
  return *fields;
}

const std::vector<FieldSpec>& NotYetSupported() {
  static const auto* const fields = new std::vector<FieldSpec>{};
  return *fields;
}

}  // namespace

const std::vector<FieldSpec>& FieldsOf(ImportKind kind) {
  switch (kind) {
    case ImportKind::kAreas:
      return Areas();
    case ImportKind::kSchools:
      return Schools();
    case ImportKind::kStudents:
      return Students();
    case ImportKind::kAttendance:
      return Attendance();
    case ImportKind::kSchoolCalendar:
      return SchoolCalendar();
    case ImportKind::kRoutes:
      return Routes();
    case ImportKind::kEnrolmentEvents:
      return EnrolmentEvents();
    case ImportKind::kHouseholds:
      return Households();
    case ImportKind::kHouseholdRegistration:
      return HouseholdRegistration();
    case ImportKind::kHeads:
      return Heads();
  }
  return NotYetSupported();
}

absl::StatusOr<ColumnMap> ColumnMap::Create(
    ImportKind kind, const std::vector<std::string>& header,
    const std::map<std::string, std::string>& mapping) {
  const std::vector<FieldSpec>& fields = FieldsOf(kind);
  auto field_named = [&](absl::string_view name) -> const FieldSpec* {
    for (const FieldSpec& spec : fields) {
      if (absl::EqualsIgnoreCase(spec.field, name)) return &spec;
    }
    return nullptr;
  };
  std::map<std::string, std::string> normalised_mapping;
  for (const auto& [file_header, field] : mapping) {
    if (field_named(field) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("column mapping: ", domain::Code(kind),
                       " has no field \"", field, "\""));
    }
    normalised_mapping[tabular::NormalizeHeader(file_header)] = field;
  }
  ColumnMap map;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& cell = header[i];
    const FieldSpec* spec = nullptr;
    if (auto it = normalised_mapping.find(cell);
        it != normalised_mapping.end()) {
      spec = field_named(it->second);
    }
    for (const FieldSpec& candidate : fields) {
      if (spec != nullptr) break;
      if (absl::EqualsIgnoreCase(candidate.field, cell)) spec = &candidate;
      for (absl::string_view known : candidate.headers) {
        if (tabular::NormalizeHeader(known) == cell) spec = &candidate;
      }
    }
    if (spec == nullptr) continue;  // a column this kind does not use
    const std::string field(spec->field);
    if (map.index_.count(field) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("columns \"", map.header_[field], "\" and \"", cell,
                       "\" are both ", field, ": keep one"));
    }
    map.index_[field] = static_cast<int>(i);
    map.header_[field] = cell;
  }
  std::vector<std::string> missing;
  for (const FieldSpec& spec : fields) {
    if (spec.required && map.index_.count(spec.field) == 0) {
      missing.push_back(
          absl::StrCat(spec.headers.empty() ? spec.field : spec.headers.front(),
                       " (", spec.field, ")"));
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing column: ", absl::StrJoin(missing, ", "),
                     "; name it as docs/imports.md lists or map it"));
  }
  return map;
}

int ColumnMap::IndexOf(absl::string_view field) const {
  auto it = index_.find(field);
  return it == index_.end() ? -1 : it->second;
}

const std::string& ColumnMap::HeaderOf(absl::string_view field) const {
  static const std::string* const kNone = new std::string();
  auto it = header_.find(field);
  return it == header_.end() ? *kNone : it->second;
}

}  // namespace baoxue::core::imports

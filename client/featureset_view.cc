#include "client/featureset_view.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "exports/text.h"

namespace baoxue::client {
namespace {

std::string Range(const baoxue::v1::FeatureDefinition& f) {
  if (!f.has_min() && !f.has_max()) return "";
  return absl::StrCat(f.has_min() ? absl::StrFormat("%g", f.min()) : "", "..",
                      f.has_max() ? absl::StrFormat("%g", f.max()) : "");
}

std::string Number(bool has, double value) {
  return has ? absl::StrFormat("%.4g", value) : "-";
}

// A row of the test table: the feature, then six figures.
std::string TestRow(const std::string& name,
                    const std::vector<std::string>& figures) {
  std::string row = absl::StrCat("  ", exports::PadToWidth(name, 26));
  const int widths[] = {8, 8, 8, 10, 10, 10};
  for (size_t k = 0; k < figures.size() && k < 6; ++k) {
    absl::StrAppend(&row, " ", exports::RightAligned(figures[k], widths[k]));
  }
  return absl::StrCat(row, "\n");
}

}  // namespace

void PrintFeatureSet(const baoxue::v1::FeatureSetDefinition& set, Words words,
                     std::ostream& out) {
  if (words.english()) {
    out << "feature set " << set.version() << "  " << set.name()
        << "\n  created " << set.created_at() << " by " << set.created_by()
        << "\n  relation " << set.relation() << "\n";
  } else {
    out << "特征集 " << set.version() << "  " << set.name() << "\n  创建于 "
        << set.created_at() << "，由 " << set.created_by() << "\n  数据来源 "
        << set.relation() << "\n";
  }
  for (const baoxue::v1::FeatureDefinition& f : set.features()) {
    out << absl::StrFormat("  %-26s %-12s %s\n", f.name(), Range(f),
                           f.expression());
    const std::string& meaning = words.english() ? f.en() : f.zh();
    if (!meaning.empty()) out << "      " << meaning << "\n";
    if (f.measures_size() > 0) {
      std::vector<std::string> measures;
      for (const std::string& m : f.measures()) {
        measures.push_back(exports::MeasureIn(m, words.english()));
      }
      out << words("      措施：", "      measures: ")
          << absl::StrJoin(measures, words("；", "; ")) << "\n";
    }
  }
}

void PrintFeatureSets(const baoxue::v1::ListFeatureSetsResponse& r, Words words,
                      std::ostream& out) {
  const auto line = [&out](absl::string_view version, absl::string_view name,
                           absl::string_view created, absl::string_view count) {
    out << exports::PadToWidth(std::string(version), 8) << " "
        << exports::PadToWidth(std::string(name), 24) << " "
        << exports::PadToWidth(std::string(created), 21) << " " << count
        << "\n";
  };
  line(words("版本", "version"), words("名称", "name"),
       words("创建时间", "created"), words("特征数", "features"));
  for (const baoxue::v1::FeatureSetDefinition& s : r.feature_sets()) {
    line(s.version(), s.name(), s.created_at(),
         absl::StrCat(s.features_size()));
  }
}

void PrintFeatureSetTest(const baoxue::v1::TestFeatureSetResponse& r,
                         Words words, std::ostream& out) {
  if (words.english()) {
    out << "test as of " << r.as_of_date() << ": " << (r.ok() ? "ok" : "FAILED")
        << "\n";
  } else {
    out << "测试（截至 " << r.as_of_date() << "）："
        << (r.ok() ? "通过" : "失败") << "\n";
  }
  // PostgreSQL's words when the relation or an expression does not evaluate.
  if (!r.relation_error().empty()) {
    out << words("  数据来源：", "  relation: ") << r.relation_error() << "\n";
    return;
  }
  out << (words.english()
              ? absl::StrFormat("  relation: %d rows\n", r.relation_rows())
              : absl::StrFormat("  数据来源：%d 行\n", r.relation_rows()));
  out << TestRow(
      std::string(words("特征", "feature")),
      {std::string(words("行数", "rows")),
       std::string(words("缺失", "missing")),
       std::string(words("越界", "outside")), std::string(words("最小", "min")),
       std::string(words("最大", "max")), std::string(words("均值", "mean"))});
  for (const baoxue::v1::FeatureTestResult& f : r.features()) {
    if (!f.ok()) {
      out << "  " << exports::PadToWidth(f.name(), 26)
          << words(" 错误：", " ERROR: ") << f.error() << "\n";
      continue;
    }
    out << TestRow(
        f.name(),
        {absl::StrCat(f.rows()), absl::StrCat(f.missing()),
         absl::StrCat(f.out_of_range()), Number(f.has_minimum(), f.minimum()),
         Number(f.has_maximum(), f.maximum()), Number(f.has_mean(), f.mean())});
  }
}

}  // namespace baoxue::client

#include "client/import_view.h"

#include "absl/strings/str_cat.h"

namespace baoxue::client {

void PrintImportResult(const baoxue::v1::ImportResult& result,
                       domain::Language lang, std::ostream& out) {
  const baoxue::v1::ImportCounts& c = result.counts();
  const domain::ImportKind kind =
      static_cast<domain::ImportKind>(static_cast<int>(result.kind()) - 1);
  if (lang == domain::Language::kZh) {
    out << (result.dry_run() ? "试导入（未写入）"
                             : absl::StrCat("导入 #", result.import_id()))
        << " " << domain::Label(kind, lang) << "：共 " << c.rows()
        << " 行，接受 " << c.accepted() << " 行（新增 " << c.inserted()
        << "，更新 " << c.updated() << "，未变 " << c.unchanged() << "），拒绝 "
        << c.rejected() << " 行";
    if (c.missing_from_roster() > 0) {
      out << "，名册中缺少 " << c.missing_from_roster()
          << " 人（已标记，未删除）";
    }
    out << "\n";
  } else {
    out << (result.dry_run() ? "dry run (nothing written)"
                             : absl::StrCat("import #", result.import_id()))
        << " " << domain::Label(kind, lang) << ": " << c.rows() << " rows, "
        << c.accepted() << " accepted (" << c.inserted() << " new, "
        << c.updated() << " updated, " << c.unchanged() << " unchanged), "
        << c.rejected() << " refused";
    if (c.missing_from_roster() > 0) {
      out << ", " << c.missing_from_roster()
          << " missing from the roster (marked, not deleted)";
    }
    out << "\n";
  }
  constexpr int kShown = 20;
  for (int i = 0; i < result.errors_size() && i < kShown; ++i) {
    const baoxue::v1::RowError& e = result.errors(i);
    out << (lang == domain::Language::kZh
                ? absl::StrCat("  第 ", e.row(), " 行 ")
                : absl::StrCat("  row ", e.row(), " "))
        << (e.column().empty()
                ? ""
                : absl::StrCat(e.column(),
                               lang == domain::Language::kZh ? "：" : ": "))
        << (lang == domain::Language::kZh && !e.reason_zh().empty()
                ? e.reason_zh()
                : e.reason())
        << "\n";
  }
  if (result.errors_size() > kShown) {
    out << (lang == domain::Language::kZh
                ? "  ……其余见失败明细文件\n"
                : "  ... the rest are in the file of refused rows\n");
  }
}
}  // namespace baoxue::client

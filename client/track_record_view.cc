#include "client/track_record_view.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/vocabulary.h"

namespace baoxue::client {
namespace {

std::string Percent(bool has, double value) {
  return has ? absl::StrFormat("%.1f%%", 100 * value) : "-";
}

std::string Precision(const baoxue::v1::RealisedFigures& f) {
  return Percent(f.has_precision(), f.precision());
}

std::string Recall(const baoxue::v1::RealisedFigures& f) {
  return Percent(f.has_recall(), f.recall());
}

// Terminal columns of UTF-8 `text`: a Chinese character takes two.
size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const size_t length = byte < 0x80   ? 1
                          : byte < 0xE0 ? 2
                          : byte < 0xF0 ? 3
                                        : 4;
    width += length >= 3 ? 2 : 1;
    i += length;
  }
  return width;
}

// `text` padded to `width` columns: left-aligned, or right-aligned.
std::string Left(const std::string& text, size_t width) {
  const size_t w = DisplayWidth(text);
  return w >= width ? text + " " : text + std::string(width - w, ' ');
}
std::string Right(const std::string& text, size_t width) {
  const size_t w = DisplayWidth(text);
  return w >= width ? " " + text : std::string(width - w, ' ') + text;
}

std::string TierWord(const std::string& code, Words words) {
  const auto tier = domain::Parse<domain::RiskTier>(code);
  return tier.has_value() ? std::string(words.Label(*tier)) : code;
}

std::string MeasureWord(const std::string& code, Words words) {
  const auto measure = domain::Parse<domain::CaseMeasure>(code);
  return measure.has_value() ? std::string(words.Label(*measure)) : code;
}

void PrintRun(const baoxue::v1::TrackRecordRun& run, Words words,
              std::ostream& out) {
  out << absl::StrCat(words("研判 ", "run "), run.run_id(),
                      words("  日期 ", "  as of "), run.as_of_date(),
                      words("  模型 ", "  model "), run.model_version(),
                      words("  期限 ", "  horizon "), run.horizon_days(),
                      words(" 天", " days"));
  if (!run.due()) {
    out << absl::StrCat(words("  未到期（", "  not yet due (due on "),
                        run.due_date(), words(" 到期）", ")"))
        << "\n";
    return;
  }
  out << absl::StrCat(words("  到期 ", "  due "), run.due_date()) << "\n";
  const baoxue::v1::RealisedFigures& f = run.overall();
  out << absl::StrCat(
             words("  学生 ", "  students "), f.students(),
             words("  预警 ", "  flagged "), f.flagged(),
             words("（其中辍学 ", " (of them dropped out "),
             f.flagged_dropped_out(), words("，已劝返复学 ", ", brought back "),
             f.flagged_brought_back(), words("）", ")"),
             words("  精确率 ", "  precision "), Precision(f),
             words("  召回率 ", "  recall "), Recall(f), words("（辍学 ", " ("),
             f.dropped_out(), words(" 人中已预警 ", " dropouts, flagged "),
             f.flagged_dropped_out(), words(" 人）", ")"))
      << "\n";
  out << "  " << Left(std::string(words("风险等级", "tier")), 10)
      << Right(std::string(words("学生", "students")), 10)
      << Right(std::string(words("辍学", "dropped")), 10)
      << Right(std::string(words("辍学率", "rate")), 10)
      << Right(std::string(words("劝返复学", "back")), 10) << "\n";
  for (const baoxue::v1::TrackRecordTier& tier : run.tiers()) {
    out << "  " << Left(TierWord(tier.tier(), words), 10)
        << Right(absl::StrCat(tier.students()), 10)
        << Right(absl::StrCat(tier.dropped_out()), 10)
        << Right(Percent(tier.has_dropout_rate(), tier.dropout_rate()), 10)
        << Right(absl::StrCat(tier.brought_back()), 10) << "\n";
  }
  out << "  " << Left(std::string(words("乡镇", "township")), 26)
      << Right(std::string(words("预警", "flagged")), 10)
      << Right(std::string(words("预警中辍学", "of them out")), 14)
      << Right(std::string(words("辍学", "dropouts")), 10)
      << Right(std::string(words("精确率", "precision")), 10)
      << Right(std::string(words("召回率", "recall")), 10) << "\n";
  for (const baoxue::v1::TrackRecordTownship& t : run.townships()) {
    out << "  "
        << Left(absl::StrCat(t.township_code(), " ", t.township_name()), 26)
        << Right(absl::StrCat(t.figures().flagged()), 10)
        << Right(absl::StrCat(t.figures().flagged_dropped_out()), 14)
        << Right(absl::StrCat(t.figures().dropped_out()), 10)
        << Right(Precision(t.figures()), 10) << Right(Recall(t.figures()), 10)
        << "\n";
  }
  out << "  " << Left(std::string(words("个案结果", "case outcome")), 30)
      << Right(std::string(words("个案", "cases")), 8) << "  "
      << words("结案天数中位数", "median days to close") << "\n";
  for (const baoxue::v1::TrackRecordMeasure& m : run.measures()) {
    out << "  " << Left(MeasureWord(m.measure(), words), 30)
        << Right(absl::StrCat(m.cases()), 8) << "  "
        << (m.has_median_days_to_close()
                ? absl::StrFormat("%.1f", m.median_days_to_close())
                : "-")
        << "\n";
  }
}

}  // namespace

void PrintTrackRecord(const baoxue::v1::GetTrackRecordResponse& response,
                      Words words, std::ostream& out) {
  out << absl::StrCat(words("跟踪记录（今日 ", "track record (today "),
                      response.today(),
                      words("；预警 = 高、中风险）",
                            "; flagged = high or "
                            "medium tier)"))
      << "\n";
  if (response.runs().empty()) {
    out << words("尚无成功的风险研判", "no succeeded risk run yet") << "\n";
  }
  for (const baoxue::v1::TrackRecordRun& run : response.runs()) {
    PrintRun(run, words, out);
  }
}

}  // namespace baoxue::client

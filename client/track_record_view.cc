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
  out << absl::StrFormat("  %-10s %8s %8s %8s %8s\n", words("风险等级", "tier"),
                         words("学生", "students"), words("辍学", "dropped"),
                         words("辍学率", "rate"), words("复学", "back"));
  for (const baoxue::v1::TrackRecordTier& tier : run.tiers()) {
    out << absl::StrFormat(
        "  %-10s %8d %8d %8s %8d\n", TierWord(tier.tier(), words),
        tier.students(), tier.dropped_out(),
        Percent(tier.has_dropout_rate(), tier.dropout_rate()),
        tier.brought_back());
  }
  out << absl::StrFormat(
      "  %-24s %8s %8s %10s %8s\n", words("乡镇", "township"),
      words("预警", "flagged"), words("辍学", "dropouts"),
      words("精确率", "precision"), words("召回率", "recall"));
  for (const baoxue::v1::TrackRecordTownship& t : run.townships()) {
    out << absl::StrFormat(
        "  %-24s %8d %8d %10s %8s\n",
        absl::StrCat(t.township_code(), " ", t.township_name()),
        t.figures().flagged(), t.figures().dropped_out(),
        Precision(t.figures()), Recall(t.figures()));
  }
  out << absl::StrFormat("  %-28s %8s %s\n", words("个案结果", "case outcome"),
                         words("个案", "cases"),
                         words("结案天数中位数", "median days to close"));
  for (const baoxue::v1::TrackRecordMeasure& m : run.measures()) {
    out << absl::StrFormat(
        "  %-28s %8d %s\n", MeasureWord(m.measure(), words), m.cases(),
        m.has_median_days_to_close()
            ? absl::StrFormat("%.1f", m.median_days_to_close())
            : "-");
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

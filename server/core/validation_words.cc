#include "server/core/validation_words.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace baoxue::core {
namespace {

std::string Day(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? absl::FormatCivilTime(*day) : std::string("?");
}

std::string Method(const ValidationFacts& facts, bool zh) {
  switch (facts.method) {
    case ValidationMethod::kLaterSnapshot:
      return zh ? absl::StrCat("以后的快照（截至 ", Day(facts.validation_as_of),
                               "，按时间留出）")
                : absl::StrCat("later snapshot as of ",
                               Day(facts.validation_as_of),
                               " (held out in time)");
    case ValidationMethod::kKFold:
      return zh ? absl::StrCat("按学生 ", facts.folds,
                               " 折交叉验证（每行由不含该学生的模型评分）")
                : absl::StrCat(facts.folds,
                               "-fold cross-validation by student (each row "
                               "scored by the model trained without its "
                               "student)");
    case ValidationMethod::kHeldOut:
      return zh ? absl::StrFormat("每个训练快照都留出 %.0f%% 的学生",
                                  facts.held_out_share * 100)
                : absl::StrFormat(
                      "%.0f%% of the students held out of every training "
                      "snapshot",
                      facts.held_out_share * 100);
  }
  return "?";
}

std::vector<std::string> Warnings(const ValidationFacts& facts, bool zh) {
  std::vector<std::string> warnings;
  if (facts.method == ValidationMethod::kLaterSnapshot &&
      facts.validation_as_of.has_value() && !facts.training_as_of.empty()) {
    const absl::CivilDay last = facts.training_as_of.back();
    if (last + facts.horizon_days > *facts.validation_as_of) {
      const std::string training = absl::FormatCivilTime(last);
      const std::string validation = Day(facts.validation_as_of);
      warnings.push_back(
          zh ? absl::StrCat("验证与训练重叠：截至 ", training,
                            " 的训练快照，其标签窗口（", facts.horizon_days,
                            " 天）越过了验证日期 ", validation,
                            "，验证所计的辍学在训练中已经出现，指标偏乐观；"
                            "训练日期应比验证日期至少早 ",
                            facts.horizon_days, " 天")
             : absl::StrCat(
                   "validation overlaps training: the label window of the "
                   "training snapshot as of ",
                   training, " (", facts.horizon_days,
                   " days) reaches past the validation date ", validation,
                   ", so dropouts the validation counts were seen in training "
                   "and its figures are optimistic; put the training dates at "
                   "least ",
                   facts.horizon_days, " days before it"));
    }
  } else if (facts.method != ValidationMethod::kLaterSnapshot) {
    warnings.push_back(
        zh ? "验证与训练日期相同（学生不同、时间相同）：看不出模型日后是否"
             "依然有效；历史数据允许时，请改用以后的快照验证"
           : "validation shares the training dates (other students, same "
             "time): it does not show how the model holds up later; prefer a "
             "later snapshot when the history allows");
  }
  if (facts.validation_positives == 0) {
    warnings.push_back(
        zh ? "验证数据中没有辍学：曲线下面积和精确率无从得知（按要求才保存）"
           : "the validation rows hold no dropout: AUC and precision are "
             "unknown (saved only because it was asked)");
  } else if (facts.validation_positives < kFewValidationDropouts) {
    warnings.push_back(
        zh ? absl::StrCat("验证数据中只有 ", facts.validation_positives,
                          " 名辍学：换一批样本，指标可能相差很大")
           : absl::StrCat("only ", facts.validation_positives,
                          " dropouts in the validation rows: the figures may "
                          "vary widely from one sample to the next"));
  }
  return warnings;
}

}  // namespace

ValidationText DescribeValidation(const ValidationFacts& facts,
                                  domain::Language language) {
  const bool zh = language == domain::Language::kZh;
  return ValidationText{Method(facts, zh), Warnings(facts, zh)};
}

}  // namespace baoxue::core

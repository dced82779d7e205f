#include "domain/vocabulary.h"

namespace baoxue::domain {

std::optional<ChainRole> RoleAtLevel(int level) {
  if (level < 1 || level > kChainLevels) return std::nullopt;
  return Vocabulary<ChainRole>::kTerms[level - 1].value;
}

int LevelOf(ChainRole role) { return static_cast<int>(role) + 1; }

bool IsActionKind(CaseEventKind kind) {
  switch (kind) {
    case CaseEventKind::kCall:
    case CaseEventKind::kHomeVisit:
    case CaseEventKind::kAidReferral:
    case CaseEventKind::kCommitmentSigned:
    case CaseEventKind::kReturnNotice:
    case CaseEventKind::kNote:
      return true;
    default:
      return false;
  }
}

std::optional<Language> ParseLanguage(absl::string_view code) {
  if (code == "zh") return Language::kZh;
  if (code == "en") return Language::kEn;
  return std::nullopt;
}

Language LanguageOrDefault(absl::string_view code) {
  return ParseLanguage(code).value_or(Language::kZh);
}

}  // namespace baoxue::domain

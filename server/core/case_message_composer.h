#ifndef BAOXUE_SERVER_CORE_CASE_MESSAGE_COMPOSER_H_
#define BAOXUE_SERVER_CORE_CASE_MESSAGE_COMPOSER_H_

#include <string>

#include "server/store/case_store.h"

namespace baoxue::core {

// Writes the JSON payload of a pushed case message (docs/notifications.md):
// kind, case id, level, role, the student's masked name (张*明), grade,
// school, village, township, probability, deadline, the top reasons in
// words, and ready-made title_zh / text_zh / text_en. Never a student
// number, ID number or phone. Pure and thread-safe.
class CaseMessageComposer : public store::CaseMessageComposer {
 public:
  std::string PayloadJson(const store::CaseMessage& message) const override;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_MESSAGE_COMPOSER_H_

#ifndef BAOXUE_TESTS_TESTING_STATUS_MATCHERS_H_
#define BAOXUE_TESTS_TESTING_STATUS_MATCHERS_H_

// gmock matchers for absl::Status and absl::StatusOr<T> (Abseil 20220623
// ships none):
//
//   EXPECT_THAT(DoThing(), IsOk());
//   EXPECT_THAT(Parse(s), StatusIs(absl::StatusCode::kInvalidArgument));
//   EXPECT_THAT(Parse(s), StatusIs(absl::StatusCode::kInvalidArgument,
//                                  HasSubstr("travel_minutes")));

#include <ostream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace baoxue::testing {
namespace internal {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

class IsOkMatcher {
 public:
  using is_gtest_matcher = void;

  template <typename StatusType>
  bool MatchAndExplain(const StatusType& actual,
                       ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(actual);
    if (!status.ok()) *listener << "which is " << status.ToString();
    return status.ok();
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  using is_gtest_matcher = void;

  StatusIsMatcher(absl::StatusCode code,
                  ::testing::Matcher<const std::string&> message)
      : code_(code), message_(std::move(message)) {}

  template <typename StatusType>
  bool MatchAndExplain(const StatusType& actual,
                       ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(actual);
    *listener << "which is " << status.ToString();
    if (status.code() != code_) return false;
    const std::string message(status.message());
    ::testing::StringMatchResultListener message_listener;
    if (!message_.MatchAndExplain(message, &message_listener)) {
      if (!message_listener.str().empty()) {
        *listener << ", message " << message_listener.str();
      }
      return false;
    }
    return true;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has status code " << absl::StatusCodeToString(code_)
        << " and a message that ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have status code " << absl::StatusCodeToString(code_)
        << " or has a message that ";
    message_.DescribeNegationTo(os);
  }

 private:
  absl::StatusCode code_;
  ::testing::Matcher<const std::string&> message_;
};

}  // namespace internal

// Matches an OK absl::Status or an absl::StatusOr<T> holding a value.
inline internal::IsOkMatcher IsOk() { return {}; }

// Matches a status (or StatusOr's status) with `code`, any message.
inline internal::StatusIsMatcher StatusIs(absl::StatusCode code) {
  return {code, ::testing::_};
}

// Matches a status with `code` whose message matches `message`, which may be
// a std::string (exact) or a matcher such as HasSubstr("feature").
template <typename MessageMatcher>
internal::StatusIsMatcher StatusIs(absl::StatusCode code,
                                   MessageMatcher&& message) {
  return {code, ::testing::MatcherCast<const std::string&>(
                    std::forward<MessageMatcher>(message))};
}

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_STATUS_MATCHERS_H_

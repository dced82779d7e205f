#ifndef BAOXUE_CLIENT_OUTPUT_H_
#define BAOXUE_CLIENT_OUTPUT_H_

#include <iostream>
#include <ostream>

#include "absl/status/statusor.h"
#include "baoxue/v1/scoring.pb.h"
#include "client/words.h"
#include "google/protobuf/message.h"

namespace baoxue::client {

// Human-readable output in the one language of `words`: each student's
// score line, then the reasons (the server's text in that language).
void PrintScores(const baoxue::v1::ScoreStudentsResponse& response, Words words,
                 std::ostream& out);
void PrintTopRisks(const baoxue::v1::ListTopRisksResponse& response,
                   Words words, std::ostream& out);

// Machine output (--json): the message as JSON with proto field names.
void PrintJson(const google::protobuf::Message& message, std::ostream& out);

// Prints a call's result to stdout, as JSON (one line) or with `print`;
// returns the call's error unchanged.
template <typename Message, typename Printer>
absl::Status ShowResult(const absl::StatusOr<Message>& result, bool json,
                        Printer print) {
  if (!result.ok()) return result.status();
  if (json) {
    PrintJson(*result, std::cout);
    std::cout << "\n";
  } else {
    print(*result, std::cout);
  }
  return absl::OkStatus();
}

// The same with a printer in the language of `words`.
template <typename Message>
absl::Status ShowResult(const absl::StatusOr<Message>& result, bool json,
                        Words words,
                        void (*print)(const Message&, Words, std::ostream&)) {
  return ShowResult(result, json,
                    [words, print](const Message& message, std::ostream& out) {
                      print(message, words, out);
                    });
}

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_OUTPUT_H_

#ifndef BAOXUE_SERVER_CORE_CASE_RECORDS_H_
#define BAOXUE_SERVER_CORE_CASE_RECORDS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/store/case_types.h"

namespace baoxue::core {

// What makes a case record honest: the rules a record must meet before it is
// written, apart from who may write it (CaseDesk). Pure functions.

// At most this many bytes per attached file, and files per record.
inline constexpr int kMaxAttachmentBytes = 5 * 1024 * 1024;
inline constexpr int kMaxAttachmentsPerRecord = 6;

// An action needs a note saying what happened (an empty phone-call record
// says nothing), a day it happened no later than `today` and at most a year
// back, and at most kMaxAttachmentsPerRecord files. INVALID_ARGUMENT naming
// the field (note, happened_on, attachment_ids).
absl::Status CheckActionRecord(store::CaseEventKind kind,
                               const std::string& note,
                               const store::CaseRecordFacts& facts,
                               absl::CivilDay today);

// Closing needs a note (what was done, what was verified); an outcome that
// must be verified records its evidence: `returned` needs `returned_on`,
// the day the child was back in class (not after `today`).
// INVALID_ARGUMENT naming the field (note, returned_on).
absl::Status CheckClosingRecord(store::CaseOutcome outcome,
                                const std::string& note,
                                const store::CaseRecordFacts& facts,
                                absl::CivilDay today);

// A record's day as callers send it ("YYYY-MM-DD"); "" = none.
// INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::optional<absl::CivilDay>> ParseRecordDay(
    absl::string_view text, absl::string_view field);

// The type of an uploaded file from its first bytes (JPEG, PNG or PDF),
// never from what the client says. INVALID_ARGUMENT naming `file` for an
// empty, too large or other file.
absl::StatusOr<std::string> SniffAttachmentType(absl::string_view bytes);

// A file name safe to keep and to send back in Content-Disposition: the
// last path part, without control characters, quotes or backslashes, at
// most 100 characters (UTF-8 kept whole); "file" if nothing is left.
std::string SafeFileName(absl::string_view name);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_RECORDS_H_

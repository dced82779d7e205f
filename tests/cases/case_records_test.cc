#include "server/core/case_records.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using store::CaseEventKind;
using store::CaseOutcome;
using store::CaseRecordFacts;
using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 11, 22);

TEST(CaseRecordsTest, AnEmptyPhoneCallRecordIsRefusedNamingTheNote) {
  EXPECT_THAT(CheckActionRecord(CaseEventKind::kCall, "", {}, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("note: required for a call")));
  EXPECT_THAT(CheckActionRecord(CaseEventKind::kCall, " \n ", {}, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_THAT(
      CheckActionRecord(CaseEventKind::kCall, "家长答应周一送来", {}, kToday),
      IsOk());
}

TEST(CaseRecordsTest, AnActionHappensNoLaterThanTodayAndAtMostAYearBack) {
  CaseRecordFacts facts;
  facts.happened_on = kToday - 2;
  EXPECT_THAT(
      CheckActionRecord(CaseEventKind::kHomeVisit, "家访", facts, kToday),
      IsOk());
  facts.happened_on = kToday + 1;
  EXPECT_THAT(
      CheckActionRecord(CaseEventKind::kHomeVisit, "家访", facts, kToday),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("happened_on")));
  facts.happened_on = kToday - 400;
  EXPECT_THAT(
      CheckActionRecord(CaseEventKind::kHomeVisit, "家访", facts, kToday),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("happened_on")));
}

TEST(CaseRecordsTest, ClosingNeedsANoteAndReturnedNeedsTheDayBackInClass) {
  CaseRecordFacts facts;
  EXPECT_THAT(CheckClosingRecord(CaseOutcome::kTransferred, "", facts, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("note: required to close")));
  EXPECT_THAT(CheckClosingRecord(CaseOutcome::kTransferred, "转入县二中", facts,
                                 kToday),
              IsOk());
  EXPECT_THAT(
      CheckClosingRecord(CaseOutcome::kReturned, "已返校", facts, kToday),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("returned_on: required")));
  facts.returned_on = kToday + 3;
  EXPECT_THAT(
      CheckClosingRecord(CaseOutcome::kReturned, "已返校", facts, kToday),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("returned_on")));
  facts.returned_on = kToday - 1;
  EXPECT_THAT(
      CheckClosingRecord(CaseOutcome::kReturned, "已返校", facts, kToday),
      IsOk());
}

TEST(CaseRecordsTest, AFilesTypeComesFromItsBytes) {
  EXPECT_EQ(*SniffAttachmentType(std::string("\xFF\xD8\xFF\xE0rest", 8)),
            "image/jpeg");
  EXPECT_EQ(*SniffAttachmentType("\x89PNG\r\n\x1A\nrest"), "image/png");
  EXPECT_EQ(*SniffAttachmentType("%PDF-1.7 ..."), "application/pdf");
  EXPECT_THAT(SniffAttachmentType("<html><script>alert(1)</script>"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("file")));
  EXPECT_THAT(SniffAttachmentType(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(SniffAttachmentType(std::string(kMaxAttachmentBytes + 1, '\xFF')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("MB")));
}

TEST(CaseRecordsTest, AFileNameIsKeptSafe) {
  EXPECT_EQ(SafeFileName("家访照片.jpg"), "家访照片.jpg");
  EXPECT_EQ(SafeFileName("C:\\Users\\a\\scan.pdf"), "scan.pdf");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(SafeFileName("a\"b;c\r\n.png"), "abc.png");
  EXPECT_EQ(SafeFileName("\xFF\xFE"), "file");
  EXPECT_EQ(SafeFileName(".."), "file");
  EXPECT_EQ(SafeFileName(std::string(300, 'x')).size(), 100u);
}

}  // namespace
}  // namespace baoxue::core

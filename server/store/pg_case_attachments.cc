// PgCaseStore: the files kept with a case and the facts an action records.
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::TimeParam;

std::string DayText(const absl::CivilDay& day) {
  return absl::FormatCivilTime(day);
}

}  // namespace

absl::StatusOr<int64_t> PgCaseStore::AddAttachment(
    const CaseAttachment& attachment, const Actor& actor, absl::Time now) {
  return InTransaction(
      *pool_, "add case attachment",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result result = tx.exec_params(
            "INSERT INTO baoxue.case_attachments (case_id, file_name, "
            "content_type, byte_count, bytes, uploaded_by, uploaded_at) "
            "SELECT case_id, $2, $3, $4, $5, $6, $7::timestamptz "
            "FROM baoxue.cases WHERE case_id = $1 RETURNING attachment_id",
            attachment.case_id, attachment.file_name, attachment.content_type,
            static_cast<int64_t>(attachment.bytes.size()),
            pqxx::binarystring(attachment.bytes), actor.description,
            TimeParam(now));
        if (result.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no case ", attachment.case_id));
        }
        return result[0][0].as<int64_t>();
      });
}

absl::StatusOr<CaseAttachment> PgCaseStore::GetAttachment(
    int64_t case_id, int64_t attachment_id) {
  return InTransaction(
      *pool_, "read case attachment",
      [&](pqxx::work& tx) -> absl::StatusOr<CaseAttachment> {
        const pqxx::result result = tx.exec_params(
            "SELECT file_name, content_type, bytes "
            "FROM baoxue.case_attachments "
            "WHERE case_id = $1 AND attachment_id = $2",
            case_id, attachment_id);
        if (result.empty()) {
          return absl::NotFoundError(absl::StrCat(
              "attachment: no file ", attachment_id, " in case ", case_id));
        }
        CaseAttachment out;
        out.attachment_id = attachment_id;
        out.case_id = case_id;
        out.file_name = result[0][0].as<std::string>();
        out.content_type = result[0][1].as<std::string>();
        out.bytes = pqxx::binarystring(result[0][2]).str();
        return out;
      });
}

absl::StatusOr<std::string> PgCaseStore::FactsJson(pqxx::work& tx,
                                                   int64_t case_id,
                                                   const CaseRecordFacts& facts,
                                                   const std::string& extra) {
  const std::string ids = BigintArrayLiteral(facts.attachment_ids.data(),
                                             facts.attachment_ids.size());
  // The attachments as the timeline lists them; every one must be this
  // case's and not yet part of another record.
  const pqxx::result result = tx.exec_params(
      "SELECT count(*), coalesce(jsonb_agg(jsonb_build_object("
      "  'id', attachment_id, 'name', file_name, 'type', content_type, "
      "  'size', byte_count) ORDER BY attachment_id), '[]'::jsonb) "
      "FROM baoxue.case_attachments WHERE attachment_id = ANY($1::bigint[]) "
      "  AND case_id = $2 AND event_id IS NULL",
      ids, case_id);
  if (result[0][0].as<int64_t>() !=
      static_cast<int64_t>(facts.attachment_ids.size())) {
    return absl::NotFoundError(
        absl::StrCat("attachment_ids: a file is not case ", case_id,
                     "'s or already belongs to another record"));
  }
  const pqxx::result json = tx.exec_params(
      "SELECT (coalesce(NULLIF($1, '')::jsonb, '{}'::jsonb) || "
      "  jsonb_strip_nulls(jsonb_build_object('happened_on', $2::text, "
      "    'returned_on', $3::text)) || "
      "  CASE WHEN $4::jsonb = '[]'::jsonb THEN '{}'::jsonb "
      "       ELSE jsonb_build_object('attachments', $4::jsonb) END)::text",
      extra,
      facts.happened_on.has_value()
          ? std::optional<std::string>(DayText(*facts.happened_on))
          : std::nullopt,
      facts.returned_on.has_value()
          ? std::optional<std::string>(DayText(*facts.returned_on))
          : std::nullopt,
      result[0][1].as<std::string>());
  return json[0][0].as<std::string>();
}

void PgCaseStore::LinkAttachments(pqxx::work& tx, int64_t case_id,
                                  const CaseRecordFacts& facts,
                                  int64_t event_id) {
  if (facts.attachment_ids.empty()) return;
  tx.exec_params(
      "UPDATE baoxue.case_attachments SET event_id = $3 "
      "WHERE attachment_id = ANY($1::bigint[]) AND case_id = $2",
      BigintArrayLiteral(facts.attachment_ids.data(),
                         facts.attachment_ids.size()),
      case_id, event_id);
}

}  // namespace baoxue::store

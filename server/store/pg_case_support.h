#ifndef BAOXUE_SERVER_STORE_PG_CASE_SUPPORT_H_
#define BAOXUE_SERVER_STORE_PG_CASE_SUPPORT_H_

// Building blocks shared by PgCaseStore's write and read paths. Everything
// here runs inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "pqxx/result"
#include "pqxx/transaction"
#include "server/store/case_store.h"

namespace baoxue::store::case_sql {

// A timestamptz parameter ($n::timestamptz).
std::string TimeParam(absl::Time time);
// SQL selecting a timestamptz column as Unix microseconds (bigint).
std::string Micros(absl::string_view column);
// Reads a Micros() column; nullopt for NULL.
std::optional<absl::Time> OptionalTime(const pqxx::field& field);
absl::Time TimeOf(const pqxx::field& field);
std::optional<int64_t> OptionalId(const pqxx::field& field);
// "feature=value;feature=value" (from SQL) -> reasons.
std::vector<MessageReason> ParseReasons(const pqxx::field& field);
// SQL: the top reasons of the case's latest attached score, in the
// ParseReasons format. Needs `c` = baoxue.cases in scope.
extern const char kLatestReasonsSql[];

// Appends a case event; returns its id.
int64_t AppendEvent(pqxx::work& tx, int64_t case_id, absl::Time at,
                    const Actor& actor, CaseEventKind kind, int level,
                    const std::string& note, const std::string& details_json);

// Makes `level` the level in charge of the case from `now` (the person comes
// from baoxue.case_person), with that level's deadlines from `rules`.
void AssignLevel(pqxx::work& tx, int64_t case_id, int level, absl::Time now,
                 const CaseRules& rules);

// The messages about `case_ids` (by case id) to the person of each case's
// current level (`level` 0) or to whoever held `level`, filled from the
// registers. Cases that do not exist are left out.
std::vector<CaseMessage> MessagesAbout(pqxx::work& tx,
                                       const std::vector<int64_t>& case_ids,
                                       int level);

// A message and the case event it reports.
struct OutgoingMessage {
  CaseMessage message;
  int64_t event_id = 0;
};

// Writes each message to the outbox once per channel serving its case's
// area, in one statement. The idempotency key is stable: event id, kind,
// level and channel; rows already there are skipped. Returns rows written.
int WriteMessages(pqxx::work& tx, const std::vector<OutgoingMessage>& messages,
                  const CaseMessageComposer& composer,
                  const std::vector<OutboxChannel>& channels);

// A case and the event a message reports.
struct CaseEventRef {
  int64_t case_id = 0;
  int64_t event_id = 0;
};

// The one path by which the chain's messages about case events reach the
// outbox, for every case kind and every store that changes cases
// (PgCaseStore, PgCheckStore): MessagesAbout fills each message from the
// registers, `composer` writes it, WriteMessages queues it per channel, in
// the caller's transaction. Thread-safe; does not own the composer.
class CaseNotifier {
 public:
  CaseNotifier(const CaseMessageComposer* composer,
               std::vector<OutboxChannel> channels)
      : composer_(composer), channels_(std::move(channels)) {}

  // Writes the message `recipient.kind` about the cases of `events` to
  // whoever holds, or last held, `recipient.level`; returns outbox rows
  // written.
  int Notify(pqxx::work& tx, const std::vector<CaseEventRef>& events,
             const CaseRecipient& recipient) const;
  // Notify for each of `recipients` (the chain's plan for a step), in order.
  int NotifyAll(pqxx::work& tx, const std::vector<CaseEventRef>& events,
                const std::vector<CaseRecipient>& recipients) const;
  // NotifyAll for the events of `event_kind` listed in the temporary table
  // `events_table` (event_id, case_id, kind text; a name fixed in code), a
  // batch at a time by event id: memory does not grow with the cases opened.
  int NotifyListed(pqxx::work& tx, absl::string_view events_table,
                   CaseEventKind event_kind,
                   const std::vector<CaseRecipient>& recipients) const;

 private:
  const CaseMessageComposer* composer_;
  const std::vector<OutboxChannel> channels_;
};

// '{"a","b\\"c"}': a text[] parameter, every element quoted and escaped.
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace baoxue::store::case_sql

#endif  // BAOXUE_SERVER_STORE_PG_CASE_SUPPORT_H_

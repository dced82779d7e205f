#include "server/store/pg_case_support.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store::case_sql {

std::string TimeParam(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_full, time, absl::UTCTimeZone());
}

std::string Micros(absl::string_view column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

std::optional<absl::Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return absl::FromUnixMicros(field.as<int64_t>());
}

absl::Time TimeOf(const pqxx::field& field) {
  return OptionalTime(field).value_or(absl::UnixEpoch());
}

std::optional<int64_t> OptionalId(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<int64_t>();
}

std::vector<MessageReason> ParseReasons(const pqxx::field& field) {
  std::vector<MessageReason> reasons;
  if (field.is_null()) return reasons;
  for (absl::string_view item :
       absl::StrSplit(field.c_str(), ';', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    MessageReason reason;
    reason.feature = std::string(parts.first);
    if (!absl::SimpleAtod(parts.second, &reason.value)) continue;
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

const char kLatestReasonsSql[] =
    "(SELECT string_agg((r ->> 'feature') || '=' || (r ->> 'value'), ';') "
    "   FROM baoxue.case_scores cs "
    "   JOIN baoxue.risk_scores rs "
    "     ON rs.run_id = cs.run_id AND rs.student_id = c.student_id, "
    "        jsonb_array_elements(rs.reasons) r "
    "  WHERE cs.case_id = c.case_id "
    "    AND cs.run_id = (SELECT max(run_id) FROM baoxue.case_scores "
    "                      WHERE case_id = c.case_id))";

int64_t AppendEvent(pqxx::work& tx, int64_t case_id, absl::Time at,
                    const Actor& actor, CaseEventKind kind, int level,
                    const std::string& note, const std::string& details_json) {
  const pqxx::result result = tx.exec_params(
      "INSERT INTO baoxue.case_events "
      "(case_id, at, actor, actor_person_id, kind, level, note, details) "
      "VALUES ($1, $2::timestamptz, $3, NULLIF($4::bigint, 0), "
      "$5::baoxue.case_event_kind, NULLIF($6::int, 0), NULLIF($7::text, ''), "
      // Who, by name and role: a token is named by its description.
      "$8::jsonb || jsonb_strip_nulls(jsonb_build_object('by_name', "
      "  coalesce(NULLIF($9::text, ''), (SELECT t.description "
      "    FROM baoxue.api_tokens t WHERE t.token_id = $10::bigint)), "
      "  'by_role', NULLIF($11::text, '')))) RETURNING event_id",
      case_id, TimeParam(at), actor.description, actor.person_id.value_or(0),
      std::string(domain::Code(kind)), level, note,
      details_json.empty() ? std::string("{}") : details_json, actor.name,
      actor.token_id, actor.role);
  return result[0][0].as<int64_t>();
}

void AssignLevel(pqxx::work& tx, int64_t case_id, int level, absl::Time now,
                 const CaseRules& rules) {
  const absl::Duration ack = rules.ack_within[level - 1];
  const absl::Duration resolve = rules.resolve_within[level - 1];
  tx.exec_params(
      "INSERT INTO baoxue.case_assignments (case_id, level, role, person_id, "
      "assigned_at, ack_deadline, resolve_deadline) "
      "SELECT c.case_id, $2::int, $3::baoxue.six_head_role, "
      "coalesce(baoxue.case_person(c.student_id, $2::int), "
      "  baoxue.registered_child_person(c.registered_child_hash, $2::int)), "
      "$4::timestamptz, "
      "$4::timestamptz + make_interval(secs => $5), "
      "$4::timestamptz + make_interval(secs => $6) "
      "FROM baoxue.cases c WHERE c.case_id = $1",
      case_id, level, std::string(domain::Code(*domain::RoleAtLevel(level))),
      TimeParam(now), absl::ToDoubleSeconds(ack),
      absl::ToDoubleSeconds(resolve));
  tx.exec_params(
      "UPDATE baoxue.cases SET current_level = $2 WHERE case_id = $1", case_id,
      level);
}

std::vector<CaseMessage> MessagesAbout(pqxx::work& tx,
                                       const std::vector<int64_t>& case_ids,
                                       int level) {
  // The assignment: the current one, or the latest one at `level`.
  const pqxx::result result = tx.exec_params(
      absl::StrCat(
          "SELECT c.case_id, coalesce(s.name, rc.name, ''), "
          "coalesce(s.grade, 0), coalesce(sc.name, ''), v.name, t.name, "
          "t.division_code, a.level, a.role::text, a.person_id, ",
          Micros("CASE WHEN a.acknowledged_at IS NULL THEN a.ack_deadline "
                 "ELSE a.resolve_deadline END"),
          ", coalesce((SELECT probability FROM baoxue.case_scores "
          "  WHERE case_id = c.case_id ORDER BY run_id DESC LIMIT 1), "
          "  c.opened_probability, 0), ",
          kLatestReasonsSql,
          ", coalesce(c.outcome::text, ''), c.village_code, c.current_level, "
          "c.kind::text, c.opened_reason "
          "FROM baoxue.cases c "
          // A verification task about a 户籍 child has no student row (nor
          // school): the name comes from the registration.
          "LEFT JOIN baoxue.students s ON s.student_id = c.student_id "
          "LEFT JOIN baoxue.registered_children rc "
          "  ON rc.id_hash = c.registered_child_hash "
          "LEFT JOIN baoxue.schools sc ON sc.school_id = c.school_id "
          "JOIN baoxue.areas v ON v.division_code = c.village_code "
          "  AND v.level = 'village' "
          "JOIN baoxue.areas t ON t.division_code = left(c.village_code, 9) "
          "  || '000' AND t.level = 'township' "
          "LEFT JOIN LATERAL (SELECT * FROM baoxue.case_assignments a "
          "  WHERE a.case_id = c.case_id "
          "    AND (CASE WHEN $2::int = 0 THEN a.ended_at IS NULL "
          "         ELSE a.level = $2::int END) "
          "  ORDER BY a.assignment_id DESC LIMIT 1) a ON true "
          "WHERE c.case_id = ANY($1::bigint[]) ORDER BY c.case_id"),
      BigintArrayLiteral(case_ids.data(), case_ids.size()), level);
  std::vector<CaseMessage> messages;
  messages.reserve(result.size());
  for (const pqxx::row& row : result) {
    CaseMessage message;
    message.case_id = row[0].as<int64_t>();
    message.student_name = row[1].as<std::string>();
    message.grade = row[2].as<int>();
    message.school = row[3].as<std::string>();
    message.village = row[4].as<std::string>();
    message.township = row[5].as<std::string>();
    message.township_code = row[6].as<std::string>();
    message.level = row[7].is_null() ? level : row[7].as<int>();
    if (!row[8].is_null()) {
      message.role = domain::Parse<domain::ChainRole>(row[8].as<std::string>());
    }
    message.recipient_person_id = OptionalId(row[9]);
    message.deadline = OptionalTime(row[10]);
    message.probability = row[11].as<double>();
    message.reasons = ParseReasons(row[12]);
    message.outcome =
        domain::Parse<domain::CaseOutcome>(row[13].as<std::string>());
    message.village_code = row[14].as<std::string>();
    message.case_level = row[15].as<int>();
    message.case_kind =
        domain::Parse<domain::CaseKind>(row[16].as<std::string>())
            .value_or(domain::CaseKind::kDropoutRisk);
    message.opened_reason = row[17].is_null() ? "" : row[17].as<std::string>();
    messages.push_back(std::move(message));
  }
  return messages;
}

int CaseNotifier::Notify(pqxx::work& tx,
                         const std::vector<CaseEventRef>& events,
                         const CaseRecipient& recipient) const {
  if (events.empty()) return 0;
  std::vector<int64_t> case_ids;
  absl::flat_hash_map<int64_t, int64_t> event_of_case;
  for (const CaseEventRef& event : events) {
    case_ids.push_back(event.case_id);
    event_of_case[event.case_id] = event.event_id;
  }
  std::vector<OutgoingMessage> outgoing;
  for (CaseMessage& message : MessagesAbout(tx, case_ids, recipient.level)) {
    message.kind = recipient.kind;
    const int64_t event_id = event_of_case[message.case_id];
    outgoing.push_back({std::move(message), event_id});
  }
  return WriteMessages(tx, outgoing, *composer_, channels_);
}

int CaseNotifier::NotifyAll(
    pqxx::work& tx, const std::vector<CaseEventRef>& events,
    const std::vector<CaseRecipient>& recipients) const {
  int written = 0;
  for (const CaseRecipient& recipient : recipients) {
    written += Notify(tx, events, recipient);
  }
  return written;
}

int CaseNotifier::NotifyListed(
    pqxx::work& tx, absl::string_view events_table, CaseEventKind event_kind,
    const std::vector<CaseRecipient>& recipients) const {
  constexpr int kMessageBatch = 1000;
  int written = 0;
  int64_t after = 0;
  for (;;) {
    std::vector<CaseEventRef> batch;
    for (const pqxx::row& row : tx.exec_params(
             absl::StrCat("SELECT event_id, case_id FROM ", events_table,
                          " WHERE kind = $1 AND event_id > $2 "
                          "ORDER BY event_id LIMIT $3"),
             std::string(domain::Code(event_kind)), after, kMessageBatch)) {
      batch.push_back({row[1].as<int64_t>(), row[0].as<int64_t>()});
    }
    if (batch.empty()) break;
    after = batch.back().event_id;
    written += NotifyAll(tx, batch, recipients);
  }
  return written;
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

int WriteMessages(pqxx::work& tx, const std::vector<OutgoingMessage>& messages,
                  const CaseMessageComposer& composer,
                  const std::vector<OutboxChannel>& channels) {
  std::vector<std::string> keys;
  std::vector<std::string> channel_names;
  std::vector<int64_t> recipients;
  std::vector<int64_t> case_ids;
  std::vector<std::string> payloads;
  for (const OutgoingMessage& outgoing : messages) {
    const CaseMessage& message = outgoing.message;
    std::string payload;
    for (const OutboxChannel& channel : channels) {
      if (!absl::StartsWith(message.village_code, channel.area_prefix)) {
        continue;
      }
      if (payload.empty()) payload = composer.PayloadJson(message);
      keys.push_back(absl::StrCat("event-", outgoing.event_id, "/",
                                  domain::Code(message.kind), "/level-",
                                  message.level, "/", channel.name));
      channel_names.push_back(channel.name);
      recipients.push_back(message.recipient_person_id.value_or(0));
      case_ids.push_back(message.case_id);
      payloads.push_back(payload);
    }
  }
  if (keys.empty()) return 0;
  // One statement for the whole batch; the arrays are parameters.
  const pqxx::result result = tx.exec_params(
      "INSERT INTO baoxue.notification_outbox (idempotency_key, channel, "
      "recipient_person_id, case_id, payload) "
      "SELECT key, channel, NULLIF(recipient, 0), case_id, payload::jsonb "
      "FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], "
      "            $5::text[]) AS m(key, channel, recipient, case_id, payload) "
      "ON CONFLICT (idempotency_key) DO NOTHING",
      TextArrayLiteral(keys), TextArrayLiteral(channel_names),
      BigintArrayLiteral(recipients.data(), recipients.size()),
      BigintArrayLiteral(case_ids.data(), case_ids.size()),
      TextArrayLiteral(payloads));
  return static_cast<int>(result.affected_rows());
}

}  // namespace baoxue::store::case_sql

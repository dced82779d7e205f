#include "server/store/pg_outbox_store.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// Bounds what one failure may store: enough for a diagnosis, never a body.
constexpr size_t kMaxErrorBytes = 500;

// A timestamptz parameter with microsecond precision ("...+00").
std::string TimestampParam(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", t, absl::UTCTimeZone());
}

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 character.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end));
}

// The columns a claim returns, in the order ReadClaimed reads them.
constexpr char kClaimedColumns[] =
    " RETURNING o.message_id, o.idempotency_key, o.channel, o.case_id,"
    "  o.recipient_person_id, o.payload::text, o.attempts,"
    "  (extract(epoch FROM o.created_at) * 1000000)::bigint";

// What a claim does to each row it takes: one more attempt, held (and not
// due) until the lease ends. $1 = now, $2 = lease in microseconds.
constexpr char kClaimSet[] =
    "UPDATE baoxue.notification_outbox o "
    "SET attempts = o.attempts + 1,"
    "    last_attempt_at = $1::timestamptz,"
    "    next_attempt_at = $1::timestamptz"
    "                      + $2::bigint * interval '1 microsecond',"
    "    claimed_until = $1::timestamptz"
    "                    + $2::bigint * interval '1 microsecond' ";

std::vector<OutboxMessage> ReadClaimed(const pqxx::result& result) {
  std::vector<OutboxMessage> messages;
  messages.reserve(result.size());
  for (const pqxx::row& row : result) {
    OutboxMessage m;
    m.message_id = row[0].as<int64_t>();
    m.idempotency_key = row[1].as<std::string>();
    m.channel = row[2].as<std::string>();
    if (!row[3].is_null()) m.case_id = row[3].as<int64_t>();
    if (!row[4].is_null()) m.recipient_person_id = row[4].as<int64_t>();
    m.payload_json = row[5].as<std::string>();
    m.attempt = row[6].as<int>();
    m.created_at = absl::FromUnixMicros(row[7].as<int64_t>());
    messages.push_back(std::move(m));
  }
  std::sort(messages.begin(), messages.end(),
            [](const OutboxMessage& a, const OutboxMessage& b) {
              return a.message_id < b.message_id;
            });
  return messages;
}

absl::Status CheckLease(absl::Duration lease) {
  if (lease <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("lease must be > 0");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<OutboxMessage>> PgOutboxStore::ClaimDue(
    absl::Time now, int limit, absl::Duration lease,
    const ChannelSelection& channels) {
  if (limit < 1) return absl::InvalidArgumentError("limit must be >= 1");
  if (absl::Status ok = CheckLease(lease); !ok.ok()) return ok;
  const std::string now_param = TimestampParam(now);
  const int64_t lease_micros = absl::ToInt64Microseconds(lease);
  const std::string names = case_sql::TextArrayLiteral(channels.names);
  return InTransaction(
      *pool_, "claim outbox messages",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<OutboxMessage>> {
        return ReadClaimed(tx.exec_params(
            absl::StrCat("WITH due AS ("
                         "  SELECT message_id FROM baoxue.notification_outbox"
                         "  WHERE delivered_at IS NULL"
                         "    AND next_attempt_at <= $1::timestamptz"
                         "    AND (channel = ANY($4::text[])) <> $5::boolean"
                         "  ORDER BY next_attempt_at, message_id"
                         "  LIMIT $3"
                         "  FOR UPDATE SKIP LOCKED) ",
                         kClaimSet,
                         "FROM due WHERE o.message_id = due.message_id",
                         kClaimedColumns),
            now_param, lease_micros, limit, names, channels.all_but));
      });
}

absl::StatusOr<std::vector<OutboxMessage>> PgOutboxStore::ClaimProbe(
    absl::Time now, absl::string_view channel, absl::Duration lease) {
  if (absl::Status ok = CheckLease(lease); !ok.ok()) return ok;
  const std::string now_param = TimestampParam(now);
  const int64_t lease_micros = absl::ToInt64Microseconds(lease);
  const std::string channel_param(channel);
  return InTransaction(
      *pool_, "claim an outbox probe",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<OutboxMessage>> {
        return ReadClaimed(tx.exec_params(
            absl::StrCat("WITH probe AS ("
                         "  SELECT message_id FROM baoxue.notification_outbox"
                         "  WHERE delivered_at IS NULL AND channel = $3"
                         "    AND (claimed_until IS NULL"
                         "         OR claimed_until <= $1::timestamptz)"
                         "  ORDER BY next_attempt_at, message_id"
                         "  LIMIT 1"
                         "  FOR UPDATE SKIP LOCKED) ",
                         kClaimSet,
                         "FROM probe WHERE o.message_id = probe.message_id",
                         kClaimedColumns),
            now_param, lease_micros, channel_param));
      });
}

absl::StatusOr<int64_t> PgOutboxStore::PullForward(absl::string_view channel,
                                                   absl::Time now) {
  const std::string now_param = TimestampParam(now);
  const std::string channel_param(channel);
  return InTransaction(*pool_, "pull outbox messages forward",
                       [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
                         const pqxx::result result = tx.exec_params(
                             "UPDATE baoxue.notification_outbox "
                             "SET next_attempt_at = $2::timestamptz "
                             "WHERE delivered_at IS NULL AND channel = $1"
                             "  AND next_attempt_at > $2::timestamptz"
                             "  AND (claimed_until IS NULL"
                             "       OR claimed_until <= $2::timestamptz)",
                             channel_param, now_param);
                         return static_cast<int64_t>(result.affected_rows());
                       });
}

absl::StatusOr<int64_t> PgOutboxStore::PruneDelivered(absl::Time before,
                                                      int limit) {
  if (limit < 1) return absl::InvalidArgumentError("limit must be >= 1");
  const std::string before_param = TimestampParam(before);
  return InTransaction(
      *pool_, "prune delivered outbox messages",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result result = tx.exec_params(
            "DELETE FROM baoxue.notification_outbox WHERE message_id IN ("
            "  SELECT message_id FROM baoxue.notification_outbox"
            "  WHERE delivered_at IS NOT NULL"
            "    AND delivered_at < $1::timestamptz"
            "  ORDER BY delivered_at LIMIT $2)",
            before_param, limit);
        return static_cast<int64_t>(result.affected_rows());
      });
}

std::vector<ChannelBacklog> ReadChannelBacklog(pqxx::transaction_base& tx) {
  const pqxx::result result = tx.exec(
      "SELECT channel, count(*),"
      "  count(*) FILTER (WHERE last_error IS NOT NULL),"
      "  (extract(epoch FROM min(created_at)) * 1000000)::bigint "
      "FROM baoxue.notification_outbox WHERE delivered_at IS NULL "
      "GROUP BY channel ORDER BY channel");
  std::vector<ChannelBacklog> backlog;
  for (const pqxx::row& row : result) {
    ChannelBacklog b;
    b.channel = row[0].as<std::string>();
    b.pending = row[1].as<int64_t>();
    b.failing = row[2].as<int64_t>();
    b.oldest_pending_created_at = absl::FromUnixMicros(row[3].as<int64_t>());
    backlog.push_back(std::move(b));
  }
  return backlog;
}

absl::StatusOr<std::vector<ChannelBacklog>> PgOutboxStore::PendingByChannel() {
  return InTransaction(
      *pool_, "count outbox messages per channel",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<ChannelBacklog>> {
        return ReadChannelBacklog(tx);
      });
}

absl::Status PgOutboxStore::MarkDelivered(int64_t message_id, absl::Time at) {
  const std::string at_param = TimestampParam(at);
  return InTransaction(
      *pool_, "mark outbox message delivered",
      [&](pqxx::work& tx) -> absl::Status {
        tx.exec_params(
            "UPDATE baoxue.notification_outbox "
            "SET delivered_at = $2::timestamptz, last_error = NULL,"
            "    claimed_until = NULL "
            "WHERE message_id = $1 AND delivered_at IS NULL",
            message_id, at_param);
        return absl::OkStatus();
      });
}

absl::StatusOr<bool> PgOutboxStore::MarkFailed(int64_t message_id, int attempt,
                                               absl::Time next_attempt_at,
                                               absl::string_view error) {
  const std::string next_param = TimestampParam(next_attempt_at);
  const std::string error_text = TruncateUtf8(error, kMaxErrorBytes);
  return InTransaction(
      *pool_, "mark outbox message failed",
      [&](pqxx::work& tx) -> absl::StatusOr<bool> {
        const pqxx::result result = tx.exec_params(
            "UPDATE baoxue.notification_outbox "
            "SET next_attempt_at = $3::timestamptz, last_error = $4,"
            "    claimed_until = NULL "
            "WHERE message_id = $1 AND attempts = $2 AND delivered_at IS NULL",
            message_id, attempt, next_param, error_text);
        return result.affected_rows() == 1;
      });
}

absl::StatusOr<bool> PgOutboxStore::Release(int64_t message_id, int attempt,
                                            absl::Time now) {
  const std::string now_param = TimestampParam(now);
  return InTransaction(
      *pool_, "release outbox message",
      [&](pqxx::work& tx) -> absl::StatusOr<bool> {
        const pqxx::result result = tx.exec_params(
            "UPDATE baoxue.notification_outbox "
            "SET next_attempt_at = $3::timestamptz, attempts = attempts - 1,"
            "    claimed_until = NULL "
            "WHERE message_id = $1 AND attempts = $2 AND attempts > 0 "
            "  AND delivered_at IS NULL",
            message_id, attempt, now_param);
        return result.affected_rows() == 1;
      });
}

absl::StatusOr<OutboxCounts> PgOutboxStore::Counts() {
  return InTransaction(
      *pool_, "count outbox messages",
      [&](pqxx::work& tx) -> absl::StatusOr<OutboxCounts> {
        const pqxx::result result = tx.exec(
            "SELECT count(*) FILTER (WHERE delivered_at IS NULL),"
            "  count(*) FILTER (WHERE delivered_at IS NULL"
            "                   AND last_error IS NOT NULL),"
            "  count(*) FILTER (WHERE delivered_at IS NOT NULL),"
            "  (extract(epoch FROM min(created_at) FILTER ("
            "     WHERE delivered_at IS NULL)) * 1000000)::bigint "
            "FROM baoxue.notification_outbox");
        OutboxCounts counts;
        counts.pending = result[0][0].as<int64_t>();
        counts.failing = result[0][1].as<int64_t>();
        counts.delivered = result[0][2].as<int64_t>();
        if (!result[0][3].is_null()) {
          counts.oldest_pending_created_at =
              absl::FromUnixMicros(result[0][3].as<int64_t>());
        }
        return counts;
      });
}

}  // namespace baoxue::store

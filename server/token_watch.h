#ifndef BAOXUE_SERVER_TOKEN_WATCH_H_
#define BAOXUE_SERVER_TOKEN_WATCH_H_

#include "absl/synchronization/notification.h"
#include "server/core/authenticator.h"
#include "server/store/pg_notification_listener.h"

namespace baoxue {

// The PostgreSQL channel the api_tokens trigger announces revocations on
// (deploy/sql/0015_access_and_authentication.sql).
inline constexpr char kTokenChangedChannel[] = "baoxue_token_changed";

// Revocation everywhere within a second: forgets every cached token of
// `authenticator` whenever a token change is announced (or the listener
// reconnects, since announcements may have been missed), until `stop` is
// notified. While the database cannot be reached the cache is forgotten
// every second, so the cache TTL is never the only bound. Run on its own
// thread; owns nothing.
void FollowTokenChanges(store::PgNotificationListener& listener,
                        core::Authenticator& authenticator,
                        absl::Notification& stop);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_TOKEN_WATCH_H_

-- 0013_outbox_channels: channels apart (docs/notifications.md, issue 15).
--
-- Each channel now claims its own messages, and a channel whose receiver
-- recovers pulls its waiting messages forward. Pulling forward must not
-- touch a message another dispatcher is delivering right now, so a claim
-- records how long it holds the message; marking the outcome (or releasing
-- the message) clears it.

-- End of the current claim's lease; NULL when no dispatcher holds the row.
ALTER TABLE baoxue.notification_outbox ADD COLUMN claimed_until timestamptz;
COMMENT ON COLUMN baoxue.notification_outbox.claimed_until IS
  'end of the lease of the dispatcher delivering it now; NULL when nobody holds it';

-- Rows claimed by a dispatcher of the previous version that never failed
-- are held until their lease ends (their next_attempt_at).
UPDATE baoxue.notification_outbox
   SET claimed_until = next_attempt_at
 WHERE delivered_at IS NULL AND last_attempt_at IS NOT NULL
   AND last_error IS NULL;

-- Claims, probes and pull-forwards look at one channel's undelivered rows.
CREATE INDEX notification_outbox_channel_due_idx
  ON baoxue.notification_outbox (channel, next_attempt_at, message_id)
  WHERE delivered_at IS NULL;

-- The retention sweep deletes delivered rows oldest first.
CREATE INDEX notification_outbox_delivered_idx
  ON baoxue.notification_outbox (delivered_at)
  WHERE delivered_at IS NOT NULL;

-- 0005_outbox: what the notification dispatcher needs on top of
-- baoxue.notification_outbox (0001_schema.sql).
--
-- The case engine inserts one row per (message, channel) in the same
-- transaction as the case change. Dispatchers (one per server; several may
-- share the database) claim due rows with SELECT ... FOR UPDATE SKIP LOCKED
-- and push next_attempt_at forward by a lease in the same statement, so no
-- two dispatchers send one message at the same time and a dispatcher that
-- dies mid-delivery only delays the message until the lease runs out
-- (delivery is at least once). `attempts` counts claims: it rises when a
-- delivery starts, and a dispatcher's later update of the row must name the
-- attempt it claimed, so a dispatcher whose lease ran out cannot overwrite
-- the newer attempt's outcome.

-- When the latest delivery attempt started (NULL: never tried).
ALTER TABLE baoxue.notification_outbox ADD COLUMN last_attempt_at timestamptz;

-- The payload is the message object of docs/notifications.md; channels read
-- fields from it, so anything else is refused at insert time.
ALTER TABLE baoxue.notification_outbox
  ADD CONSTRAINT notification_outbox_payload_object
  CHECK (jsonb_typeof(payload) = 'object');

-- The channel name is a configured notify.channels[].name.
COMMENT ON COLUMN baoxue.notification_outbox.channel IS
  'name of a configured notify channel (notify.channels[].name)';
COMMENT ON COLUMN baoxue.notification_outbox.attempts IS
  'delivery attempts started (claims); a failed or interrupted attempt counts';
COMMENT ON COLUMN baoxue.notification_outbox.next_attempt_at IS
  'due time; while a dispatcher holds the message, the end of its lease';
COMMENT ON COLUMN baoxue.notification_outbox.last_error IS
  'why the latest attempt failed (no personal data); NULL once delivered';


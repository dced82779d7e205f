-- 0017_officials_day: what the officials' working day needs beyond the chain.
--
-- * case_attachments keeps the files (佐证材料: photos of a home visit, a
--   scanned commitment) with their case, as bytes in their own table: never
--   a path the client chose, served only through the case's scope check.
--   A file is uploaded first (event_id NULL) and joins the action's event
--   when the action is recorded.
-- * ledger_reports keeps each 上报 (a township's report upward to the
--   county): the ledger as it stood, frozen as JSON, with who reported it.

CREATE TABLE baoxue.case_attachments (
  attachment_id bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES baoxue.cases (case_id),
  event_id      bigint REFERENCES baoxue.case_events (event_id),
  file_name     text NOT NULL CHECK (file_name <> '' AND length(file_name) <= 120),
  content_type  text NOT NULL CHECK (content_type IN
                  ('image/jpeg', 'image/png', 'application/pdf')),
  byte_count    int NOT NULL CHECK (byte_count BETWEEN 1 AND 5242880),
  bytes         bytea NOT NULL CHECK (octet_length(bytes) = byte_count),
  uploaded_by   text NOT NULL CHECK (uploaded_by <> ''),
  uploaded_at   timestamptz NOT NULL
);
CREATE INDEX case_attachments_case_idx ON baoxue.case_attachments (case_id);

CREATE TABLE baoxue.ledger_reports (
  report_id    bigserial PRIMARY KEY,
  area_code    char(12) NOT NULL CHECK (area_code ~ '^[0-9]{12}$'),
  from_date    date NOT NULL,
  to_date      date NOT NULL CHECK (to_date >= from_date),
  ledger       jsonb NOT NULL CHECK (jsonb_typeof(ledger) = 'object'),
  reporter     text NOT NULL CHECK (reporter <> ''),
  reporter_name text NOT NULL DEFAULT '',
  reviewer_name text NOT NULL DEFAULT '',
  note         text NOT NULL DEFAULT '',
  reported_at  timestamptz NOT NULL
);
CREATE INDEX ledger_reports_area_idx ON baoxue.ledger_reports (left(area_code, 6), reported_at);

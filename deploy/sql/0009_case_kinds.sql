-- 0009_case_kinds: what a case is about. Every case so far is a dropout-risk
-- case opened by a risk run; verification tasks (核查任务, issue 12) come next
-- and walk the same six heads from their own opening level.
--
-- * baoxue.case_kind names the kinds (domain::CaseKind's codes); a new kind
--   is ALTER TYPE baoxue.case_kind ADD VALUE in a later migration;
-- * cases.kind: existing cases are dropout-risk cases;
-- * a student has at most one open case of each kind (was: one open case).

CREATE TYPE baoxue.case_kind AS ENUM ('dropout_risk');

ALTER TABLE baoxue.cases
  ADD COLUMN kind baoxue.case_kind NOT NULL DEFAULT 'dropout_risk';

DROP INDEX baoxue.cases_one_open_per_student;
CREATE UNIQUE INDEX cases_one_open_per_student_kind ON baoxue.cases (student_id, kind)
  WHERE status = 'open';

-- 0022_case_assigned_event: an official names who is in charge of an open
-- case at its current level (issue 17, docs/cases.md "Naming who is in
-- charge"). The current assignment's person_id changes in place (its
-- deadlines stay: naming someone else buys no time) and an 'assigned' case
-- event keeps the previous and the new person in its details. No table
-- changes; the value is only used by later transactions.

ALTER TYPE baoxue.case_event_kind ADD VALUE IF NOT EXISTS 'assigned';

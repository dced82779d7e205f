// What to do first: the one order every list of cases uses (the to-do
// list, the board's columns). Overdue first, then due today, then not yet
// acknowledged, then newly flagged, then the rest; inside a group the
// earliest deadline first, and the higher risk on a tie.
import { day } from './format.js';

export const buckets = ['overdue', 'due_today', 'not_acknowledged', 'newly_flagged'];

// The deadline the level in charge must meet next.
export function nextDeadline(c) {
  return c.acknowledged_at ? c.resolve_deadline : c.ack_deadline;
}

// The case's to-do group (one of `buckets`), or '' when nothing is due.
export function bucketOf(c, now = new Date()) {
  if (c.status !== 'open') return '';
  if (c.overdue) return 'overdue';
  const deadline = nextDeadline(c);
  if (deadline && day(new Date(deadline)) <= day(now)) return 'due_today';
  if (!c.acknowledged_at) return 'not_acknowledged';
  if (c.opened_at && now - new Date(c.opened_at) < 3 * 24 * 3600 * 1000) return 'newly_flagged';
  return '';
}

function rank(c, now) {
  const b = bucketOf(c, now);
  return b ? buckets.indexOf(b) : buckets.length;
}

export function byUrgency(cases, now = new Date()) {
  return [...cases].sort(
    (a, b) =>
      rank(a, now) - rank(b, now) ||
      String(nextDeadline(a) || '').localeCompare(String(nextDeadline(b) || '')) ||
      Number(b.latest_probability || 0) - Number(a.latest_probability || 0),
  );
}

// Numbers and times as officials read them (county time, UTC+8).
export function percent(value) {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

export function signedPoints(change) {
  if (change === null || change === undefined) return '';
  const points = (change * 100).toFixed(1);
  if (Number(points) === 0) return '0.0';
  return change > 0 ? `+${points}` : points;
}

export function dateTime(rfc3339) {
  if (!rfc3339) return '–';
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const county = new Date(d.getTime() + 8 * 3600 * 1000);
  return county.toISOString().slice(0, 16).replace('T', ' ');
}

export function day(date) {
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

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

// The API's messages are the gRPC services' protos printed as JSON: 64-bit
// integers arrive as strings ("0" is not empty), enums by name.
export function num(value) {
  return Number(value || 0);
}

// RISK_TIER_HIGH -> high (the code the page's words are keyed by).
export function tierCode(tier) {
  return String(tier || '').replace(/^RISK_TIER_/, '').toLowerCase();
}

export function day(date) {
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

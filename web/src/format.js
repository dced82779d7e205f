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

// 二年级 / Grade 2: the grade as people say it.
const chineseNumbers = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
export function gradeName(grade, language) {
  const n = Number(grade || 0);
  if (!n) return '–';
  return language === 'en' ? `Grade ${n}` : `${chineseNumbers[n] || n}年级`;
}

// Today in the county (UTC+8) as YYYY-MM-DD.
export function today() {
  return day(new Date());
}

// A measure arrives as "家访 (home visit)": the part in the page's language.
export function measureText(measure, language) {
  const m = /^(.*?) \((.*)\)$/.exec(String(measure));
  if (!m) return measure;
  return language === 'en' ? m[2] : m[1];
}

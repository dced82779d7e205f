// The page's language: Chinese unless the user picked English (kept in
// localStorage). `t` fills {placeholders}.
import { messages } from './messages.js';

const storageKey = 'baoxue.lang';
let current = readStored();

function readStored() {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem(storageKey, current);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}

// The words for the codes the API sends (tiers, statuses, event kinds,
// outcomes, roles) come from the server's one vocabulary, not from this page.
export async function loadVocabulary(fetchVocabulary) {
  const words = await fetchVocabulary();
  for (const language of ['zh', 'en']) Object.assign(messages[language], words[language] || {});
}

export function t(key, values = {}) {
  const text = messages[current][key] ?? messages.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

// A label for a code the API sends (event kinds, reasons), or the code itself
// when the page does not know it yet.
export function label(prefix, code) {
  const key = `${prefix}_${code}`;
  return messages[current][key] ?? messages.zh[key] ?? code;
}

// The API sends both languages as `<field>_zh` / `<field>_en`.
export function pick(object, field) {
  return object[`${field}_${current}`] || object[`${field}_zh`] || '';
}

// A refusal or failure in the user's language. The server's message
// (English) names the field first ("note: required ..."): in Chinese the
// field's own word follows, never the English text.
export function errorText(error) {
  const known = messages[current][`err_${error.code}`];
  const base = known || t('err_INTERNAL');
  if (!error.message || error.code === 'INTERNAL') return base;
  if (current === 'en') return `${base} (${error.message})`;
  const fieldName = String(error.message).split(':')[0];
  const word = messages.zh[`field_${fieldName}`];
  return word ? `${base}（${word}）` : base;
}

// The data staff's view of the active model's health (模型健康): how far
// each feature's distribution and the score's moved from the training data
// (PSI, missing rate, mean shift), day by day, with what the levels mean.
// Aggregates only: nothing about a child. County-level data staff and
// administrators; everyone else gets the server's refusal.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { lang, t } from '../i18n.js';
import { errorBox, loading } from './common.js';

const levelCode = (level) => String(level || '').replace('DRIFT_LEVEL_', '').toLowerCase() || 'stable';
// A feature's words in the page's language; the name where it has none.
let wordsOf = new Map();
const featureText = (feature) => {
  if (feature === 'score') return t('drift_score');
  const words = wordsOf.get(feature) || {};
  return words[lang()] || feature;
};
const fixed = (value, digits) => Number(value || 0).toFixed(digits);
const pct = (value) => `${(100 * Number(value || 0)).toFixed(1)}%`;

export async function renderModelHealth(content, route, isCurrent) {
  const title = () => h('h2', {}, t('nav_model_health'));
  replace(content, title(), loading());
  let data;
  try {
    data = await api.modelDrift({ days: route.params.days });
  } catch (error) {
    if (isCurrent()) replace(content, title(), errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  wordsOf = new Map((data.feature_words || []).map((w) => [w.feature, w]));
  const heading = h('h2', {}, `${t('nav_model_health')} · ${t('drift_model')} ${data.model_version}`);
  if (!data.has_reference) {
    replace(content, heading, h('p', { class: 'error-box', id: 'drift-no-reference' }, t('drift_no_reference')));
    return;
  }
  const legend = h('p', { class: 'intro', id: 'drift-legend' },
    t('drift_legend', { moderate: fixed(data.moderate_psi, 2), major: fixed(data.major_psi, 2) }));
  const figures = data.figures || [];
  if (!figures.length) {
    replace(content, heading, legend, h('p', { class: 'empty', id: 'drift-empty' }, t('drift_none')));
    return;
  }
  replace(content, heading, legend, newestTable(data, figures), byDayTable(data, figures));
}

// A run's figure stands for its day over the refresh's.
function pickBySource(figures, keyOf) {
  const picked = new Map();
  for (const f of figures) {
    const key = keyOf(f);
    if (!picked.has(key) || f.source === 'run') picked.set(key, f);
  }
  return picked;
}

function newestTable(data, figures) {
  const newest = figures[0].day;
  const latest = pickBySource(figures.filter((f) => f.day === newest), (f) => f.feature);
  const rows = data.features.filter((feature) => latest.has(feature)).map((feature) => {
    const f = latest.get(feature);
    const level = levelCode(f.level);
    return h('tr', { class: level === 'major' ? 'flag' : '', dataset: { feature, level } },
      h('td', {}, featureText(feature)),
      h('td', { class: 'num' }, fixed(f.psi, 3)),
      h('td', {}, t(`drift_level_${level}`)),
      h('td', { class: 'num' }, `${Number(f.mean_shift) >= 0 ? '+' : ''}${fixed(f.mean_shift, 2)}`),
      h('td', { class: 'num' }, pct(f.missing_rate)),
      h('td', { class: 'num' }, pct(f.reference_missing_rate)),
      h('td', {}, t(`drift_source_${f.source}`)));
  });
  return h('section', {}, h('h3', {}, t('drift_newest', { day: newest })), h('div', { class: 'table-wrap' },
    h('table', { class: 'data', id: 'drift-newest' },
      h('thead', {}, h('tr', {},
        h('th', {}, t('drift_feature')), h('th', { class: 'num' }, t('drift_psi')), h('th', {}, t('drift_level')),
        h('th', { class: 'num' }, t('drift_mean_shift')), h('th', { class: 'num' }, t('drift_missing')),
        h('th', { class: 'num' }, t('drift_reference_missing')), h('th', {}, t('drift_source')))),
      h('tbody', {}, rows))));
}

function byDayTable(data, figures) {
  const days = [...new Set(figures.map((f) => f.day))];
  const cells = pickBySource(figures, (f) => `${f.feature}|${f.day}`);
  const cell = (feature, day) => {
    const f = cells.get(`${feature}|${day}`);
    if (!f) return h('td', { class: 'num' }, '—');
    const level = levelCode(f.level);
    return h('td', { class: `num drift-${level}`, title: t(`drift_level_${level}`) }, fixed(f.psi, 2));
  };
  return h('section', {}, h('h3', {}, t('drift_by_day')), h('div', { class: 'table-wrap' },
    h('table', { class: 'data', id: 'drift-by-day' },
      h('thead', {}, h('tr', {}, h('th', {}, t('drift_feature')), days.map((day) => h('th', { class: 'num' }, day.slice(5))))),
      h('tbody', {}, data.features.map((feature) =>
        h('tr', { dataset: { feature } }, h('td', {}, featureText(feature)), days.map((day) => cell(feature, day))))))));
}

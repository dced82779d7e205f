// The risk list of an area from its latest risk run: filters (tier, school,
// village), sortable columns, reasons with their measures, trend, case.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { lang, pick, t } from '../i18n.js';
import { gradeName, measureText, num, percent, signedPoints, tierCode } from '../format.js';
import { navigate, routeHref } from '../router.js';
import { errorBox, exportLinks, loading, select } from './common.js';

const tiers = ['high,medium', 'high', 'medium', 'low', 'high,medium,low'];
const tierLabels = {
  'high,medium': 'tier_high_medium',
  high: 'tier_high',
  medium: 'tier_medium',
  low: 'tier_low',
  'high,medium,low': 'all',
};
// Columns the server sorts by, with the order a first click asks for.
const sortable = { probability: 'desc', trend: 'desc', grade: 'asc', school: 'asc', village: 'asc' };

export async function renderRiskList(content, route, isCurrent) {
  const params = { tier: 'high,medium', sort: 'probability', ...route.params };
  replace(content, h('h2', {}, t('nav_risk')), loading());
  let data;
  try {
    data = await api.riskList(params);
  } catch (error) {
    if (isCurrent()) replace(content, h('h2', {}, t('nav_risk')), errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  const go = (changes) => navigate('risk', { ...params, ...changes });
  const out = data.students.filter(isConfirmedOut);
  const atRisk = data.students.filter((s) => !isConfirmedOut(s));
  replace(
    content,
    h('h2', {}, `${t('nav_risk')} · ${data.area_name}`),
    filters(data, params, go),
    exportLinks('risk-list', params),
    runLine(data),
    h('p', { class: 'muted', id: 'tier-legend' }, t('tier_legend')),
    confirmedOut(out, params),
    atRisk.length ? table({ ...data, students: atRisk }, params, go) : h('p', { class: 'empty' }, t('no_students')),
  );
}

// A child already out of school (the server decides: absent every school
// day of the window, or 名在人不在 found by the check) is a case for 劝返
// (bringing back), not a risk to predict.
function isConfirmedOut(s) {
  return Boolean(s.out_of_school);
}

function confirmedOut(out, params) {
  if (!out.length) return null;
  return h('section', { class: 'confirmed-out', id: 'confirmed-out' },
    h('h3', {}, `${t('confirmed_out')} (${out.length})`),
    h('p', { class: 'muted' }, t('confirmed_out_hint')),
    h('ul', { class: 'plain' }, out.map((s) => h('li', {},
      h('strong', {}, s.masked_name), ` · ${gradeName(s.grade, lang())} · ${s.school} · ${s.village} · `,
      num(s.case_id) ? h('a', { href: routeHref('case', { area: params.area }, s.case_id) }, t('case_n', { id: s.case_id }))
        : t('no_case')))));
}

function filters(data, params, go) {
  const schools = [['', t('all')], ...data.schools.map((s) => [s.school_id, s.name])];
  const villages = [['', t('all')], ...data.villages.map((v) => [v.village_code, v.name])];
  return h(
    'div',
    { class: 'filters' },
    select('filter-tier', t('tier'), tiers.map((v) => [v, t(tierLabels[v])]), params.tier, (tier) => go({ tier })),
    select('filter-school', t('school'), schools, params.school_id, (school_id) => go({ school_id })),
    select('filter-village', t('village'), villages, params.village, (village) => go({ village })),
    select(
      'filter-sort',
      t('sort'),
      Object.keys(sortable).map((key) => [key, t(key === 'trend' ? 'trend' : key)]),
      params.sort,
      (sort) => go({ sort, order: sortable[sort] }),
    ),
  );
}

function runLine(data) {
  if (!num(data.run_id)) {
    return h('p', { class: 'hint', id: 'risk-hint' }, data.hint);
  }
  return h(
    'p',
    { class: 'run-info' },
    t('run_info', {
      run: data.run_id,
      as_of: data.as_of_date,
      model: data.model_version,
      previous: data.previous_as_of_date || '–',
    }),
    ' · ',
    h('span', { id: 'risk-total' }, t('total_rows', { total: data.total, shown: data.students.length })),
  );
}

function table(data, params, go) {
  const order = params.order || sortable[params.sort] || 'desc';
  const header = (key, label) => {
    if (!(key in sortable)) return h('th', {}, t(label));
    const active = params.sort === key;
    const next = active ? (order === 'desc' ? 'asc' : 'desc') : sortable[key];
    return h(
      'th',
      { class: `sortable ${active ? 'sorted' : ''}`, 'aria-sort': active ? (order === 'desc' ? 'descending' : 'ascending') : 'none' },
      h('button', { type: 'button', class: 'link', dataset: { sort: key }, onclick: () => go({ sort: key, order: next }) },
        t(label), active ? (order === 'desc' ? ' ▼' : ' ▲') : ''),
    );
  };
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data risk-table', id: 'risk-table' },
      h('thead', {}, h('tr', {},
        header('', 'student'), header('grade', 'grade'), header('school', 'school'),
        header('village', 'village'), header('probability', 'probability'), header('trend', 'trend'),
        header('', 'reasons'), header('', 'case'))),
      h('tbody', {}, data.students.map((s) => row(s, params))),
    ),
  );
}

function row(s, params) {
  const cell = (label, ...children) => h('td', { dataset: { label: t(label) } }, ...children);
  const tier = tierCode(s.tier);
  return h(
    'tr',
    { class: `tier-${tier}`, dataset: { studentId: s.student_id, tier, schoolId: s.school_id, probability: s.probability, grade: s.grade } },
    cell('student', h('strong', {}, s.masked_name)),
    cell('grade', gradeName(s.grade, lang())),
    cell('school', s.school, s.school_code ? h('div', { class: 'muted small school-code' }, s.school_code) : ''),
    cell('village', s.township ? `${s.township} · ${s.village}` : s.village),
    cell('probability', h('span', { class: `tier tier-${tier}` }, t(`tier_${tier}`)), ' ', percent(s.probability),
      num(s.times_average) > 0
        ? h('div', { class: 'muted small times-average', title: t('times_average_help') },
          t('times_average', { value: Number(s.times_average).toFixed(1) }))
        : ''),
    cell('trend', trend(s)),
    cell('reasons', reasons(s.reasons)),
    cell('case', num(s.case_id)
      ? h('a', { href: routeHref('case', { area: params.area }, s.case_id), class: s.case_overdue ? 'overdue' : '' },
        `#${s.case_id} · ${t(`status_${s.case_status}`)}`)
      : t('no_case')),
  );
}

function trend(s) {
  if (s.trend === 'new') return h('span', { class: 'trend trend-new' }, t('trend_new'));
  const arrow = { up: '↑', down: '↓', same: '→' }[s.trend] || '';
  return h('span', { class: `trend trend-${s.trend}`, title: t('trend_points') },
    `${arrow} ${signedPoints(s.change)}`,
    h('div', { class: 'muted small' }, t('previous', { value: percent(s.previous_probability) })));
}

// Absence is one fact however it is counted (days absent, unexcused,
// in a row): only its first, strongest reason is said.
const absenceFeatures = new Set(['absence_rate_30d', 'unexcused_absences_30d', 'longest_absence_run_30d']);

function onceEach(list) {
  let absenceSaid = false;
  return list.filter((r) => {
    if (!absenceFeatures.has(r.feature)) return true;
    if (absenceSaid) return false;
    absenceSaid = true;
    return true;
  });
}

function reasons(list) {
  return h(
    'ul',
    { class: 'reasons' },
    onceEach(list).slice(0, 3).map((r) =>
      h('li', {}, pick(r, 'text'),
        r.measures.length ? h('div', { class: 'measures' },
          `${t('measures')}: ${r.measures.map((m) => measureText(m, lang())).join(lang() === 'en' ? '; ' : '；')}`) : null),
    ),
  );
}

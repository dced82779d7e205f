// The 四查三比对 check (核查): the county's routine report table — counts by
// township, comparison and outcome, with the key groups — and its xlsx
// export. Counts only, no names. The words for the comparisons, outcomes and
// key groups come from /api/vocabulary (domain/vocabulary.h).
import { api, query } from '../api.js';
import { h, replace } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { errorBox, loading } from './common.js';

// A row without an outcome counts the tasks still being verified, or (for
// dropouts × poverty) the dropouts now: docs/checks.md, "The report".
function outcomeLabel(row) {
  if (row.outcome) return label('outcome', row.outcome);
  return label('check_row', row.comparison === 'dropouts_vs_poverty' ? 'dropouts_now' : 'being_verified');
}

export async function renderChecks(content, route, isCurrent) {
  const params = { ...route.params };
  replace(content, h('h2', {}, t('nav_checks')), loading());
  let data;
  try {
    data = await api.checks(params);
  } catch (error) {
    if (isCurrent()) replace(content, h('h2', {}, t('nav_checks')), errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  const exportLink = h('div', { class: 'exports' },
    h('a', { class: 'button', id: 'export-checks-xlsx', href: `/api/export/checks.xlsx${query({ ...params, lang: lang() })}`, download: '' },
      t('export_xlsx')));
  replace(
    content,
    h('h2', {}, `${t('nav_checks')} · ${data.area_name}`),
    h('p', { class: 'intro' }, t('checks_intro')),
    exportLink,
    data.rows.length ? reportTable(data.rows) : h('p', { class: 'empty', id: 'checks-empty' }, t('checks_none')),
  );
}

function reportTable(rows) {
  const groups = [];
  rows.forEach((row) => row.key_groups.forEach((g) => { if (!groups.includes(g.key_group)) groups.push(g.key_group); }));
  const countOf = (row, group) => (row.key_groups.find((g) => g.key_group === group) || {}).count || '0';
  const line = (row, i) => {
    const firstOfTownship = i === 0 || rows[i - 1].township_code !== row.township_code;
    return h('tr', { class: firstOfTownship ? 'group-start' : '', dataset: { township: row.township_code, comparison: row.comparison, outcome: row.outcome } },
      h('td', {}, firstOfTownship ? row.township_name : ''),
      h('td', {}, label('comparison', row.comparison)),
      h('td', {}, outcomeLabel(row)),
      h('td', { class: 'num' }, row.count),
      groups.map((group) => h('td', { class: 'num' }, countOf(row, group))));
  };
  return h('section', {}, h('h3', {}, t('checks_report')), h('div', { class: 'table-wrap' },
    h('table', { class: 'data', id: 'checks-table' },
      h('thead', {}, h('tr', {},
        h('th', {}, t('township')), h('th', {}, t('comparison')), h('th', {}, t('outcome')), h('th', { class: 'num' }, t('count')),
        groups.map((group) => h('th', { class: 'num' }, label('key_group', group))))),
      h('tbody', {}, rows.map(line)))));
}

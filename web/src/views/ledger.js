// The ledger: counts by township (or school) and day by day, as ECharts
// charts and as tables, with the xlsx export and the print page.
import { api } from '../api.js';
import { drawChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { day, num } from '../format.js';
import { navigate } from '../router.js';
import { errorBox, exportLinks, loading } from './common.js';

const counts = ['open', 'overdue', 'escalated', 'returned', 'closed'];
const countLabel = (key) => (key === 'open' ? t('open_cases') : t(key));

export async function renderLedger(content, route, isCurrent) {
  const params = { ...route.params };
  replace(content, h('h2', {}, t('nav_ledger')), loading());
  let data;
  try {
    data = await api.ledger(params);
  } catch (error) {
    if (isCurrent()) replace(content, h('h2', {}, t('nav_ledger')), errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  const byTownship = data.townships.length > 1;
  const rows = byTownship ? data.townships : data.schools;
  const barChart = h('div', { class: 'chart', id: 'ledger-bar-chart' });
  const lineChart = h('div', { class: 'chart', id: 'ledger-line-chart' });
  replace(
    content,
    h('h2', {}, `${t('nav_ledger')} · ${data.area_name}`),
    range(params),
    exportLinks('ledger', params),
    h('div', { class: 'columns' },
      h('section', {}, h('h3', {}, t(byTownship ? 'by_township' : 'by_school')), barChart),
      h('section', {}, h('h3', {}, t('over_time')),
        data.history.length ? lineChart : h('p', { class: 'empty' }, t('no_history')))),
    table(t(byTownship ? 'by_township' : 'by_school'), rows, data.total, 'ledger-table'),
    byTownship ? table(t('by_school'), data.schools, null, 'ledger-schools') : null,
  );
  drawChart(barChart, {
    legend: { top: 0 },
    grid: { left: 40, right: 10, top: 40, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: counts.map((key) => ({ name: countLabel(key), type: 'bar', data: rows.map((r) => num(r[key])) })),
  });
  if (data.history.length) {
    drawChart(lineChart, {
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: 'category', data: data.history.map((d) => d.date) },
      yAxis: { type: 'value', minInterval: 1 },
      series: ['opened', 'open', 'escalated', 'returned', 'closed'].map((key) => ({
        name: key === 'open' ? t('open_cases') : t(key),
        type: 'line',
        data: data.history.map((d) => num(d[key])),
      })),
    });
  }
}

function range(params) {
  // The API's default range: the last 30 days up to today (county time).
  const now = new Date();
  const from = h('input', { type: 'date', id: 'ledger-from',
    value: params.from || day(new Date(now.getTime() - 29 * 86400 * 1000)) });
  const to = h('input', { type: 'date', id: 'ledger-to', value: params.to || day(now) });
  return h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); navigate('ledger', { ...params, from: from.value, to: to.value }); } },
    h('label', { class: 'field' }, h('span', {}, t('ledger_from')), from),
    h('label', { class: 'field' }, h('span', {}, t('ledger_to')), to),
    h('button', { type: 'submit' }, t('show')));
}

function table(title, rows, total, id) {
  const line = (r, cls) => h('tr', { class: cls || '' }, h('td', {}, r.name), counts.map((k) => h('td', { class: 'num' }, r[k])));
  return h('section', {}, h('h3', {}, title), h('div', { class: 'table-wrap' },
    h('table', { class: 'data', id },
      h('thead', {}, h('tr', {}, h('th', {}, t('name')), counts.map((k) => h('th', { class: 'num' }, countLabel(k))))),
      h('tbody', {}, rows.map((r) => line(r)), total ? line({ ...total, name: t('total') }, 'total') : null))));
}

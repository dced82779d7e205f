// The ledger: counts by township (or school) and day by day, as ECharts
// charts and as tables, with the xlsx export and the print page.
import { api } from '../api.js';
import { drawChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, day, num } from '../format.js';
import { navigate } from '../router.js';
import { errorBox, exportLinks, loading } from './common.js';

const counts = ['open', 'overdue', 'escalated', 'returned', 'closed'];
const countLabel = (key) => (key === 'open' ? t('open_cases') : t(key));

export async function renderLedger(content, route, isCurrent, account) {
  const params = { ...route.params };
  replace(content, h('h2', {}, t('nav_ledger')), loading());
  let data;
  let reports = [];
  try {
    data = await api.ledger(params);
    if (!account || !account.school) reports = (await api.ledgerReports({ area: params.area })).reports;
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
    account && account.kind === 'township' && !params.area ? reportForm(params, reports, content, route, isCurrent, account)
      : reportStatus(reports, data.townships),
    h('div', { class: 'columns' },
      h('section', {}, h('h3', {}, t(byTownship ? 'by_township' : 'by_school')), barChart),
      h('section', {}, h('h3', {}, t('over_time')),
        data.history.length ? lineChart : h('p', { class: 'empty' }, t('no_history')))),
    table(t(byTownship ? 'by_township' : 'by_school'), rows, data.total, 'ledger-table'),
    byTownship ? table(t('by_school'), data.schools, null, 'ledger-schools') : null,
  );
  drawChart(barChart, {
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 10, top: 70, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: counts.map((key) => ({ name: countLabel(key), type: 'bar', data: rows.map((r) => num(r[key])) })),
  });
  if (data.history.length) {
    drawChart(lineChart, {
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 10, top: 70, bottom: 30, containLabel: true },
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

// 劝返率: the share of the row's cases (open or closed) closed as returned.
function returnRate(r) {
  const all = num(r.open) + num(r.closed);
  return all ? `${((100 * num(r.returned)) / all).toFixed(1)}%` : '–';
}

function table(title, rows, total, id) {
  const line = (r, cls) => h('tr', { class: cls || '' }, h('td', {}, r.name), counts.map((k) => h('td', { class: 'num' }, r[k])),
    h('td', { class: 'num' }, returnRate(r)));
  return h('section', {}, h('h3', {}, title), h('div', { class: 'table-wrap' },
    h('table', { class: 'data', id },
      h('thead', {}, h('tr', {}, h('th', {}, t('name')), counts.map((k) => h('th', { class: 'num' }, countLabel(k))),
        h('th', { class: 'num' }, t('return_rate')))),
      h('tbody', {}, rows.map((r) => line(r)), total ? line({ ...total, name: t('total') }, 'total') : null))));
}

// 上报: the township sends the ledger as it stands to the county.
function reportForm(params, reports, content, route, isCurrent, account) {
  const reviewer = h('input', { type: 'text', id: 'report-reviewer', maxLength: 40, required: true });
  const note = h('input', { type: 'text', id: 'report-note', maxLength: 200 });
  const last = reports.find((r) => r.area_code === account.area.code);
  const status = h('p', { class: 'report-line', id: 'report-status' },
    last ? t('reported_at', { at: dateTime(last.reported_at), reviewer: last.reviewer_name }) : t('not_reported_yet'));
  return h('form', { class: 'filters report', id: 'report-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api.reportLedger({ from: params.from, to: params.to, reviewer_name: reviewer.value, note: note.value });
      if (isCurrent()) renderLedger(content, route, isCurrent, account);
    } catch (error) {
      status.replaceWith(errorBox(error));
    }
  } },
    h('h3', {}, t('report_upward')),
    h('label', { class: 'field' }, h('span', {}, t('reporter')), h('span', { class: 'value' }, account.display_name || account.login)),
    h('label', { class: 'field' }, h('span', {}, t('reviewer')), reviewer),
    h('label', { class: 'field' }, h('span', {}, t('note')), note),
    h('button', { type: 'submit', id: 'report-submit' }, t('report_submit')),
    status);
}

// Which townships have reported (a county's view).
function reportStatus(reports, townships) {
  if (!townships.length) return null;
  const byArea = new Map(reports.map((r) => [r.area_code, r]));
  return h('section', { id: 'report-status-table' }, h('h3', {}, t('reports_title')), h('div', { class: 'table-wrap' },
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, h('th', {}, t('township')), h('th', {}, t('report_state')), h('th', {}, t('reporter')), h('th', {}, t('reviewer')))),
      h('tbody', {}, townships.map((tw) => {
        const r = byArea.get(tw.code);
        return h('tr', { class: r ? 'reported' : 'not-reported', dataset: { code: tw.code } },
          h('td', {}, tw.name),
          h('td', {}, r ? t('reported_on', { at: dateTime(r.reported_at) }) : t('not_reported')),
          h('td', {}, r ? r.reporter_name : ''),
          h('td', {}, r ? r.reviewer_name : ''));
      })))));
}

// The track record (data staff and administrators): how the flags of past
// risk runs turned out once their horizon passed — precision and recall
// overall, by tier and by township, and the cases by measure. Counts only,
// no names. Runs not yet due show their due date. docs/models.md.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, t } from '../i18n.js';
import { num, percent } from '../format.js';
import { errorBox, loading } from './common.js';

function optionalPercent(value) {
  return value === undefined || value === null ? '–' : percent(value);
}

function table(id, headers, rows) {
  return h('table', { class: 'data', id },
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', {}, text)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
}

function overallLine(f) {
  return h('p', { class: 'track-overall' }, t('track_overall', {
    students: num(f.students),
    flagged: num(f.flagged),
    hits: num(f.flagged_dropped_out),
    back: num(f.flagged_brought_back),
    dropouts: num(f.dropped_out),
    precision: optionalPercent(f.precision),
    recall: optionalPercent(f.recall),
  }));
}

function runSection(run) {
  const title = t('track_run', {
    id: run.run_id, as_of: run.as_of_date, model: run.model_version, horizon: run.horizon_days,
  });
  if (!run.due) {
    return h('section', { class: 'track-run', id: `track-run-${run.run_id}` },
      h('h3', {}, title), h('p', { class: 'empty' }, t('track_not_due', { date: run.due_date })));
  }
  return h('section', { class: 'track-run', id: `track-run-${run.run_id}` },
    h('h3', {}, `${title} · ${t('track_due_on', { date: run.due_date })}`),
    overallLine(run.overall),
    h('h4', {}, t('by_tier')),
    table(`track-tiers-${run.run_id}`,
      [t('tier'), t('track_students'), t('track_dropped'), t('track_rate'), t('track_back')],
      run.tiers.map((tier) => [label('tier', tier.tier), num(tier.students), num(tier.dropped_out),
        optionalPercent(tier.dropout_rate), num(tier.brought_back)])),
    h('h4', {}, t('by_township')),
    table(`track-townships-${run.run_id}`,
      [t('township'), t('track_flagged'), t('track_hits'), t('track_dropped'), t('track_precision'), t('track_recall')],
      run.townships.map((tw) => [tw.township_name || tw.township_code, num(tw.figures.flagged),
        num(tw.figures.flagged_dropped_out), num(tw.figures.dropped_out),
        optionalPercent(tw.figures.precision), optionalPercent(tw.figures.recall)])),
    h('h4', {}, t('track_measure')),
    table(`track-measures-${run.run_id}`,
      [t('track_measure'), t('track_cases'), t('track_median_days')],
      run.measures.map((m) => [label('measure', m.measure), num(m.cases),
        m.median_days_to_close === undefined || m.median_days_to_close === null ? '–'
          : Number(m.median_days_to_close).toFixed(1)])));
}

export async function renderTrackRecord(content, route, isCurrent) {
  replace(content, h('h2', {}, t('nav_track_record')), loading());
  let data;
  try {
    data = await api.trackRecord({ limit: route.params.limit });
  } catch (error) {
    if (isCurrent()) replace(content, h('h2', {}, t('nav_track_record')), errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  replace(content,
    h('h2', {}, t('nav_track_record')),
    h('p', { class: 'note' }, t('track_legend', { today: data.today })),
    data.runs.length ? data.runs.map(runSection) : h('p', { class: 'empty' }, t('track_no_runs')));
}

// One case: who holds it, why it was opened, its timeline, and the forms to
// acknowledge it, record an action and record the outcome (resolve).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, pick, t } from '../i18n.js';
import { dateTime, percent } from '../format.js';
import { routeHref } from '../router.js';
import { errorBox, loading } from './common.js';

const actionKinds = ['home_visit', 'call', 'aid_referral', 'commitment_signed', 'return_notice', 'note'];
const outcomes = ['returned', 'transferred', 'home_delivery', 'not_at_risk', 'moved_out'];

export async function renderCaseDetail(content, route, isCurrent) {
  const back = h('a', { href: routeHref('cases', { area: route.params.area }), class: 'back' }, t('back_to_board'));
  replace(content, back, loading());
  let data;
  try {
    data = await api.caseDetail(route.id);
  } catch (error) {
    if (isCurrent()) replace(content, back, errorBox(error));
    return;
  }
  if (isCurrent()) show(content, back, data, null);
}

// `notice` is the result of the last change: a "saved" line or an error.
function show(content, back, data, notice) {
  const c = data.summary;
  const change = async (request) => {
    try {
      show(content, back, await request(), h('p', { class: 'notice', role: 'status', id: 'case-notice' }, t('saved')));
    } catch (error) {
      show(content, back, data, errorBox(error));
    }
  };
  replace(
    content,
    back,
    h('h2', {}, t('case_title', { id: c.case_id }), ' · ', c.masked_name,
      c.overdue ? h('span', { class: 'badge overdue' }, t('overdue')) : null),
    summary(c),
    notice,
    c.status === 'open' ? forms(c, change) : null,
    h('div', { class: 'columns' },
      h('section', {}, h('h3', {}, t('timeline')), timeline(data)),
      h('section', {},
        h('h3', {}, t('reasons')), reasonList(data.reasons),
        h('h3', {}, t('scores')),
        h('ul', { class: 'plain' }, data.scores.map((s) =>
          h('li', {}, `${s.as_of_date} · #${s.run_id} · ${percent(s.probability)} · ${t(`tier_${s.tier}`)}`))))),
  );
}

function summary(c) {
  const item = (label, value) => [h('dt', {}, t(label)), h('dd', {}, value)];
  return h('dl', { class: 'summary', id: 'case-summary' },
    item('status', c.status === 'open' ? t('status_open') : `${t('status_closed')} · ${c.outcome ? t(`outcome_${c.outcome}`) : ''}`),
    item('responsible', `${t('level_n', { level: c.level })} ${t(`role_${c.role}`)} · ${c.person_name || '–'}`),
    item('school', `${c.school_name} · ${t('grade')} ${c.grade}`),
    item('village', c.village_name),
    item('opened_reason', label('reason', c.opened_reason)),
    item('opened_at', dateTime(c.opened_at)),
    item('ack_deadline', c.acknowledged_at ? `${t('acknowledged')} ${dateTime(c.acknowledged_at)}` : dateTime(c.ack_deadline)),
    item('resolve_deadline', dateTime(c.resolve_deadline)),
    item('probability', percent(c.latest_probability)),
  );
}

function forms(c, change) {
  const kind = h('select', { id: 'action-kind' }, actionKinds.map((k) => h('option', { value: k }, t(`kind_${k}`))));
  const actionNote = h('textarea', { id: 'action-note', maxLength: 2000, rows: 2 });
  const outcome = h('select', { id: 'resolve-outcome' }, outcomes.map((o) => h('option', { value: o }, t(`outcome_${o}`))));
  const resolveNote = h('textarea', { id: 'resolve-note', maxLength: 2000, rows: 2 });
  return h(
    'div',
    { class: 'forms' },
    c.acknowledged_at ? null
      : h('button', { type: 'button', id: 'acknowledge', onclick: () => change(() => api.acknowledge(c.case_id)) }, t('acknowledge')),
    h('form', { id: 'action-form', onsubmit: (e) => { e.preventDefault(); change(() => api.recordAction(c.case_id, kind.value, actionNote.value)); } },
      h('h3', {}, t('record_action')),
      h('label', { class: 'field' }, h('span', {}, t('action_kind')), kind),
      h('label', { class: 'field' }, h('span', {}, t('note')), actionNote),
      h('button', { type: 'submit', id: 'action-submit' }, t('save'))),
    h('form', { id: 'resolve-form', onsubmit: (e) => { e.preventDefault(); change(() => api.resolve(c.case_id, outcome.value, resolveNote.value)); } },
      h('h3', {}, t('resolve')),
      h('label', { class: 'field' }, h('span', {}, t('outcome')), outcome),
      h('label', { class: 'field' }, h('span', {}, t('note')), resolveNote),
      h('button', { type: 'submit', id: 'resolve-submit' }, t('resolve'))),
  );
}

// Assignments and events in one list, newest first. Several entries often
// share a second: then an opening comes first, the assignment it made next,
// and the later events by id.
const opening = new Set(['opened', 'escalated', 'reopened']);

function timeline(data) {
  const entries = [
    ...data.assignments.map((a) => ({
      at: a.assigned_at,
      rank: 1,
      kind: 'assignment',
      text: `${label('kind', 'assignment')} · ${t('level_n', { level: a.level })} ${t(`role_${a.role}`)} · ${a.person_name || '–'}`,
    })),
    ...data.events.map((e) => ({
      at: e.at,
      rank: opening.has(e.kind) ? 0 : 2 + Number(e.event_id),
      kind: e.kind,
      text: [label('kind', e.kind), e.note, e.actor].filter(Boolean).join(' · '),
    })),
  ].sort((a, b) => String(b.at).localeCompare(String(a.at)) || b.rank - a.rank);
  return h('ol', { class: 'timeline', id: 'case-timeline' },
    entries.map((e) => h('li', { dataset: { kind: e.kind } }, h('time', {}, dateTime(e.at)), ' ', e.text)));
}

function reasonList(reasons) {
  return h('ul', { class: 'reasons' }, reasons.map((r) =>
    h('li', {}, pick(r, 'text'), r.measures.length ? h('div', { class: 'measures' }, `${t('measures')}: ${r.measures.join('；')}`) : null)));
}

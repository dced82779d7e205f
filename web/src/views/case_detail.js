// One case: who holds it, why it was opened, its timeline, and the forms to
// acknowledge it, name who is in charge (指派), record an action and record
// the outcome (resolve).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, lang, pick, t } from '../i18n.js';
import { dateTime, gradeName, measureText, percent, today } from '../format.js';
import { routeHref } from '../router.js';
import { openAssignPanel } from './assign.js';
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
    c.status === 'open' ? forms(c, change) : reopenForm(c, change),
    h('div', { class: 'columns' },
      h('section', {}, h('h3', {}, t('timeline')), timeline(data)),
      h('section', {},
        h('h3', {}, t('reasons')), reasonList(data.reasons),
        h('h3', {}, t('scores')),
        h('ul', { class: 'plain' }, data.scores.map((s) =>
          h('li', {}, `${s.as_of_date} · ${percent(s.probability)} · ${t(`tier_${s.tier}`)}`))))),
  );
}

function summary(c) {
  const item = (label, value) => [h('dt', {}, t(label)), h('dd', {}, value)];
  return h('dl', { class: 'summary', id: 'case-summary' },
    item('status', c.status === 'open' ? t('status_open') : `${t('status_closed')} · ${c.outcome ? t(`outcome_${c.outcome}`) : ''}`),
    item('level_in_charge', `${t('level_n', { level: c.level })} ${t(`role_${c.role}`)} · ${c.person_name || t('nobody_on_record')}`),
    item('school', `${c.school_name} · ${gradeName(c.grade, lang())}`),
    item('village', c.village_name),
    item('opened_reason', label('reason', c.opened_reason)),
    item('opened_at', dateTime(c.opened_at)),
    item('ack_deadline', c.acknowledged_at ? `${t('acknowledged')} ${dateTime(c.acknowledged_at)}` : dateTime(c.ack_deadline)),
    item('resolve_deadline', dateTime(c.resolve_deadline)),
    item('probability', percent(c.latest_probability)),
  );
}

const field = (labelKey, input, extra = {}) =>
  h('label', { class: 'field', ...extra }, h('span', {}, t(labelKey)), input);

// Uploads the chosen files one by one; their ids go with the record.
async function upload(caseId, input) {
  const ids = [];
  for (const file of input.files || []) ids.push((await api.uploadAttachment(caseId, file)).attachment_id);
  return ids.join(',');
}

function forms(c, change) {
  const kind = h('select', { id: 'action-kind' }, actionKinds.map((k) => h('option', { value: k }, t(`kind_${k}`))));
  const happened = h('input', { type: 'date', id: 'action-date', value: today(), max: today(), required: true });
  const actionNote = h('textarea', { id: 'action-note', maxLength: 2000, rows: 2, required: true });
  const files = h('input', { type: 'file', id: 'action-files', multiple: true, accept: 'image/jpeg,image/png,application/pdf' });
  const outcome = h('select', { id: 'resolve-outcome', required: true },
    h('option', { value: '' }, t('choose_outcome')),
    outcomes.map((o) => h('option', { value: o }, t(`outcome_${o}`))));
  const returnedOn = h('input', { type: 'date', id: 'resolve-returned-on', max: today() });
  const returnedField = field('returned_on', returnedOn, { hidden: true, id: 'returned-on-field' });
  outcome.addEventListener('change', () => {
    returnedField.hidden = outcome.value !== 'returned';
    returnedOn.required = outcome.value === 'returned';
  });
  const resolveNote = h('textarea', { id: 'resolve-note', maxLength: 2000, rows: 2, required: true });
  const confirmBox = h('div', { class: 'confirm', id: 'resolve-confirm-box', hidden: true });
  const askToConfirm = () => {
    replace(confirmBox,
      h('p', {}, t('confirm_close', { outcome: t(`outcome_${outcome.value}`) })),
      h('button', { type: 'button', id: 'resolve-confirm', onclick: () => change(() => api.resolve(c.case_id, {
        outcome: outcome.value, note: resolveNote.value, returned_on: outcome.value === 'returned' ? returnedOn.value : '',
      })) }, t('confirm_resolve')),
      ' ',
      h('button', { type: 'button', class: 'link', id: 'resolve-cancel', onclick: () => { confirmBox.hidden = true; } }, t('cancel')));
    confirmBox.hidden = false;
  };
  const assignPanel = h('div', { id: 'assign-panel', hidden: true });
  const assign = () => openAssignPanel(assignPanel, [c], (result) => change(async () => {
    if (result.refused.length) throw result.refused[0].error;
    return result.last;
  }));
  return h(
    'div',
    { class: 'forms' },
    h('div', { class: 'bulk' },
      c.acknowledged_at ? null
        : h('button', { type: 'button', id: 'acknowledge', onclick: () => change(() => api.acknowledge(c.case_id)) }, t('acknowledge')),
      ' ',
      h('button', { type: 'button', id: 'assign-open', onclick: assign }, t('assign'))),
    assignPanel,
    h('form', { id: 'action-form', onsubmit: (e) => {
      e.preventDefault();
      change(async () => api.recordAction(c.case_id, {
        kind: kind.value, note: actionNote.value, happened_on: happened.value, attachment_ids: await upload(c.case_id, files),
      }));
    } },
      h('h3', {}, t('record_action')),
      field('action_kind', kind),
      field('happened_on', happened),
      field('note', actionNote),
      field('attachments', files),
      h('p', { class: 'muted' }, t('attachments_hint')),
      h('button', { type: 'submit', id: 'action-submit' }, t('save'))),
    h('form', { id: 'resolve-form', onsubmit: (e) => { e.preventDefault(); askToConfirm(); } },
      h('h3', {}, t('resolve')),
      field('outcome', outcome),
      returnedField,
      field('resolve_note', resolveNote),
      h('button', { type: 'submit', id: 'resolve-submit' }, t('resolve')),
      confirmBox),
  );
}

function reopenForm(c, change) {
  const note = h('textarea', { id: 'reopen-note', maxLength: 2000, rows: 2, required: true });
  return h('div', { class: 'forms' },
    h('form', { id: 'reopen-form', onsubmit: (e) => { e.preventDefault(); change(() => api.reopen(c.case_id, note.value)); } },
      h('h3', {}, t('reopen')),
      field('reopen_note', note),
      h('button', { type: 'submit', id: 'reopen-submit' }, t('reopen'))));
}

// Assignments and events in one list, newest first. Several entries often
// share a second: then an opening comes first, the assignment it made next,
// and the later events by id.
const opening = new Set(['opened', 'escalated', 'reopened']);

// Who did it, by name and role (never an account or token number).
function actorText(details) {
  if (!details.by_name && !details.by_role) return t('actor_chain');
  return [details.by_name, details.by_role ? label('actor', details.by_role) : ''].filter(Boolean).join(' · ');
}

function parseDetails(e) {
  try {
    return JSON.parse(e.details_json || '{}');
  } catch {
    return {};
  }
}

function attachmentLinks(caseId, details) {
  return (details.attachments || []).map((a) => {
    const href = `/api/cases/${caseId}/attachments/${a.id}`;
    return h('a', { class: 'attachment', href, target: '_blank', rel: 'noopener' },
      a.type.startsWith('image/') ? h('img', { src: href, alt: a.name, loading: 'lazy' }) : null,
      h('span', {}, a.name));
  });
}

function timeline(data) {
  const caseId = data.summary.case_id;
  const entries = [
    ...data.assignments.map((a) => ({
      at: a.assigned_at,
      rank: 1,
      kind: 'assignment',
      text: `${label('kind', 'assignment')} · ${t('level_n', { level: a.level })} ${t(`role_${a.role}`)} · ${a.person_name || t('nobody_on_record')}`,
      extra: [],
    })),
    ...data.events.map((e) => {
      const details = parseDetails(e);
      const facts = [
        e.kind === 'assigned' ? t('assigned_from_to', { from: details.from_name || t('nobody_on_record'), to: details.to_name || '' }) : '',
        details.happened_on ? t('happened_on_value', { day: details.happened_on }) : '',
        details.returned_on ? t('returned_on_value', { day: details.returned_on }) : '',
      ];
      return {
        at: e.at,
        rank: opening.has(e.kind) ? 0 : 2 + Number(e.event_id),
        kind: e.kind,
        text: [label('kind', e.kind), ...facts, e.note, actorText(details)].filter(Boolean).join(' · '),
        extra: attachmentLinks(caseId, details),
      };
    }),
  ].sort((a, b) => String(b.at).localeCompare(String(a.at)) || b.rank - a.rank);
  return h('ol', { class: 'timeline', id: 'case-timeline' },
    entries.map((e) => h('li', { dataset: { kind: e.kind } }, h('time', {}, dateTime(e.at)), ' ', e.text,
      e.extra.length ? h('div', { class: 'attachments' }, e.extra) : null)));
}

function reasonList(reasons) {
  return h('ul', { class: 'reasons' }, reasons.map((r) =>
    h('li', {}, pick(r, 'text'), r.measures.length ? h('div', { class: 'measures' }, `${t('measures')}: ${r.measures.map((m) => measureText(m, lang())).join(lang() === 'en' ? '; ' : '；')}`) : null)));
}

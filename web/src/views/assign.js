// 指派: naming who is in charge of one or more cases at their level
// (docs/cases.md "Naming who is in charge"). Shared by the to-do list (bulk)
// and the case page (one case). The server decides who may be named; this
// panel offers the people eligible for every chosen case and reports each
// refusal by case.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { errorText, lang, t } from '../i18n.js';
import { gradeName } from '../format.js';
import { errorBox, loading } from './common.js';

function personText(p, single) {
  const post = p.grade ? ` · ${gradeName(p.grade, lang())}${p.class_name ? ` ${p.class_name}` : ''}` : '';
  const now = single && p.in_charge ? ` · ${t('in_charge_now')}` : '';
  return `${p.name || `#${p.person_id}`} · ${t(`role_${p.role}`)}${post}${now}`;
}

// The people every list names (by person id), in the first list's order.
function common(lists) {
  let people = lists[0].assignees;
  for (const list of lists.slice(1)) {
    const ids = new Set(list.assignees.map((a) => a.person_id));
    people = people.filter((p) => ids.has(p.person_id));
  }
  return people;
}

// Fills `panel` with the form for `cases` (open cases, one level). On
// confirm assigns each case in turn, then calls `onDone({ ok, refused, last })`:
// `refused` holds { id, error } per refusal, `last` the last case answered.
export async function openAssignPanel(panel, cases, onDone) {
  panel.hidden = false;
  const message = (key) => replace(panel, h('p', { class: 'error-box', role: 'alert', id: 'assign-message' }, t(key)));
  if (new Set(cases.map((c) => c.level)).size !== 1) return message('assign_levels_differ');
  replace(panel, loading());
  let lists;
  try {
    lists = await Promise.all(cases.map((c) => api.assignees(c.case_id)));
  } catch (error) {
    replace(panel, errorBox(error));
    return undefined;
  }
  const single = cases.length === 1;
  const people = common(lists);
  // One case: the person holding it is shown but cannot be chosen again.
  if (!people.some((p) => !(single && p.in_charge))) return message(single ? 'assignees_none' : 'assign_nobody');
  const person = h('select', { id: 'assign-person', required: true },
    h('option', { value: '' }, t('choose_person')),
    people.map((p) => h('option', { value: p.person_id, disabled: single && p.in_charge }, personText(p, single))));
  const note = h('textarea', { id: 'assign-note', maxLength: 4000, rows: 2 });
  const confirm = h('button', { type: 'submit', id: 'assign-confirm' }, t('assign_confirm'));
  const form = h('form', { class: 'assign-panel', id: 'assign-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!person.value) return;
    confirm.disabled = true;
    const result = { ok: 0, refused: [], last: null };
    for (const c of cases) {
      try {
        result.last = await api.assign(c.case_id, person.value, note.value.trim());
        result.ok += 1;
      } catch (error) {
        result.refused.push({ id: c.case_id, error });
      }
    }
    panel.hidden = true;
    onDone(result);
  } },
  h('h3', {}, single ? t('assign_title') : t('assign_title_n', { n: cases.length })),
  h('p', { class: 'muted' }, t('assign_hint', { level: cases[0].level, role: t(`role_${lists[0].role}`) })),
  h('label', { class: 'field' }, h('span', {}, t('assign_person')), person),
  h('label', { class: 'field' }, h('span', {}, t('assign_note')), note),
  confirm, ' ',
  h('button', { type: 'button', class: 'link', id: 'assign-cancel', onclick: () => { panel.hidden = true; } }, t('cancel')));
  replace(panel, form);
  return undefined;
}

// "已指派 2 件；未指派 1 件：个案 #5：…" as a status line.
export function assignReport(result) {
  return h('div', { class: result.refused.length ? 'error-box' : 'notice', role: 'status', id: 'assign-report' },
    h('p', {}, t('assign_done', { ok: result.ok })),
    result.refused.length
      ? [h('p', {}, t('assign_refused', { n: result.refused.length })),
        h('ul', {}, result.refused.map((r) => h('li', {}, t('assign_refused_case', { id: r.id, reason: errorText(r.error) }))))]
      : null);
}

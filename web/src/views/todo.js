// 待办: the day's work in order of urgency — overdue, due today, not yet
// acknowledged, newly flagged — for the area (a township) or one person in
// charge; search by name, 学籍号 or village; bulk acknowledgement and
// assignment (指派). Lists show a page at a time so a phone stays usable.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { bucketOf, buckets, byUrgency } from '../urgency.js';
import { assignReport, openAssignPanel } from './assign.js';
import { pagedCards } from './case_card.js';
import { errorBox, loading, select } from './common.js';

export async function renderTodo(content, route, isCurrent) {
  const params = { ...route.params };
  const title = h('h2', {}, t('nav_todo'));
  replace(content, title, loading());
  let data;
  try {
    data = await api.cases({ area: params.area, status: params.q ? 'all' : 'open', limit: 500, q: params.q });
  } catch (error) {
    if (isCurrent()) replace(content, title, errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  const go = (changes) => navigate('todo', { ...params, ...changes });
  const people = [...new Set(data.cases.map((c) => c.person_name).filter(Boolean))].sort();
  const cases = byUrgency(params.person ? data.cases.filter((c) => c.person_name === params.person) : data.cases);
  const search = h('input', { type: 'search', id: 'todo-search', value: params.q || '', placeholder: t('search_hint'),
    'aria-label': t('search') });
  // Every open case can be picked: acknowledging skips the ones already
  // acknowledged, assigning takes them all (one level at a time).
  const selected = new Map();
  const bulk = h('button', { type: 'button', id: 'bulk-acknowledge', disabled: true, onclick: async () => {
    bulk.disabled = true;
    let failed = null;
    for (const c of selected.values()) {
      if (c.acknowledged_at) continue;
      try {
        await api.acknowledge(c.case_id);
      } catch (error) {
        failed = error;
      }
    }
    if (failed) replace(notice, errorBox(failed));
    else navigate('todo', params);
  } }, t('bulk_acknowledge'));
  const notice = h('div', {});
  const panel = h('div', { id: 'assign-panel', hidden: true });
  const bulkAssign = h('button', { type: 'button', id: 'bulk-assign', disabled: true, onclick: () => {
    replace(notice);
    openAssignPanel(panel, [...selected.values()], (result) => replace(notice, assignReport(result),
      h('button', { type: 'button', id: 'assign-refresh', onclick: () => navigate('todo', params) }, t('refresh_list'))));
  } }, t('bulk_assign'));
  const counted = (key, n) => (n ? `${t(key)} (${n})` : t(key));
  const pick = (c) => (c.status !== 'open' ? null
    : h('input', { type: 'checkbox', class: 'pick', 'aria-label': t('select_case'), onchange: (e) => {
      if (e.target.checked) selected.set(c.case_id, c);
      else selected.delete(c.case_id);
      const unacknowledged = [...selected.values()].filter((s) => !s.acknowledged_at).length;
      bulk.disabled = unacknowledged === 0;
      bulk.textContent = counted('bulk_acknowledge', unacknowledged);
      bulkAssign.disabled = selected.size === 0;
      bulkAssign.textContent = counted('bulk_assign', selected.size);
    } }));
  const sections = params.q
    ? [section('search_results', cases, params, pick)]
    : buckets.map((b) => section(b, cases.filter((c) => bucketOf(c) === b), params, pick));
  replace(
    content,
    h('h2', {}, `${t('nav_todo')} · ${data.area_name}`),
    h('form', { class: 'filters', id: 'todo-search-form', onsubmit: (e) => { e.preventDefault(); go({ q: search.value.trim() }); } },
      h('label', { class: 'field grow' }, h('span', {}, t('search')), search),
      h('button', { type: 'submit', id: 'todo-search-submit' }, t('search')),
      params.q ? h('button', { type: 'button', class: 'link', onclick: () => go({ q: '' }) }, t('clear_search')) : null,
      select('todo-person', t('level_in_charge_person'), [['', t('all_people')], ...people.map((p) => [p, p])],
        params.person, (person) => go({ person }))),
    h('div', { class: 'bulk' }, bulk, ' ', bulkAssign),
    panel,
    notice,
    sections,
  );
}

function section(bucket, cases, params, pick) {
  const [list, more] = pagedCards(cases, params, pick);
  return h('section', { class: `todo-group todo-${bucket}`, id: `todo-${bucket}` },
    h('h3', {}, `${t(`todo_${bucket}`)} `, h('span', { class: 'count' }, `(${cases.length})`)),
    h('p', { class: 'muted' }, t(`todo_${bucket}_hint`)),
    cases.length ? list : h('p', { class: 'empty' }, t('todo_none')),
    more);
}

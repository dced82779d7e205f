// The case board: open cases grouped by the six heads' levels (师长 校长 家长
// 组长 村长 镇长), overdue ones highlighted; a card opens the case.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { byUrgency } from '../urgency.js';
import { pagedCards } from './case_card.js';

// The six heads in level order (level n is the n-th).
const roles = ['TEACHER', 'PRINCIPAL', 'PARENT', 'GROUP_HEAD', 'VILLAGE_HEAD', 'TOWNSHIP_HEAD'];

// Open and overdue cases per level of this page of cases.
function levels(cases) {
  return roles.map((role, i) => {
    const open = cases.filter((c) => c.status === 'open' && c.level === i + 1);
    return { level: i + 1, role, open: open.length, overdue: open.filter((c) => c.overdue).length };
  });
}
import { navigate } from '../router.js';
import { errorBox, loading, select } from './common.js';

export async function renderCaseBoard(content, route, isCurrent) {
  const params = { status: 'open', ...route.params };
  replace(content, h('h2', {}, t('nav_cases')), loading());
  let data;
  try {
    data = await api.cases(params);
  } catch (error) {
    if (isCurrent()) replace(content, h('h2', {}, t('nav_cases')), errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  const go = (changes) => navigate('cases', { ...params, ...changes });
  replace(
    content,
    h('h2', {}, `${t('nav_cases')} · ${data.area_name}`),
    h(
      'div',
      { class: 'filters' },
      select('filter-status', t('status'),
        ['open', 'closed', 'all'].map((s) => [s, t(`status_${s}`)]), params.status, (status) => go({ status })),
      h('label', { class: 'field check' },
        h('input', { type: 'checkbox', id: 'filter-overdue', checked: params.overdue === '1',
          onchange: (e) => go({ overdue: e.target.checked ? '1' : '' }) }),
        h('span', {}, t('overdue_only'))),
    ),
    h('div', { class: 'board', id: 'case-board' }, levels(data.cases).map((level) => column(level, data.cases, params))),
  );
}

// A column lists its cases in order of urgency, a page at a time (a
// county's township-head column would otherwise run thousands of pixels).
function column(level, cases, params) {
  const mine = byUrgency(cases.filter((c) => c.level === level.level));
  const [list, more] = pagedCards(mine, params);
  return h(
    'section',
    { class: 'level', dataset: { level: level.level } },
    h('h3', {}, `${t('level_n', { level: level.level })} · ${t(`role_${level.role}`)}`,
      h('span', { class: 'counts' }, ` ${level.open} ${t('open_cases')}`,
        level.overdue ? h('span', { class: 'badge overdue' }, ` ${level.overdue} ${t('overdue')}`) : null)),
    mine.length ? list : h('p', { class: 'empty' }, t('no_cases')),
    more,
  );
}

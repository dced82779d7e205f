// One case as a card: who, where, who holds it and until when. Shared by
// the to-do list and the board.
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { dateTime, gradeName, percent } from '../format.js';
import { routeHref } from '../router.js';
import { nextDeadline } from '../urgency.js';

export function caseCard(c, params, extra = null) {
  return h(
    'div',
    { class: `case-card ${c.overdue ? 'overdue' : ''}`, dataset: { caseId: c.case_id } },
    extra,
    h('a', { class: 'card-link', href: routeHref('case', { area: params.area }, c.case_id) },
      h('div', { class: 'card-head' }, h('strong', {}, c.masked_name), ` #${c.case_id}`,
        c.overdue ? h('span', { class: 'badge overdue' }, t('overdue')) : null),
      h('div', {}, `${gradeName(c.grade, lang())} · ${c.school_name} · ${c.village_name}`),
      h('div', {}, `${t('level_in_charge')}: ${t(`role_${c.role}`)} · ${c.person_name || t('nobody_on_record')}`),
      h('div', {}, `${t('probability')} ${percent(c.latest_probability)}`),
      h('div', { class: 'muted' }, c.status === 'open'
        ? `${t(c.acknowledged_at ? 'resolve_deadline' : 'ack_deadline')}: ${dateTime(nextDeadline(c))}`
        : `${t('status_closed')}: ${dateTime(c.closed_at)}`)),
  );
}

// Cards a page at a time (ten, then "show more"): a phone stays usable and
// a long column does not run thousands of pixels. Returns [list, button].
export function pagedCards(cases, params, extra = () => null, pageSize = 10) {
  const list = h('div', { class: 'card-list' });
  let shown = 0;
  const more = h('button', { type: 'button', class: 'link more' });
  const showMore = () => {
    for (const c of cases.slice(shown, shown + pageSize)) list.append(caseCard(c, params, extra(c)));
    shown = Math.min(cases.length, shown + pageSize);
    more.textContent = t('show_more', { left: cases.length - shown });
    more.hidden = shown >= cases.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  return [list, more];
}

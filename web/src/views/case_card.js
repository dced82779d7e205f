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

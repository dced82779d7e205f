// A short help page: what the to-do groups, the six levels, the tiers and
// the outcomes mean, and how a township reports upward.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

const roles = ['TEACHER', 'PRINCIPAL', 'PARENT', 'GROUP_HEAD', 'VILLAGE_HEAD', 'TOWNSHIP_HEAD'];
const outcomes = ['returned', 'transferred', 'home_delivery', 'not_at_risk', 'moved_out'];

export function renderHelp(content) {
  replace(
    content,
    h('h2', {}, t('nav_help')),
    h('section', { id: 'help-day' }, h('h3', {}, t('help_day_title')), h('p', {}, t('help_day'))),
    h('section', { id: 'help-levels' }, h('h3', {}, t('help_levels_title')), h('p', {}, t('help_levels')),
      h('ol', {}, roles.map((role) => h('li', {}, t(`role_${role}`))))),
    h('section', { id: 'help-tiers' }, h('h3', {}, t('help_tiers_title')), h('p', {}, t('tier_legend')),
      h('p', {}, t('confirmed_out_hint'))),
    h('section', { id: 'help-outcomes' }, h('h3', {}, t('help_outcomes_title')), h('p', {}, t('help_outcomes')),
      h('ul', {}, outcomes.map((o) => h('li', {}, t(`outcome_${o}`))))),
    h('section', { id: 'help-report' }, h('h3', {}, t('help_report_title')), h('p', {}, t('help_report'))),
  );
}

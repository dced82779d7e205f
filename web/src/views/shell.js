// The frame around every view: title, navigation, area picker, language
// switch and sign-out. Returns the element the views render into.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { routeHref } from '../router.js';

const views = [
  ['todo', 'nav_todo'],
  ['risk', 'nav_risk'],
  ['cases', 'nav_cases'],
  ['ledger', 'nav_ledger'],
  ['checks', 'nav_checks'],
  ['help', 'nav_help'],
];
// Views for some accounts only: the model's health for county-level data
// staff and administrators (the server refuses everyone else anyway).
const mayReadModelHealth = (account) =>
  account.kind === 'county' && ['data_staff', 'admin'].includes(account.role);

// Data staff use the page for the model (its track record and health; their
// role reads no list or case); administrators see those besides the
// officials' views.
const trackView = ['track', 'nav_track_record'];
export function viewsFor(account) {
  const health = mayReadModelHealth(account) ? [['model-health', 'nav_model_health']] : [];
  if (account.role === 'data_staff') return [trackView, ...health, ['help', 'nav_help']];
  return account.role === 'admin' ? [...views, trackView, ...health] : views;
}

export function renderShell(root, { account, areas, route, languageButton, onSignOut, onArea }) {
  const areaCode = route.params.area || account.area.code;
  const options = areas.map((area) =>
    h('option', { value: area.code, selected: area.code === areaCode }, area.name),
  );
  if (!areas.some((area) => area.code === areaCode)) {
    options.push(h('option', { value: areaCode, selected: true }, areaCode));
  }
  const picker = h(
    'select',
    {
      id: 'area-picker',
      'aria-label': t('area'),
      disabled: areas.length < 2,
      onchange: (event) => onArea(event.target.value),
    },
    options,
  );
  const activeView = route.view === 'case' ? 'cases' : route.view;
  const nav = h(
    'nav',
    { class: 'tabs' },
    viewsFor(account).map(([view, label]) =>
      h(
        'a',
        {
          href: routeHref(view, { area: route.params.area }),
          class: view === activeView ? 'active' : '',
          id: `nav-${view}`,
        },
        t(label),
      ),
    ),
  );
  const content = h('main', { id: 'content' });
  root.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, t('app_title')),
      nav,
      h(
        'div',
        { class: 'who' },
        h('label', { class: 'area' }, `${t('area')} `, picker),
        h('span', { class: 'account', id: 'account-name' }, account.display_name || account.login),
        languageButton,
        h('button', { type: 'button', id: 'sign-out', class: 'link', onclick: onSignOut }, t('sign_out')),
      ),
    ),
    content,
  );
  return content;
}

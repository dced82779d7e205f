// Boots the page: asks /api/me, shows the sign-in form on 401, else draws
// the shell and the view the URL names; redraws on every hash change.
import './style.css';
import { api, setCsrf, setUnauthenticatedHandler } from './api.js';
import { disposeCharts } from './charts.js';
import { h } from './dom.js';
import { lang, loadVocabulary, setLang, t } from './i18n.js';
import { currentRoute, navigate } from './router.js';
import { renderCaseBoard } from './views/case_board.js';
import { renderCaseDetail } from './views/case_detail.js';
import { renderChecks } from './views/checks.js';
import { renderLedger } from './views/ledger.js';
import { renderModelHealth } from './views/model_health.js';
import { renderRiskList } from './views/risk_list.js';
import { renderShell, viewsFor } from './views/shell.js';
import { renderSignIn } from './views/sign_in.js';
import { renderHelp } from './views/help.js';
import { renderTodo } from './views/todo.js';
import { renderTrackRecord } from './views/track_record.js';
import { bucketOf } from './urgency.js';

const root = document.getElementById('app');
const views = { todo: renderTodo, help: renderHelp, risk: renderRiskList, cases: renderCaseBoard, case: renderCaseDetail, ledger: renderLedger, checks: renderChecks, track: renderTrackRecord, 'model-health': renderModelHealth };
const state = { account: null, areas: [], drawn: 0 };

function languageButton() {
  return h('button', { type: 'button', id: 'lang-switch', class: 'link', onclick: () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    draw();
  } }, t('language'));
}

function showSignIn() {
  state.account = null;
  disposeCharts();
  renderSignIn(root, { languageButton: languageButton(), onSignedIn: signedIn });
}

async function signedIn(account) {
  state.account = account;
  state.areas = await areasFor(account);
  draw();
}

// A county account may pick any township (the ledger lists them); everyone
// else has exactly their own area.
async function areasFor(account) {
  const own = [{ code: account.area.code, name: account.area.name }];
  if (account.kind !== 'county') return own;
  try {
    const ledger = await api.ledger({ area: account.area.code });
    return [...own, ...ledger.townships.map((tw) => ({ code: tw.code, name: tw.name }))];
  } catch {
    return own;
  }
}

async function signOut() {
  try {
    await api.logout();
  } finally {
    setCsrf('');
    showSignIn();
  }
}

function draw() {
  if (!state.account) {
    showSignIn();
    return;
  }
  disposeCharts();
  const route = currentRoute();
  // A view the account's role is not shown opens its first one instead.
  const allowed = viewsFor(state.account).map(([view]) => view);
  if (!allowed.includes(route.view === 'case' ? 'cases' : route.view)) route.view = allowed[0];
  const render = views[route.view] || renderTodo;
  const drawn = ++state.drawn;
  const content = renderShell(root, {
    account: state.account,
    areas: state.areas,
    route,
    languageButton: languageButton(),
    onSignOut: signOut,
    onArea: (area) => navigate(route.view === 'case' ? 'cases' : route.view, { area }),
  });
  render(content, route, () => drawn === state.drawn, state.account);
  if (allowed.includes('todo')) showTodoCount(route.params.area, () => drawn === state.drawn);
}

// The navigation says how much is waiting: the to-do count beside 待办.
async function showTodoCount(area, isCurrent) {
  try {
    const data = await api.cases({ area, status: 'open', limit: 500 });
    const waiting = data.cases.filter((c) => bucketOf(c)).length;
    const link = document.getElementById('nav-todo');
    if (isCurrent() && link) link.textContent = `${t('nav_todo')} (${waiting})`;
  } catch {
    // The view itself shows the refusal.
  }
}

setUnauthenticatedHandler(showSignIn);
window.addEventListener('hashchange', draw);

setLang(lang());
// The words for the API's codes first (a failure leaves the codes showing),
// then the session.
loadVocabulary(api.vocabulary).catch(() => {}).then(() => api.me()).then(
  (me) => {
    setCsrf(me.csrf_token);
    return signedIn(me.account);
  },
  () => showSignIn(),
);

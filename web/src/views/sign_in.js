// The sign-in form; a wrong password or a lockout shows the API's refusal.
// Accounts with a second factor get a code field once the server asks for
// it (its refusals start "totp:"), and keep the password typed so far.
import { api, setCsrf } from '../api.js';
import { h } from '../dom.js';
import { errorText, t } from '../i18n.js';

export function renderSignIn(root, { onSignedIn, languageButton }) {
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error', hidden: true });
  const login = h('input', { id: 'login', name: 'login', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const totp = h('input', {
    id: 'totp',
    name: 'totp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
  });
  const totpRow = h('div', { id: 'totp-row', hidden: true }, h('label', { for: 'totp' }, t('totp_code')), totp);
  const submit = h('button', { type: 'submit', id: 'signin-submit' }, t('sign_in'));
  const form = h(
    'form',
    {
      class: 'signin',
      onsubmit: async (event) => {
        event.preventDefault();
        error.hidden = true;
        submit.disabled = true;
        submit.textContent = t('signing_in');
        try {
          const session = await api.login(login.value.trim(), password.value, totpRow.hidden ? '' : totp.value.trim());
          setCsrf(session.csrf_token);
          onSignedIn(session.account);
        } catch (e) {
          const asksForCode = e.code === 'UNAUTHENTICATED' && String(e.message).startsWith('totp:');
          error.textContent = asksForCode ? t('totp_needed') : errorText(e);
          error.hidden = false;
          if (asksForCode) {
            totpRow.hidden = false;
            totp.value = '';
            totp.focus();
          } else {
            password.value = '';
            password.focus();
          }
        } finally {
          submit.disabled = false;
          submit.textContent = t('sign_in');
        }
      },
    },
    h('h1', {}, t('app_title')),
    h('label', { for: 'login' }, t('login')),
    login,
    h('label', { for: 'password' }, t('password')),
    password,
    totpRow,
    error,
    submit,
    h('div', { class: 'signin-lang' }, languageButton),
  );
  root.replaceChildren(h('main', { class: 'signin-page' }, form));
  login.focus();
}

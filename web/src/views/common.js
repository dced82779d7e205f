// Pieces several views share: the refusal/error box, export links, selects.
import { query } from '../api.js';
import { h } from '../dom.js';
import { errorText, lang, t } from '../i18n.js';

export function errorBox(error) {
  return h(
    'div',
    { class: `error-box ${error.status === 403 ? 'refusal' : ''}`, role: 'alert', id: 'view-error' },
    errorText(error),
  );
}

export function loading() {
  return h('p', { class: 'loading' }, t('loading'));
}

// xlsx download and print page for the same filters as the view shows.
export function exportLinks(kind, params) {
  const q = query({ ...params, lang: lang() });
  return h(
    'div',
    { class: 'exports' },
    h('a', { class: 'button', id: `export-${kind}-xlsx`, href: `/api/export/${kind}.xlsx${q}`, download: '' }, t('export_xlsx')),
    h('a', { class: 'button', id: `print-${kind}`, href: `/print/${kind}${q}`, target: '_blank', rel: 'noopener' }, t('print')),
  );
}

// A labelled <select>; `choices` are [value, label] pairs.
export function select(id, label, choices, value, onChange) {
  return h(
    'label',
    { class: 'field' },
    h('span', {}, label),
    h(
      'select',
      { id, onchange: (event) => onChange(event.target.value) },
      choices.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text)),
    ),
  );
}

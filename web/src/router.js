// Hash routes: #/todo (the landing page), #/risk, #/cases, #/case/<id>, #/ledger, #/checks, #/model-health, each with its filters
// as a query (#/risk?tier=high&school_id=4012) so a view can be bookmarked.
export function currentRoute() {
  const hash = window.location.hash.replace(/^#/, '') || '/todo';
  const [path, queryText = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean);
  const params = Object.fromEntries(new URLSearchParams(queryText));
  return { view: parts[0] || 'todo', id: parts[1] || '', params };
}

export function routeHref(view, params = {}, id = '') {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const text = q.toString();
  return `#/${view}${id ? `/${id}` : ''}${text ? `?${text}` : ''}`;
}

export function navigate(view, params = {}, id = '') {
  const href = routeHref(view, params, id);
  if (window.location.hash === href) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else window.location.hash = href;
}

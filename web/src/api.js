// The JSON API client (docs/web-api.md): the session cookie travels by
// itself; every POST carries the CSRF token from /api/login or /api/me.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = '';
let onUnauthenticated = () => {};

// Called when a signed-in call gets 401 (session expired or revoked).
export function setUnauthenticatedHandler(handler) {
  onUnauthenticated = handler;
}

export function setCsrf(token) {
  csrfToken = token || '';
}

// `rawType`: send `body` (a File) as it is, with this type, not as JSON.
async function call(method, path, body, rawType) {
  const headers = { Accept: 'application/json' };
  if (method === 'POST') {
    headers['Content-Type'] = rawType || 'application/json';
    if (csrfToken) headers['X-Baoxue-CSRF'] = csrfToken;
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined || rawType ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', String(e));
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = data.error || {};
    if (res.status === 401 && path !== '/api/login' && path !== '/api/me') onUnauthenticated();
    throw new ApiError(res.status, error.code || 'INTERNAL', error.message || res.statusText);
  }
  return data;
}

// `params` drops empty values so URLs stay short and readable.
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export const api = {
  login: (login, password, totp) => call('POST', '/api/login', totp ? { login, password, totp } : { login, password }),
  logout: () => call('POST', '/api/logout', {}),
  me: () => call('GET', '/api/me'),
  vocabulary: () => call('GET', '/api/vocabulary'),
  riskList: (params) => call('GET', `/api/risk-list${query(params)}`),
  cases: (params) => call('GET', `/api/cases${query(params)}`),
  caseDetail: (id) => call('GET', `/api/cases/${encodeURIComponent(id)}`),
  acknowledge: (id, note) => call('POST', `/api/cases/${id}/acknowledge`, note ? { note } : {}),
  recordAction: (id, record) => call('POST', `/api/cases/${id}/actions`, record),
  resolve: (id, closing) => call('POST', `/api/cases/${id}/resolve`, closing),
  reopen: (id, note) => call('POST', `/api/cases/${id}/reopen`, { note }),
  assign: (id, personId, note) => call('POST', `/api/cases/${id}/assign`, note ? { person_id: personId, note } : { person_id: personId }),
  assignees: (id) => call('GET', `/api/cases/${encodeURIComponent(id)}/assignees`),
  uploadAttachment: (id, file) =>
    call('POST', `/api/cases/${id}/attachments${query({ name: file.name })}`, file, file.type || 'application/octet-stream'),
  ledger: (params) => call('GET', `/api/ledger${query(params)}`),
  reportLedger: (report) => call('POST', '/api/ledger/report', report),
  ledgerReports: (params) => call('GET', `/api/ledger/reports${query(params)}`),
  checks: (params) => call('GET', `/api/checks${query(params)}`),
  trackRecord: (params) => call('GET', `/api/track-record${query(params)}`),
  modelDrift: (params) => call('GET', `/api/model-drift${query(params)}`),
};

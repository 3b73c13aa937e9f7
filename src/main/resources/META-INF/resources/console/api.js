// The console's only way to the data: the same REST API, roles and audit as curl. The token lives
// in this tab's session storage and travels in the Authorization header, never in a URL.

const KEY = 'strato.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  token: () => sessionStorage.getItem(KEY),
  signIn: (token) => sessionStorage.setItem(KEY, token.trim()),
  signOut: () => sessionStorage.removeItem(KEY),
  // For display only: the server checks the signature and the roles on every call.
  claims() {
    try {
      const part = session.token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch (e) {
      return {};
    }
  },
};

export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    cache: 'no-store',
    headers: {
      Accept: 'application/json',
      ...options.headers,
      Authorization: 'Bearer ' + session.token(),
    },
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Every item of a list endpoint, following its continue tokens. */
export async function listAll(path, labelSelector) {
  const items = [];
  let next = null;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (labelSelector) query.set('labelSelector', labelSelector);
    if (next) query.set('continue', next);
    const page = await api(path + '?' + query);
    items.push(...page.items);
    next = page.continue;
  } while (next);
  return items;
}

/** The dev token, when this Strato runs in dev mode and the browser is on the same machine. */
export async function devToken(method) {
  const response = await fetch('dev-token', {
    method,
    cache: 'no-store',
    headers: { 'X-Strato-Console': '1' },
  });
  if (!response.ok) return null;
  return method === 'HEAD' ? 'offered' : (await response.json()).token;
}

// The API client of the console: JSON in and out, the session's CSRF token on every write,
// problem+json answers turned into ApiError (with the fields the API names).

let csrf = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

export async function api(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-TOKEN'] = csrf;
  const response = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data || {});
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** Who is signed in (and the CSRF token), or null. */
export async function session() {
  try {
    const s = await get('/session');
    csrf = s.csrf_token;
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function signIn(token) {
  const s = await api('POST', '/session', {token});
  csrf = s.csrf_token;
  return s;
}

export async function signOut() {
  await api('DELETE', '/session');
  csrf = null;
}

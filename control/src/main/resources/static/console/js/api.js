// Calls the public REST API exactly as curl would: the key travels in the Authorization header
// and lives in sessionStorage (gone when the tab closes), never in a cookie, a URL or a log.

const KEY = 'hookyard.key';
const ROLE = 'hookyard.role';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  role: () => sessionStorage.getItem(ROLE),
  set(key, role) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, role);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
};

/** The API's error envelope as an exception: status, code, message and the field it names. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `The API answered ${status}`);
    this.status = status;
    this.code = error.code;
    this.details = error.details || {};
    this.field = this.details.field;
  }
}

let onUnauthorized = () => {};

/** What to do when the key stops working (revoked, expired). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Calls /api/v1 + path; resolves to the parsed answer, rejects with an ApiError. */
export async function api(method, path, body, key = session.key()) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && key === session.key()) onUnauthorized(error);
    throw error;
  }
  return data;
}

/** A query string from the entries whose value is set. */
export function query(params) {
  const set = Object.entries(params).filter(([, v]) => v != null && v !== '');
  return set.length ? `?${new URLSearchParams(set)}` : '';
}

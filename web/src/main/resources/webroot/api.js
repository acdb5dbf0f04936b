// The one HTTP client of the console: JSON in and out, the session cookie, the caller's language, and the server's
// own error message (in that language) carried in the error. A 401 sends the user to sign in, keeping the page.
import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.error = (body && body.error) || {};
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(f) {
  onUnauthorized = f;
}

export async function api(method, path, body) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': lang.value === 'en' ? 'en' : 'zh-CN' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    // A JSON body from this origin: what the server's CSRF defence asks of a cookie session.
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!r.ok) {
    if (r.status === 401 && path !== '/api/session') {
      onUnauthorized();
    }
    throw new ApiError(r.status, json);
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body ?? {});
export const del = (path) => api('DELETE', path);

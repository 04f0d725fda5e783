// The JSON API client. The access token lives only in this module's memory; the refresh
// token is an HttpOnly cookie the browser sends to /api/auth/app/ and no script can read.

const APP_HEADERS = { "X-Requested-With": "gymintel-app" };
let access = null;
let refreshing = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail || `Request failed (${status})`);
    this.status = status;
    this.detail = this.message;
    this.body = body || {};
  }
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export function signedIn() {
  return access !== null;
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function authPost(path, json) {
  const headers = { ...APP_HEADERS };
  if (json) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method: "POST",
    headers,
    credentials: "same-origin",
    body: json ? JSON.stringify(json) : undefined,
  });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body && body.detail, body);
  return body;
}

export async function login(email, password) {
  const body = await authPost("/api/auth/app/login/", { email, password });
  access = body.access;
}

// A new access token from the refresh cookie; false when there is no valid session.
// Concurrent callers share one request: the cookie is single-use (rotated).
export function restore() {
  if (!refreshing) {
    // Tabs of the app share the single-use cookie: a Web Lock makes them refresh one after
    // the other, so each sends the cookie the previous one rotated.
    const call = () => authPost("/api/auth/app/refresh/");
    const locked = navigator.locks ? navigator.locks.request("gymintel-refresh", call) : call();
    refreshing = locked
      .then((body) => {
        // 204: no cookie, not signed in.
        access = body && body.access ? body.access : null;
        return access !== null;
      })
      .catch((error) => {
        if (error instanceof ApiError) {
          access = null;
          return false;
        }
        throw error; // offline: the session may still be good
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

export async function logout() {
  access = null;
  try {
    await authPost("/api/auth/app/logout/");
  } catch {
    // Offline: the cookie stays until it expires or the next logout reaches the server.
  }
}

// One API call. On a 401 the token is refreshed once and the call retried once.
// Throws ApiError for an HTTP error, TypeError when the network is down.
export async function api(path, { method = "GET", json, form, headers = {} } = {}) {
  const send = () => {
    const all = { Accept: "application/json", ...headers };
    if (access) all.Authorization = `Bearer ${access}`;
    if (json !== undefined) all["Content-Type"] = "application/json";
    return fetch(path, {
      method,
      headers: all,
      credentials: "same-origin",
      body: json !== undefined ? JSON.stringify(json) : form,
    });
  };
  let response = await send();
  if (response.status === 401 && (await restore())) response = await send();
  const body = await readBody(response);
  if (response.status === 401) {
    access = null;
    onSignedOut();
  }
  if (!response.ok) throw new ApiError(response.status, body && body.detail, body);
  return body;
}

// Every page of a paginated list, up to `limit` pages.
export async function allPages(path, limit = 5) {
  const rows = [];
  let next = path;
  for (let i = 0; next && i < limit; i += 1) {
    const page = await api(next);
    rows.push(...page.results);
    next = page.next ? relative(page.next) : null;
  }
  return rows;
}

export function relative(url) {
  const parsed = new URL(url, location.origin);
  return parsed.pathname + parsed.search;
}

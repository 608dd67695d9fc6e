// Conditional GETs with ETags. One cache entry per URL keeps the last ETag, body and a version
// number that changes only when the content changed, so views re-render only on change.

export class ApiError extends Error {
  constructor({ status = 0, problem = null, network = false, message = '' }) {
    super(message || problem?.title || (network ? 'network error' : `HTTP ${status}`));
    this.status = status;
    this.problem = problem;
    this.network = network;
  }
}

/** @type {Map<string, {etag: string|null, body: string|null, data: any, error: ApiError|null, errorKey: string|null, version: number}>} */
const cache = new Map();
const inflight = new Map();
export const apiEvents = new EventTarget();
let busy = 0;

/** Relative API URL (resolves against the page, so the dashboard also works under a path prefix). */
export function apiUrl(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const qs = q.toString();
  return `api/${path}${qs ? `?${qs}` : ''}`;
}

export function entry(url) {
  let e = cache.get(url);
  if (!e) {
    e = { etag: null, body: null, data: undefined, error: null, errorKey: null, version: 0 };
    cache.set(url, e);
  }
  return e;
}

/** Fetch (or revalidate) a URL; resolves to its cache entry, never rejects. */
export function load(url) {
  if (inflight.has(url)) return inflight.get(url);
  const p = revalidate(url).finally(() => inflight.delete(url));
  inflight.set(url, p);
  return p;
}

function setBusy(delta) {
  busy += delta;
  apiEvents.dispatchEvent(new CustomEvent('busy', { detail: busy > 0 }));
}

function setError(e, err) {
  const key = `${err.status}|${err.network}|${err.problem?.title ?? ''}|${err.problem?.detail ?? ''}`;
  if (e.errorKey !== key) {
    e.error = err;
    e.errorKey = key;
    e.version++;
  }
}

async function revalidate(url) {
  const e = entry(url);
  const headers = { Accept: 'application/json, application/problem+json' };
  if (e.etag && e.data !== undefined) headers['If-None-Match'] = e.etag;
  setBusy(1);
  try {
    let res;
    try {
      // no-store: bypass the browser cache so our own If-None-Match reaches the server and a 304 reaches us.
      res = await fetch(url, { headers, cache: 'no-store', credentials: 'same-origin' });
    } catch {
      apiEvents.dispatchEvent(new CustomEvent('network', { detail: false }));
      // Keep showing the last good data; only a view that never loaded shows the failure.
      if (e.data === undefined) setError(e, new ApiError({ network: true }));
      return e;
    }
    apiEvents.dispatchEvent(new CustomEvent('network', { detail: true }));
    if (res.status === 304) return e;
    const text = await res.text();
    if (res.ok) {
      let data;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        setError(e, new ApiError({ status: res.status, problem: { title: 'Phản hồi không phải JSON hợp lệ' } }));
        return e;
      }
      e.etag = res.headers.get('ETag');
      if (text !== e.body || e.error) {
        e.body = text;
        e.data = data;
        e.error = null;
        e.errorKey = null;
        e.version++;
      }
      return e;
    }
    let problem = null;
    try {
      problem = text ? JSON.parse(text) : null;
    } catch {
      problem = null;
    }
    if (problem === null || typeof problem !== 'object') problem = { title: res.statusText || '' };
    e.etag = null;
    e.body = null;
    e.data = undefined;
    setError(e, new ApiError({ status: res.status, problem }));
    return e;
  } finally {
    setBusy(-1);
  }
}

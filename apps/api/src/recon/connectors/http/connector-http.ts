import { type Row } from '@closewatch/recon/field-mapping';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { type HttpDataset } from '@closewatch/contracts/recon';
import { type HttpAddressPolicy } from '../../../config/http-allow-list';
import { guardedGet, HttpGuardError, httpAgents, type HttpAgents, shown } from './http-guarded-get';
import { fillTemplate } from '../query-params';
import { ReconRunFailure } from '../../runs/run-failure';

export interface HttpSideOptions {
  dataset: HttpDataset;
  scope: Readonly<Record<string, string>>;
  /** The configured header set named by the dataset (CLOSEWATCH_HTTP_HEADERS_<NAME>); sent only to the dataset URL's origin. */
  headers: Readonly<Record<string, string>>;
  /** Which special-purpose addresses may be reached (CLOSEWATCH_HTTP_DATASET_ALLOW). */
  policy: HttpAddressPolicy;
  /** Most bytes of one page (CLOSEWATCH_HTTP_DATASET_MAX_BYTES). */
  maxBytes: number;
  timeoutMs: number;
  /** Retries of one page on 429, 5xx or a network error. */
  retries: number;
  signal?: AbortSignal;
  /** For tests: the base of the backoff in ms (default 500). */
  backoffBaseMs?: number;
}

const DEFAULT_MAX_PAGES = 10_000;
const MAX_REDIRECTS = 5;

/** A value at a dotted path (`meta.next_cursor`); the empty path is the value itself. */
export function valueAt(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let v = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * A record as a flat row: nested objects become dotted field names (`customer.id`), arrays
 * stay as they are (compared as JSON).
 */
export function flattenRecord(record: Record<string, unknown>, prefix = '', out: Row = {}): Row {
  for (const [k, v] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenRecord(v as Record<string, unknown>, name, out);
    else out[name] = v;
  }
  return out;
}

/** The URL of `rel="next"` in a Link header, if any. */
export function nextFromLinkHeader(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

/** Milliseconds to wait before retry `attempt` (1-based): Retry-After when the server sent it, else exponential with jitter. */
export function backoffMs(attempt: number, retryAfter: string | null, baseMs: number, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 120_000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.min(Math.max(0, at - now), 120_000);
  }
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.min(exp + Math.floor(Math.random() * baseMs), 30_000);
}

/**
 * An http dataset as the engine's side input: GET JSON pages (cursor or next-link pagination),
 * the records at `recordsPath` of each page, flattened. Each page is retried on 429, 5xx and
 * network errors with backoff (Retry-After honoured); other responses fail the run. Every request
 * goes through guardedGet (address policy, headers only to the dataset's own origin, size cap).
 * Unsorted: the engine sorts the side.
 */
export function httpSide(o: HttpSideOptions): SideInput {
  return { sorted: false, rows: httpRows(o) };
}

async function* httpRows(o: HttpSideOptions): AsyncGenerator<Row> {
  const d = o.dataset;
  const pagination = d.pagination ?? { type: 'none' };
  const maxPages = d.maxPages ?? DEFAULT_MAX_PAGES;
  let url: string | undefined = fillTemplate(d.url, o.scope, encodeURIComponent);
  const base = url;
  const headersOrigin = new URL(base).origin;
  const agents = httpAgents();
  try {
    for (let page = 1; url !== undefined; page++) {
      if (page > maxPages) throw new ReconRunFailure('http_failed', `more than ${maxPages} pages from ${safeUrl(base)}; raise maxPages if that is expected`);
      const { body, link, finalUrl } = await fetchPage(url, o, page, headersOrigin, agents);
      const records = valueAt(body, d.recordsPath);
      if (!Array.isArray(records)) {
        throw new ReconRunFailure(
          'http_failed',
          `page ${page} of ${safeUrl(base)}: ${d.recordsPath ? `"${d.recordsPath}"` : 'the body'} is not an array of records`,
        );
      }
      for (const record of records) {
        if (record === null || typeof record !== 'object' || Array.isArray(record)) {
          throw new ReconRunFailure('http_failed', `page ${page} of ${safeUrl(base)}: a record is not an object`);
        }
        yield flattenRecord(record as Record<string, unknown>);
      }
      url = nextUrl(pagination, body, link, finalUrl, base);
    }
  } finally {
    agents.destroy();
  }
}

function nextUrl(pagination: NonNullable<HttpDataset['pagination']>, body: unknown, link: string | null, current: string, base: string): string | undefined {
  switch (pagination.type) {
    case 'none':
      return undefined;
    case 'cursor': {
      const cursor = valueAt(body, pagination.path);
      if (cursor === null || cursor === undefined || cursor === '' || cursor === false) return undefined;
      const next = new URL(base);
      next.searchParams.set(pagination.param, String(cursor));
      return next.toString();
    }
    case 'next-link': {
      const href = pagination.path === 'link-header' ? nextFromLinkHeader(link) : valueAt(body, pagination.path);
      if (typeof href !== 'string' || href === '') return undefined;
      return new URL(href, current).toString();
    }
  }
}

async function fetchPage(
  url: string,
  o: HttpSideOptions,
  page: number,
  headersOrigin: string,
  agents: HttpAgents,
): Promise<{ body: unknown; link: string | null; finalUrl: string }> {
  const baseMs = o.backoffBaseMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    o.signal?.throwIfAborted();
    let retryAfter: string | null = null;
    let reason: string;
    try {
      const signals = [AbortSignal.timeout(o.timeoutMs), ...(o.signal ? [o.signal] : [])];
      const res = await guardedGet(url, {
        policy: o.policy,
        headers: o.headers,
        headersOrigin,
        maxBytes: o.maxBytes,
        maxRedirects: MAX_REDIRECTS,
        signal: AbortSignal.any(signals),
        agents,
      });
      const header = (name: string) => {
        const v = res.headers[name];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      };
      if (res.body) {
        try {
          return { body: JSON.parse(res.body.toString('utf8')) as unknown, link: header('link'), finalUrl: res.url };
        } catch {
          throw new ReconRunFailure('http_failed', `page ${page} of ${safeUrl(url)} is not JSON`);
        }
      }
      if (res.status !== 429 && res.status < 500) {
        throw new ReconRunFailure('http_failed', `GET ${safeUrl(url)} answered ${res.status} ${res.statusText}`);
      }
      retryAfter = header('retry-after');
      reason = `answered ${res.status} ${res.statusText}`;
    } catch (err) {
      if (err instanceof ReconRunFailure) throw err;
      if (err instanceof HttpGuardError) throw new ReconRunFailure(err.code, `GET ${safeUrl(url)}: ${err.message}`);
      o.signal?.throwIfAborted();
      const e = err as Error & { cause?: { name?: string } };
      reason = e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError' ? `did not answer within ${o.timeoutMs} ms` : `failed: ${e.message}`;
    }
    if (attempt > o.retries) throw new ReconRunFailure('http_failed', `GET ${safeUrl(url)} ${reason} (after ${attempt} attempts)`, true);
    await sleep(backoffMs(attempt, retryAfter, baseMs), o.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** The URL without credentials or query (query strings may carry tokens). */
function safeUrl(url: string): string {
  try {
    return shown(new URL(url));
  } catch {
    return 'the URL';
  }
}

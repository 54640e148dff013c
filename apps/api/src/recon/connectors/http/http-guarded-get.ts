import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { type HttpAddressPolicy } from '../../../config/http-allow-list';
import { isIpLiteral, refusal } from './http-address-policy';

/** The request was refused by Closewatch itself (address policy, size cap, redirects): retrying will not help. */
export class HttpGuardError extends Error {
  constructor(
    readonly code: 'http_refused' | 'http_too_large',
    message: string,
  ) {
    super(message);
    this.name = 'HttpGuardError';
  }
}

export interface GuardedGetOptions {
  policy: HttpAddressPolicy;
  /** Configured headers (e.g. Authorization); sent only to `headersOrigin`. */
  headers: Readonly<Record<string, string>>;
  headersOrigin: string;
  /** Most bytes of one response body; more fails with http_too_large. */
  maxBytes: number;
  maxRedirects: number;
  signal: AbortSignal;
  /** Per-run keep-alive agents: their sockets were all opened through the checked lookup. */
  agents: HttpAgents;
}

export interface HttpAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export interface GuardedResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** The URL that responded (after redirects). */
  url: string;
  /** The body, for 2xx responses only. */
  body?: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function httpAgents(): HttpAgents {
  const a = { http: new http.Agent({ keepAlive: true, maxSockets: 4 }), https: new https.Agent({ keepAlive: true, maxSockets: 4 }) };
  return { ...a, destroy: () => (a.http.destroy(), a.https.destroy()) };
}

/**
 * GET with Closewatch's guards: each hop (the URL and every redirect) is checked against the
 * address policy after DNS resolution, inside the socket's own lookup, so the connection goes to
 * the address that was checked (no window for DNS rebinding); an IP literal never reaches the
 * lookup and is checked before connecting. Configured headers go only to their own origin (a
 * redirect elsewhere is followed without them). The body (decompressed) is counted while it
 * streams and the read stops at `maxBytes`.
 */
export async function guardedGet(url: string, o: GuardedGetOptions): Promise<GuardedResponse> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new HttpGuardError('http_refused', `${shown(current)} is not an http(s) URL`);
    const via = hop > 0 ? `redirected to ${shown(current)}: ` : '';
    if (isIpLiteral(current.hostname)) {
      const why = refusal(o.policy, current.hostname, current.hostname);
      if (why) throw new HttpGuardError('http_refused', `${via}${why}`);
    }
    const headers = withDefaults(current.origin === o.headersOrigin ? o.headers : {});
    const res = await request(current, headers, o).catch((err: unknown) => {
      throw err instanceof HttpGuardError ? new HttpGuardError(err.code, `${via}${err.message}`) : err;
    });
    const location = res.headers.location;
    // Bodies of redirects and failures are not read (nor drained: they could be endless).
    if (REDIRECTS.has(res.statusCode ?? 0) && location) {
      res.destroy();
      if (hop >= o.maxRedirects) throw new HttpGuardError('http_refused', `more than ${o.maxRedirects} redirects from ${shown(new URL(url))}`);
      current = new URL(location, current);
      continue;
    }
    const answer = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, url: current.toString() };
    if (answer.status < 200 || answer.status >= 300) {
      res.destroy();
      return answer;
    }
    return { ...answer, body: await readCapped(res, o.maxBytes, current) };
  }
}

/** Configured headers over the defaults, names compared without case (a configured `Accept` replaces ours). */
function withDefaults(configured: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };
  for (const [name, value] of Object.entries(configured)) {
    delete out[name.toLowerCase()];
    out[name] = value;
  }
  return out;
}

function request(url: URL, headers: Record<string, string>, o: GuardedGetOptions): Promise<IncomingMessage> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      { method: 'GET', headers, agent: secure ? o.agents.https : o.agents.http, lookup: checkedLookup(o.policy), signal: o.signal },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** dns.lookup that fails when any address of the host is refused by the policy. */
function checkedLookup(policy: HttpAddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const why = refusal(policy, hostname, a.address);
        if (why) return callback(new HttpGuardError('http_refused', why), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

/** The decoder of a Content-Encoding (gzip, deflate, br), or undefined for identity. */
function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase() ?? '') {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** The body, decoded; the decoded bytes are counted, so a compressed response cannot expand past the cap either. */
async function readCapped(res: IncomingMessage, maxBytes: number, url: URL): Promise<Buffer> {
  const tooLarge = () =>
    new HttpGuardError('http_too_large', `the answer of ${shown(url)} is larger than ${maxBytes} bytes (CLOSEWATCH_HTTP_DATASET_MAX_BYTES)`);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const decode = decoder(res.headers['content-encoding']);
  const body: Readable = decode ? res.pipe(decode) : res;
  if (decode) res.on('error', (err) => decode.destroy(err));
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    res.destroy();
    decode?.destroy();
    throw err;
  }
  return Buffer.concat(chunks, bytes);
}

/** The URL without credentials or query (query strings may carry tokens). */
export function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

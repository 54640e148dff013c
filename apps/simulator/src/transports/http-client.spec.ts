import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Logger } from '../log';
import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, postJson } from './http-client';

describe(parseRetryAfter.name, () => {
  it('reads delta seconds and HTTP dates, and ignores garbage', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe(backoffDelay.name, () => {
  it('doubles per attempt within jitter and stops at the cap', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, 1)).toBe(500);
    expect(backoffDelay(1, DEFAULT_RETRY, 0)).toBe(250);
    expect(backoffDelay(3, DEFAULT_RETRY, 1)).toBe(2000);
    expect(backoffDelay(20, DEFAULT_RETRY, 1)).toBe(DEFAULT_RETRY.maxDelayMs);
  });

  it('retries overload and gateway statuses only', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 500].some(isRetryableStatus)).toBe(false);
  });
});

describe(postJson.name, () => {
  // A loopback HTTP server that answers a scripted sequence, as a server under overload does.
  let server: Server;
  let url: string;
  let script: { status: number; headers?: Record<string, string>; body: string }[];
  let seen: { auth: string | undefined; body: string }[];
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = { log: (level, msg, fields) => lines.push({ level, msg, fields }) };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        const next = script.shift() ?? { status: 500, body: '{}' };
        res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
        res.end(next.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen = [];
    lines.length = 0;
  });

  it('waits out 503 and 429 with Retry-After, then answers the success', async () => {
    script = [
      { status: 503, headers: { 'retry-after': '0' }, body: '{"error":{"code":"overloaded","message":"busy"}}' },
      { status: 429, headers: { 'retry-after': '0' }, body: '{}' },
      { status: 200, body: '{"accepted":1,"duplicates":0,"rejected":[]}' },
    ];
    const res = await postJson<{ accepted: number }>(url, 'cwk_test', { events: [{ id: 'e1' }] }, log, { what: 'events' });
    expect(res).toMatchObject({ ok: true, status: 200, attempts: 3, body: { accepted: 1 } });
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.auth === 'Bearer cwk_test' && s.body === '{"events":[{"id":"e1"}]}')).toBe(true);
    expect(lines.filter((l) => l.msg === 'http request will be retried').map((l) => l.fields?.status)).toEqual([503, 429]);
  });

  it('does not retry a refusal, and logs it with the status', async () => {
    script = [{ status: 400, body: '{"error":{"code":"validation_failed","message":"bad events"}}' }];
    const res = await postJson(url, 'k', {}, log, { what: 'events' });
    expect(res).toMatchObject({ ok: false, status: 400, attempts: 1 });
    expect(seen).toHaveLength(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'http request refused',
        fields: expect.objectContaining({ status: 400, error: 'validation_failed: bad events' }),
      }),
    ]);
  });

  it('retries network errors with backoff and gives up after the last attempt', async () => {
    const res = await postJson('http://127.0.0.1:1/api/v1/runs', 'k', {}, log, { what: 'runs', policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    expect(res).toMatchObject({ ok: false, status: 0, attempts: 3 });
    expect(lines.filter((l) => l.msg === 'http request failed, will be retried')).toHaveLength(3);
    expect(lines[lines.length - 1]).toMatchObject({ level: 'error', msg: 'http request given up' });
  });

  it('stops waiting once the deadline has passed', async () => {
    script = [{ status: 503, headers: { 'retry-after': '60' }, body: '{}' }];
    const res = await postJson(url, 'k', {}, log, { what: 'events', deadline: () => Date.now() + 1000 });
    expect(res).toMatchObject({ ok: false, status: 503, attempts: 1 });
  });
});

import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../../test/test-app';
import { newSpanId, newTraceId, otlpJson, otlpProtobuf } from '../../test/otlp-requests';
import { otlpTypes } from '../ingest/otlp-proto';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * Sends the headers and `sent` of a body that declares `declaredLength` bytes, and never the rest:
 * the answer (or 'no answer' within `waitMs`) shows whether the server waited for the body.
 */
function partialRequest(
  url: string,
  path: string,
  headers: Record<string, string>,
  sent: Buffer,
  declaredLength: number,
  waitMs = 4000,
): Promise<Answer | 'no answer'> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'content-length': String(declaredLength) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, waitMs);
    req.on('error', (err) => (timer.hasRef() ? reject(err) : undefined));
    req.write(sent);
  });
}

const decodeStatus = (body: Buffer) => otlpTypes.RpcStatus.toObject(otlpTypes.RpcStatus.decode(body)) as { code?: number; message?: string };

// 8 MiB of JSON whitespace inside a valid document: about 8 KB once gzipped.
const jsonBomb = () => gzipSync(Buffer.concat([Buffer.from('{"events": ['), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from(']}')]), { level: 9 });
const protobufBomb = () => gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });

describe('request pipeline: authentication, then admission, then the body', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp({
      CLOSEWATCH_INGEST_MAX_BODY_BYTES: String(4 * 1024 * 1024),
      CLOSEWATCH_INGEST_MAX_CONCURRENT: '1',
      CLOSEWATCH_BODY_READ_TIMEOUT_SECONDS: '1',
      // Its own data directory: the CSV upload spec looks at what is left in recon-files.
      CLOSEWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'closewatch-request-pipeline-')),
    });
    key = await t.ingestKey();
  });
  afterAll(() => t.close());

  describe('anonymous bodies are never read', () => {
    it('answers an anonymous gzip bomb to /api/v1/events 401 without inflating it', async () => {
      const bomb = jsonBomb();
      expect(bomb.length).toBeLessThan(10_000);
      // Inflated, this body is over the 4 MiB limit (413); unread, it is only unauthenticated.
      const res = await fetch(`${t.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    });

    it('answers an anonymous gzip bomb to /v1/traces 401 with a Status, without inflating it', async () => {
      const res = await fetch(`${t.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
        body: protobufBomb(),
      });
      expect(res.status).toBe(401);
      expect(decodeStatus(Buffer.from(await res.arrayBuffer()))).toEqual({ code: 16, message: expect.stringContaining('Authorization') });
    });

    it('answers a huge anonymous upload before it is sent, and closes the connection', async () => {
      const head = jsonBomb().subarray(0, 4096);
      const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
      const events = await partialRequest(t.url, '/api/v1/events', headers, head, 512 * 1024 * 1024);
      expect(events).toMatchObject({ status: 401, headers: { connection: 'close' } });
      const traces = await partialRequest(t.url, '/v1/traces', { ...headers, 'content-type': 'application/x-protobuf' }, head, 512 * 1024 * 1024);
      expect(traces).toMatchObject({ status: 401 });
      const wrongKey = await partialRequest(t.url, '/api/v1/runs', { ...headers, authorization: 'Bearer not-a-key-at-all' }, head, 512 * 1024 * 1024);
      expect(wrongKey).toMatchObject({ status: 401 });
    });

    it('asks a client that sends Expect: 100-continue for its body only once it is authenticated', async () => {
      const { port } = new URL(t.url);
      const body = Buffer.from(otlpJson({}, []));
      const exchange = (auth: Record<string, string>) =>
        new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
          let continued = false;
          const req = httpRequest({
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/traces',
            headers: { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue', ...auth },
          });
          req.on('continue', () => {
            continued = true;
            req.end(body);
          });
          req.on('response', (res) => {
            res.resume();
            res.on('end', () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, continued });
            });
          });
          req.on('error', reject);
          req.flushHeaders();
        });
      expect(await exchange({})).toEqual({ status: 401, continued: false });
      expect(await exchange({ authorization: `Bearer ${key}` })).toEqual({ status: 200, continued: true });
    });

    it('lets no anonymous or wrongly keyed request take the only ingest slot', async () => {
      const slow = { 'content-type': 'application/x-protobuf' };
      const held = [
        partialRequest(t.url, '/v1/traces', slow, Buffer.from('abc'), 1000),
        partialRequest(
          t.url,
          '/api/v1/events',
          { 'content-type': 'application/json', authorization: 'Bearer wrong-key-0123456789' },
          Buffer.from('{"ev'),
          1000,
        ),
      ];
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${t.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf' },
        body: otlpProtobuf({}, [{ traceId: newTraceId(), spanId: newSpanId() }]),
      });
      expect(res.status).toBe(200);
      expect(await Promise.all(held)).toEqual([expect.objectContaining({ status: 401 }), expect.objectContaining({ status: 401 })]);
    });
  });

  describe('authenticated bodies', () => {
    it('cuts a body that arrives too slowly with 408, in each route format', async () => {
      const events = await partialRequest(
        t.url,
        '/api/v1/events',
        { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        Buffer.from('{"events": ['),
        1000,
      );
      expect(events).toMatchObject({ status: 408, headers: { connection: 'close' } });
      expect(JSON.parse((events as Answer).body.toString())).toEqual({
        error: { code: 'request_timeout', message: expect.stringContaining('1s'), details: [{ field: 'body', message: 'arrived too slowly' }] },
      });
      const traces = await partialRequest(
        t.url,
        '/v1/traces',
        { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` },
        Buffer.from([0x0a]),
        1000,
      );
      expect(traces).toMatchObject({ status: 408 });
      expect(decodeStatus((traces as Answer).body)).toEqual({ code: 4, message: expect.stringContaining('did not arrive') });
      // The slot of the cut request is free again.
      const after = await fetch(`${t.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: otlpJson({}, []),
      });
      expect(after.status).toBe(200);
    });

    it('cuts a CSV upload that stops arriving with 408, and keeps no part of it', async () => {
      const admin = await t.tokenFor('admin');
      const upload = await partialRequest(
        t.url,
        '/api/v1/recon-files',
        { 'content-type': 'text/csv', authorization: `Bearer ${admin}` },
        Buffer.from('key,amount\nINV-1,10.00\n'),
        1000,
      );
      expect(upload).toMatchObject({ status: 408 });
      expect(JSON.parse((upload as Answer).body.toString())).toMatchObject({
        error: { code: 'request_timeout', details: [{ field: 'body', message: 'arrived too slowly' }] },
      });
      const dir = t.config.recon.uploadDir;
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    });

    it('refuses a body whose declared length is over the limit at once, without reading it', async () => {
      const res = await partialRequest(
        t.url,
        '/api/v1/events',
        { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        Buffer.from('{'),
        5 * 1024 * 1024,
      );
      expect(res).toMatchObject({ status: 413, headers: { connection: 'close' } });
    });

    it('limits ordinary API routes to CLOSEWATCH_API_MAX_BODY_BYTES (1 MiB by default)', async () => {
      const admin = await t.tokenFor('admin');
      const res = await fetch(`${t.url}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'big@test.local', name: 'x'.repeat(1024 * 1024), role: 'viewer', password: 'correct horse battery' }),
      });
      expect(res.status).toBe(413);
    });
  });

  describe('login, the public route with a body', () => {
    it('answers a login body over 16 KiB with 413', async () => {
      const res = await fetch(`${t.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@test.local', password: 'p'.repeat(17 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    });

    it('answers a gzip bomb to login 413 once 16 KiB are inflated', async () => {
      const res = await fetch(`${t.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: jsonBomb(),
      });
      expect(res.status).toBe(413);
    });
  });
});

import { request } from 'node:http';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { createTestDatabase, freePort } from '../../test/support/test-database';
import { startTestApp, type TestApp } from '../../test/test-app';
import { newSpanId, newTraceId, otlpJson, otlpProtobuf } from '../../test/otlp-requests';
import { createApp } from '../app.factory';
import { IngestKeysService } from '../auth/ingest-keys.service';
import { loadConfig } from '../config/config';
import { otlpTypes } from './otlp-proto';

const decodeStatus = async (res: Response) =>
  otlpTypes.RpcStatus.toObject(otlpTypes.RpcStatus.decode(Buffer.from(await res.arrayBuffer()))) as { code?: number; message?: string };

describe('ingest limits', () => {
  describe('body size', () => {
    let t: TestApp;
    let key: string;
    beforeAll(async () => {
      t = await startTestApp({ CLOSEWATCH_INGEST_MAX_BODY_BYTES: '4096' });
      key = await t.ingestKey();
    });
    afterAll(() => t.close());
    const send = (body: Buffer | string, headers: Record<string, string>) =>
      fetch(`${t.url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${key}`, ...headers }, body });
    const bigRequest = () => otlpProtobuf({ 'service.name': 'x', padding: 'p'.repeat(8000) }, [{ traceId: newTraceId(), spanId: newSpanId() }]);

    it('answers 413 with a Status for a body over CLOSEWATCH_INGEST_MAX_BODY_BYTES, and for a gzip body that inflates past it', async () => {
      const plain = await send(bigRequest(), { 'content-type': 'application/x-protobuf' });
      expect(plain.status).toBe(413);
      expect(await decodeStatus(plain)).toEqual({ code: 3, message: expect.stringContaining('larger than') });
      const zipped = gzipSync(bigRequest());
      expect(zipped.length).toBeLessThan(4096);
      const inflated = await send(zipped, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
      expect(inflated.status).toBe(413);
      const json = await send(otlpJson({ padding: 'p'.repeat(8000) }, []), { 'content-type': 'application/json' });
      expect(json.status).toBe(413);
      expect(await json.json()).toEqual({ code: 3, message: expect.any(String) });
    });

    it('answers 413 on the events endpoint too, and keeps serving', async () => {
      const res = await fetch(`${t.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id: 'x'.repeat(8000) }] }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
      const ok = await send(otlpProtobuf({}, [{ traceId: newTraceId(), spanId: newSpanId() }]), { 'content-type': 'application/x-protobuf' });
      expect(ok.status).toBe(200);
    });
  });

  describe('concurrency', () => {
    let t: TestApp;
    let key: string;
    beforeAll(async () => {
      t = await startTestApp({ CLOSEWATCH_INGEST_MAX_CONCURRENT: '1', CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS: '7' });
      key = await t.ingestKey();
    });
    afterAll(() => t.close());

    it('answers 429 with Retry-After while the limit of in-flight ingest requests is reached, and accepts again after', async () => {
      const body = otlpProtobuf({}, [{ traceId: newTraceId(), spanId: newSpanId() }]);
      // A request whose body is still arriving holds its slot.
      const { port } = new URL(t.url);
      let finish!: () => void;
      const held = new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/traces',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf', 'content-length': body.length },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, 3));
        finish = () => req.end(body.subarray(3));
      });
      await new Promise((r) => setTimeout(r, 100)); // let the first request be admitted
      const refused = await fetch(`${t.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf' },
        body,
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(await decodeStatus(refused)).toEqual({ code: 8, message: expect.stringContaining('in flight') });
      const events = await fetch(`${t.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{"events": []}',
      });
      expect(events.status).toBe(429);
      finish();
      expect(await held).toBe(200);
      const after = await fetch(`${t.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf' },
        body,
      });
      expect(after.status).toBe(200);
    });
  });

  describe('database outage', () => {
    // The app reaches the real PostgreSQL through a TCP proxy that the test cuts and restores.
    let app: NestExpressApplication;
    let url: string;
    let key: string;
    let proxy: Server | undefined;
    let proxyPort: number;
    let dropDb: () => Promise<void>;
    let directUrl: string;
    const sockets = new Set<Socket>();
    const startProxy = (upstream: URL) =>
      new Promise<void>((resolve) => {
        proxy = createServer((client) => {
          const server = connect(Number(upstream.port || 5432), upstream.hostname);
          for (const s of [client, server]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => undefined);
          }
          client.pipe(server).pipe(client);
        });
        proxy.listen(proxyPort, '127.0.0.1', resolve);
      });
    const cutProxy = () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy!.close(() => resolve());
      });

    beforeAll(async () => {
      const db = await createTestDatabase();
      dropDb = db.drop;
      directUrl = db.url;
      proxyPort = await freePort();
      const upstream = new URL(db.url);
      await startProxy(upstream);
      const proxied = new URL(db.url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxyPort);
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CLOSEWATCH_DEMO: 'false',
        CLOSEWATCH_SCHEDULERS: 'false',
        LOG_LEVEL: 'silent',
        CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS: '3',
      });
      app = await createApp(config, proxied.toString());
      await app.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      key = (await app.get(IngestKeysService).create('outage test')).secret;
    });
    afterAll(async () => {
      if (!proxy?.listening) await startProxy(new URL(directUrl));
      await app.close();
      await cutProxy();
      await dropDb();
    });

    const sendSpan = (traceId: string) =>
      fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: otlpJson({}, [{ traceId, spanId: newSpanId() }]),
      });

    it('answers 503 with Retry-After while the database is unreachable, writes nothing, and recovers', async () => {
      expect((await sendSpan(newTraceId())).status).toBe(200); // the key is now verified and cached
      await cutProxy();
      const lost = newTraceId();
      const res = await sendSpan(lost);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(await res.json()).toEqual({ code: 14, message: expect.stringContaining('database is unavailable') });
      // Readiness says what is wrong, not the driver's message (hosts, users, databases).
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable' } });

      await startProxy(new URL(directUrl));
      const back = newTraceId();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await sendSpan(back)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      const check = new Client({ connectionString: directUrl });
      await check.connect();
      try {
        const rows = (await check.query('select trace_id from trace_spans where trace_id = any($1)', [[lost, back]])).rows;
        expect(rows).toEqual([{ trace_id: back }]);
      } finally {
        await check.end();
      }
    });
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, freePort } from '../apps/api/test/support/test-database';
import { type LoopbackReceiver, startReceiver } from '../apps/api/test/support/loopback-receiver';
import { postRefusedInvoice } from './support/refused-invoice';
import { startServer, waitReady, type ServerProcess } from '../apps/api/test/support/server-process';

/**
 * The alerts outbox survives `kill -9`: the built server, killed after the notification is
 * committed and before it is delivered (or while it is being delivered), delivers it after a
 * restart on the same database — once (the same delivery id if the receiver saw it already).
 */
describe('alerts outbox across a SIGKILL', () => {
  const ROOT = join(__dirname, '..');
  const FLOW = 'coupa-to-oracle-invoices';
  const ADMIN = { email: 'crash-admin@test.local', password: 'crash admin password' };
  const dataDir = mkdtempSync(join(tmpdir(), 'closewatch-alerts-crash-'));
  let db: { url: string; drop(): Promise<void> };
  let server: ServerProcess | undefined;
  let receiver: LoopbackReceiver;

  const env = () => ({
    DATABASE_URL: db.url,
    CLOSEWATCH_DEMO: 'false',
    CLOSEWATCH_SCHEDULERS: 'true',
    CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1',
    CLOSEWATCH_ALERT_POLL_MS: '200',
    CLOSEWATCH_ALERT_LEASE_SECONDS: '5',
    CLOSEWATCH_ALERT_TIMEOUT_MS: '30000',
    CLOSEWATCH_SECRET_KEY: secretKey,
    CLOSEWATCH_DATA_DIR: dataDir,
    CLOSEWATCH_ADMIN_EMAIL: ADMIN.email,
    CLOSEWATCH_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'error',
  });
  const secretKey = randomBytes(32).toString('base64');

  async function start(): Promise<ServerProcess> {
    server = startServer(env(), await freePort());
    await waitReady(server);
    return server;
  }

  async function kill9(): Promise<void> {
    server!.child.kill('SIGKILL');
    await server!.exited;
    server = undefined;
  }

  async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as T[];
    } finally {
      await c.end();
    }
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function call(s: ServerProcess, method: string, path: string, token: string, body: unknown, contentType = 'application/json'): Promise<Response> {
    return fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  let token: string;
  let ingestKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startReceiver();
    const s = await start();
    const login = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const catalog = readFileSync(join(ROOT, 'apps', 'simulator', 'demo-catalog.yaml'), 'utf8');
    expect((await call(s, 'PUT', '/api/v1/catalog', token, catalog, 'application/yaml')).status).toBe(200);
    ingestKey = ((await (await call(s, 'POST', '/api/v1/ingest-keys', token, { name: 'crash', scopes: ['events'] })).json()) as { secret: string }).secret;
    expect(
      (await call(s, 'POST', '/api/v1/alert-receivers', token, { name: 'relay', kind: 'webhook', url: receiver.url, secret: 'relay-secret' })).status,
    ).toBe(201);
    const route = { name: 'all', order: 1, match: { flow: FLOW }, receivers: ['relay'], groupWaitSeconds: 3 };
    expect((await call(s, 'POST', '/api/v1/alert-routes', token, route)).status).toBe(201);
  });

  afterAll(async () => {
    if (server) await kill9();
    await receiver?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a notification committed before the kill, once, after the restart', async () => {
    await postRefusedInvoice(server!.url, ingestKey, 'INV-CRASH-1', 'target_rejected');
    const [pending] = await until('the committed notification', async () => {
      const rows = await sql<{ id: string; status: string }>(
        `select id, status from alert_notifications where payload->'exceptions'->0->>'recordKey' = 'INV-CRASH-1'`,
      );
      return rows.length ? rows : undefined;
    });
    expect(pending!.status).toBe('pending');
    await kill9(); // within the 3 s group wait: committed, not delivered
    expect(receiver.received).toHaveLength(0);

    await start();
    await until('the delivery after restart', async () => (receiver.received.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 2000)); // nothing more comes
    expect(receiver.received.map((r) => [r.body.action, r.headers['x-closewatch-delivery']])).toEqual([['trigger', pending!.id]]);
    expect((await sql<{ status: string; attempts: number }>(`select status, attempts from alert_notifications where id = $1`, [pending!.id]))[0]).toEqual({
      status: 'delivered',
      attempts: 1,
    });
  });

  it('delivers again with the same delivery id when killed while the receiver was being called', async () => {
    // A receiver that takes the first request and does not answer it (the killed server never learns the outcome).
    let hold = true;
    const got: IncomingHttpHeaders[] = [];
    const slow = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        got.push(req.headers);
        if (!hold) res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as { port: number }).port}`;
    try {
      const put = await call(server!, 'PUT', '/api/v1/alert-receivers/relay', token, { name: 'relay', kind: 'webhook', url: slowUrl, secret: '********' });
      expect(put.status).toBe(200);
      await postRefusedInvoice(server!.url, ingestKey, 'INV-CRASH-2', 'mapping');
      await until('the held delivery', async () => (got.length ? true : undefined));
      await kill9(); // the request is in flight; no answer was recorded
      hold = false;
      await start();
      await until('the second delivery', async () => (got.length >= 2 ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 2000));
      const ids = got.map((h) => h['x-closewatch-delivery']);
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBe(ids[1]); // the receiver dedupes on it: one page
      expect((await sql<{ status: string; attempts: number }>(`select status, attempts from alert_notifications where id = $1`, [ids[0]]))[0]).toEqual({
        status: 'delivered',
        attempts: 2,
      });
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});

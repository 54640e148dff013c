import { Client } from 'pg';
import { connected, connectLive, crossingHops, type LiveClient } from '../../test/support/live-client';
import { findTestRedis, type TestRedis } from '../../test/support/test-redis';
import { startTestApp, type TestApp } from '../../test/test-app';
import { postedInvoice } from '../../test/support/posted-invoice';

/**
 * Live events committed by one replica reach the dashboards connected to another, through each
 * cross-replica adapter (docs/scaling.md, "Live updates across replicas").
 */
describe.each(['postgres', 'redis'] as const)('live updates across replicas (%s adapter)', (adapter) => {
  let redis: TestRedis | undefined;
  let a: TestApp;
  let b: TestApp;
  let ingestKey: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    if (adapter === 'redis') redis = await findTestRedis();
    const env = { CLOSEWATCH_LIVE_ADAPTER: adapter, ...(redis ? { REDIS_URL: redis.url } : {}) };
    a = await startTestApp(env);
    b = await a.replica(env);
    ingestKey = await a.ingestKey(['events']);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  async function postEvent(id: string): Promise<void> {
    const event = postedInvoice('replica-test-flow', id, `INV-${id}`);
    const res = await fetch(`${a.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({ events: [event] }),
    });
    expect(res.status).toBeLessThan(300);
  }

  /** Posts events on replica A until one reaches the socket on B; returns its hops. */
  const crossing = (c: LiveClient, tag: string) =>
    crossingHops(
      c,
      (i) => `INV-${tag}-${i}`,
      (key) => postEvent(key.slice('INV-'.length)),
    );

  it('delivers hops committed on one replica to a socket on the other', async () => {
    const c = connectLive(b.url, { token: await b.tokenFor('viewer') });
    clients.push(c);
    await connected(c);
    // Replicas find each other through the adapter within seconds (heartbeats, then the
    // gateway's count every 5 s); until then replica A streams to its own sockets only.
    const received = await crossing(c, adapter);
    expect(received).toBeDefined();
    expect(received!.find((h) => h.recordKey.startsWith(`INV-${adapter}-`))).toMatchObject({ flow: 'replica-test-flow', amount: '10.00' });
  });

  if (adapter === 'postgres') {
    // Regression: the adapter's LISTEN client had no 'error' listener, so PostgreSQL ending the
    // session (a restart, a failover, pg_terminate_backend) crashed the process.
    it('survives the database ending its sessions, and delivers again', async () => {
      const c = connectLive(b.url, { token: await b.tokenFor('viewer') });
      clients.push(c);
      await connected(c);
      const db = new Client({ connectionString: a.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ n: number }>(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = 'closewatch-live'`,
        );
        expect(rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await db.end();
      }
      expect(await crossing(c, 'after-terminate')).toBeDefined();
    });
  }
});

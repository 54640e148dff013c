import { type BusinessEvent } from '@closewatch/contracts/events';
import { type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';
import { type ReconProgressEvent, type ReconRunEvent } from '@closewatch/contracts/recon';
import { LIVE_HOPS_PER_MESSAGE } from '@closewatch/contracts/socket';
import { type FlowHealthChangedEvent } from '@closewatch/contracts/sync-health';
import { type HopDto, type IngestStatsResponse } from '@closewatch/contracts/telemetry';
import { connected, connectLive, first, type LiveClient } from '../../test/support/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LiveBus } from './live-bus';

describe('live gateway', () => {
  let t: TestApp;
  let ingestKey: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ingestKey = await t.ingestKey(['events']);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  function connect(auth?: Record<string, unknown>): LiveClient {
    const c = connectLive(t.url, auth);
    clients.push(c);
    return c;
  }

  function refusal(c: LiveClient): Promise<Error & { data?: unknown }> {
    return new Promise((resolve, reject) => {
      c.once('connect', () => reject(new Error('connected without a valid token')));
      c.once('connect_error', (err) => resolve(err));
    });
  }

  /**
   * Resolves with the reason once the server disconnects the socket. Sessions are also rechecked
   * every 30 s, so waiting much less than that tells a pushed disconnect from the recheck.
   */
  function serverDisconnect(c: LiveClient, waitMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still connected ${waitMs} ms after the session was revoked`)), waitMs);
      c.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
  }

  const post = (url: string, path: string, token: string, body?: unknown, method = 'POST') =>
    fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  async function postEvents(events: BusinessEvent[]): Promise<void> {
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBeLessThan(300);
    expect(await res.json()).toMatchObject({ accepted: events.length, rejected: [] });
  }

  const event = (id: string, over: Partial<BusinessEvent> = {}): BusinessEvent => ({
    id,
    flow: 'live-test-flow',
    recordKey: `INV-${id}`,
    recordType: 'invoice',
    stage: 'posted',
    system: 'netsuite',
    occurredAt: new Date().toISOString(),
    amount: '1234.56',
    currency: 'USD',
    entity: 'US01',
    period: '2026-11',
    ...over,
  });

  it('refuses a handshake without a token, saying why', async () => {
    const err = await refusal(connect());
    expect(err.message).toMatch(/Missing session token/);
    expect(err.data).toEqual({ code: 'unauthenticated' });
  });

  it('refuses a handshake with a bad token', async () => {
    const err = await refusal(connect({ token: 'cws_not-a-real-session' }));
    expect(err.message).toMatch(/invalid or expired/);
    expect(err.data).toEqual({ code: 'unauthenticated' });
  });

  it('refuses an ingest key in place of a session token', async () => {
    const err = await refusal(connect({ token: ingestKey }));
    expect(err.message).toMatch(/invalid or expired/);
  });

  it('refuses a token that was logged out', async () => {
    const token = await t.tokenFor('viewer');
    const res = await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    const err = await refusal(connect({ token }));
    expect(err.message).toMatch(/invalid or expired/);
  });

  it('sends ingested hops to every signed-in socket as hops.created', async () => {
    const [viewer, auditor] = [await t.tokenFor('viewer'), await t.tokenFor('auditor')];
    const a = connect({ token: viewer });
    const b = connect({ token: auditor });
    await Promise.all([connected(a), connected(b)]);
    const isMine = (hops: HopDto[]) => hops.some((h) => h.recordKey === 'INV-live-1');
    const received = Promise.all([first(a, 'hops.created', isMine), first(b, 'hops.created', isMine)]);
    await postEvents([event('live-1', { amount: '1234.56' })]);
    const [hopsA, hopsB] = await received;
    expect(hopsA).toEqual(hopsB);
    expect(hopsA).toEqual([
      expect.objectContaining({
        flow: 'live-test-flow',
        recordKey: 'INV-live-1',
        stage: 'posted',
        status: 'ok',
        amount: '1234.56',
        currency: 'USD',
        source: 'event',
        registered: false,
      }),
    ]);
  });

  it('sends a large batch as one bounded message: its newest hops and how many were committed', async () => {
    const c = connect({ token: await t.tokenFor('viewer') });
    await connected(c);
    const isBulk = (hops: HopDto[]) => hops.some((h) => h.recordKey.startsWith('INV-bulk-'));
    const message = new Promise<[HopDto[], number]>((resolve) => c.on('hops.created', (hops, committed) => isBulk(hops) && resolve([hops, committed])));
    const at = Date.now();
    const n = LIVE_HOPS_PER_MESSAGE * 3;
    await postEvents(Array.from({ length: n }, (_, i) => event(`bulk-${i}`, { flow: 'live-bulk-flow', occurredAt: new Date(at + i).toISOString() })));
    const [hops, committed] = await message;
    expect(committed).toBe(n);
    expect(hops.map((h) => h.recordKey)).toEqual(Array.from({ length: LIVE_HOPS_PER_MESSAGE }, (_, i) => `INV-bulk-${n - LIVE_HOPS_PER_MESSAGE + i}`));
  });

  it('answers flows.stats.request with the stats of the last five minutes', async () => {
    const c = connect({ token: await t.tokenFor('finance_ops') });
    await connected(c);
    // A periodic push may come first (on a busy machine, before the last test's hop is counted):
    // take the first stats that count it.
    const answer = first(c, 'flows.stats', (s) => s.flows.some((f) => f.flow === 'live-test-flow'));
    c.emit('flows.stats.request');
    const stats = await answer;
    expect(stats.windowSeconds).toBe(300);
    expect(stats.flows.find((f) => f.flow === 'live-test-flow')).toMatchObject({ registered: false, hops: 1 });
  });

  it('pushes flows.stats to connected sockets when the counters change', async () => {
    const c = connect({ token: await t.tokenFor('it_ops') });
    await connected(c);
    const pushed = first(c, 'flows.stats', (s: IngestStatsResponse) => s.flows.some((f) => f.flow === 'live-counted-flow'));
    await postEvents([
      event('count-1', { flow: 'live-counted-flow' }),
      event('count-2', { flow: 'live-counted-flow', stage: 'failed', error: { class: 'mapping', message: 'unknown cost centre' } }),
      event('count-3', { flow: 'live-counted-flow' }),
    ]);
    const stats = await pushed;
    expect(stats.flows.find((f) => f.flow === 'live-counted-flow')).toMatchObject({ registered: false, hops: 3, errors: 1, health: 'degraded' });
  });

  it('forwards exception and incident changes as exceptions.changed', async () => {
    const c = connect({ token: await t.tokenFor('auditor') });
    await connected(c);
    const change: ExceptionsChangedEvent = {
      cause: 'transition',
      exceptionIds: ['6f1c1f1e-7a43-4a7c-9a55-2b8f7f3f0a01'],
      incidentIds: [],
      at: new Date().toISOString(),
    };
    const received = first(c, 'exceptions.changed');
    t.app.get(LiveBus).publishExceptions(change);
    expect(await received).toEqual(change);
  });

  it('forwards sync-health status changes as flows.health', async () => {
    const c = connect({ token: await t.tokenFor('viewer') });
    await connected(c);
    const change: FlowHealthChangedEvent = {
      at: new Date().toISOString(),
      windowSeconds: 900,
      changes: [{ flow: 'live-test-flow', status: 'failing', previous: 'healthy', reason: 'half of the hops failed' }],
    };
    const received = first(c, 'flows.health');
    t.app.get(LiveBus).publishFlowHealth(change);
    expect(await received).toEqual(change);
  });
  it('forwards reconciliation progress and run changes as recon.progress and recon.run', async () => {
    const c = connect({ token: await t.tokenFor('viewer') });
    await connected(c);
    const at = new Date().toISOString();
    const progress: ReconProgressEvent = { runId: '0b7e3c52-2d7c-4c53-9d0e-5f1f0c8e9a11', reconId: 'live-recon', source: 5000, target: 4000, at };
    const run: ReconRunEvent = {
      runId: progress.runId,
      reconId: 'live-recon',
      flow: 'live-test-flow',
      status: 'succeeded',
      matched: 3,
      breaks: { missing_in_target: 1, unexpected_in_target: 0, amount_mismatch: 2, field_mismatch: 0, duplicate_key: 0 },
      error: null,
      at,
    };
    const received = Promise.all([first(c, 'recon.progress'), first(c, 'recon.run')]);
    t.app.get(LiveBus).publishReconProgress(progress);
    t.app.get(LiveBus).publishReconRun(run);
    expect(await received).toEqual([progress, run]);
  });

  it('disconnects the sockets of a session at once when it logs out, and only those', async () => {
    const [token, otherToken] = [await t.tokenFor('viewer'), await t.tokenFor('viewer')];
    const [mine, other] = [connect({ token }), connect({ token: otherToken })];
    await Promise.all([connected(mine), connected(other)]);
    const gone = serverDisconnect(mine);
    expect((await post(t.url, '/api/v1/auth/logout', token)).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(other.connected).toBe(true);
  });

  it('disconnects every socket of a user at once when an admin disables them', async () => {
    const token = await t.tokenFor('finance_ops');
    const me = (await (await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string };
    const sockets = [connect({ token }), connect({ token })];
    await Promise.all(sockets.map(connected));
    const gone = Promise.all(sockets.map((c) => serverDisconnect(c)));
    const admin = await t.tokenFor('admin');
    expect((await post(t.url, `/api/v1/users/${me.id}`, admin, { disabled: true }, 'PATCH')).status).toBe(200);
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('disconnects a socket on one replica when its session is revoked through another', async () => {
    // The socket is on a replica started now, so its 30 s recheck cannot be what disconnects it.
    const other = await t.replica();
    try {
      const token = await t.tokenFor('auditor');
      const c = connectLive(other.url, { token });
      clients.push(c);
      await connected(c);
      const gone = serverDisconnect(c);
      expect((await post(t.url, '/api/v1/auth/logout', token)).status).toBe(204);
      expect(await gone).toBe('io server disconnect');
    } finally {
      await other.close();
    }
  });
});

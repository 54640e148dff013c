import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@closewatch/contracts/socket';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LiveBus } from './live-bus';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('live gateway', () => {
  let t: TestApp;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  function connect(auth?: Record<string, unknown>): LiveClient {
    const c: LiveClient = io(t.url, { path: SOCKET_PATH, transports: ['websocket'], reconnection: false, auth, forceNew: true });
    clients.push(c);
    return c;
  }

  function connected(c: LiveClient): Promise<void> {
    return new Promise((resolve, reject) => {
      c.once('connect', () => resolve());
      c.once('connect_error', (err) => reject(err));
    });
  }

  function refusal(c: LiveClient): Promise<Error & { data?: unknown }> {
    return new Promise((resolve, reject) => {
      c.once('connect', () => reject(new Error('connected without a valid token')));
      c.once('connect_error', (err) => resolve(err));
    });
  }

  function next<E extends keyof ServerToClientEvents>(c: LiveClient, event: E): Promise<Parameters<ServerToClientEvents[E]>[0]> {
    return new Promise((resolve) => {
      c.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => resolve(payload)) as never);
    });
  }

  it('refuses a handshake without a token, saying why', async () => {
    const err = await refusal(connect());
    expect(err.message).toMatch(/Missing session token/);
    expect(err.data).toEqual({ code: 'unauthenticated' });
  });

  it('refuses a handshake with a bad token', async () => {
    const err = await refusal(connect({ token: 'cws_not-a-real-session' }));
    expect(err.message).toMatch(/invalid or expired/);
  });

  it('refuses a token that was logged out', async () => {
    const token = await t.tokenFor('viewer');
    const res = await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    const err = await refusal(connect({ token }));
    expect(err.message).toMatch(/invalid or expired/);
  });

  it('forwards committed hops to every signed-in socket as hops.created', async () => {
    const [viewer, auditor] = [await t.tokenFor('viewer'), await t.tokenFor('auditor')];
    const a = connect({ token: viewer });
    const b = connect({ token: auditor });
    await Promise.all([connected(a), connected(b)]);
    const hop: HopDto = {
      flow: 'live-test-flow',
      recordKey: 'INV-LIVE-1',
      recordType: 'invoice',
      stage: 'posted',
      system: 'netsuite',
      status: 'ok',
      occurredAt: '2026-11-20T10:00:00.000Z',
      amount: '1234.56',
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
      dataStatus: 'posted',
      mappingVersion: 'v3',
      batchId: null,
      traceId: null,
      spanId: null,
      error: null,
      source: 'event',
      registered: false,
    };
    const received = Promise.all([next(a, 'hops.created'), next(b, 'hops.created')]);
    t.app.get(LiveBus).publishHops([hop]);
    expect(await received).toEqual([[hop], [hop]]);
  });
});

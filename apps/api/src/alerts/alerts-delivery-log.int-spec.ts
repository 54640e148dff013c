import { io, type Socket } from 'socket.io-client';
import { type AlertNotificationDetailDto, type AlertNotificationDto, type AlertNotificationsChangedEvent } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@closewatch/contracts/socket';
import { client, seedFlows, signedIn } from '../../test/exception-fixtures';
import { type Answer, type LoopbackReceiver, type Received, startReceiver } from '../../test/support/loopback-receiver';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { DeliveryService } from './delivery/delivery.service';

const at = (base: number, seconds: number) => new Date(base + seconds * 1000);

/**
 * The delivery log per notification: every attempt (number, time, status code, latency, the
 * receiver's message, next try) through `GET /api/v1/alert-notifications/:id`, against real
 * receivers on loopback; and the live `alerts.notifications` event on a real socket.io client.
 */
describe('alerts: delivery log and live notification events', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let token: string;
  let delivery: DeliveryService;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const events: AlertNotificationsChangedEvent[] = [];
  const receivers: LoopbackReceiver[] = [];
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_ALERT_RETRY_BASE_MS: '2000' });
    delivery = t.app.get(DeliveryService);
    token = (await signedIn(t, 'admin')).token;
    admin = client(t, token);
    socket = io(t.url, { path: SOCKET_PATH, transports: ['websocket'], reconnection: false, auth: { token }, forceNew: true });
    socket.on('alerts.notifications', (e) => events.push(e));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket.close();
    for (const r of receivers) await r.close();
    await t.close();
  });

  async function setup(name: string, respond: (r: Received, n: number) => Answer) {
    const r = await startReceiver(respond);
    receivers.push(r);
    await seedFlows(t, [{ id: `flow-${name}` }]);
    expect((await admin.post('/api/v1/alert-receivers', { name, kind: 'webhook', url: `${r.url}/in`, secret: 's' })).status).toBe(201);
    const route = { name: `to-${name}`, order: 1, match: { flow: `flow-${name}` }, receivers: [name], groupWaitSeconds: 0 };
    expect((await admin.post('/api/v1/alert-routes', route)).status).toBe(201);
  }

  async function trigger(flow: string) {
    const { id } = await t.app.get(ExceptionsService).recordFinding({ type: 'delivery_failure', flow, recordKey: `INV-${++n}`, cause: `cause_${n}` });
    const { incidentId } = (await admin.get<{ incidentId: string }>(`/api/v1/exceptions/${id}`)).body;
    const items = (await admin.get<Page<AlertNotificationDto>>(`/api/v1/alert-notifications?incidentId=${incidentId}`)).body.items;
    expect(items).toHaveLength(1);
    return { incidentId, notificationId: items[0]!.id };
  }

  const detail = async (id: string) => (await admin.get<AlertNotificationDetailDto>(`/api/v1/alert-notifications/${id}`)).body;

  /** Waits for a live event naming the notification with that status. */
  async function announced(id: string, status: string) {
    const deadline = Date.now() + 5000;
    while (!events.some((e) => e.notifications.some((x) => x.id === id && x.status === status))) {
      if (Date.now() > deadline) throw new Error(`no live event for ${id} ${status}: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('logs a 503 then a 200: both attempts with time, code, latency, message and next try, each announced live', async () => {
    await setup('flaky', (_x, i) => (i === 1 ? { status: 503, body: 'maintenance' } : { status: 200 }));
    const { incidentId, notificationId } = await trigger('flow-flaky');
    await announced(notificationId, 'pending');
    expect(events.flatMap((e) => e.notifications).find((x) => x.id === notificationId)).toEqual({
      id: notificationId,
      incidentIds: [incidentId],
      receiver: 'flaky',
      action: 'trigger',
      status: 'pending',
    });
    expect((await detail(notificationId)).attemptLog).toEqual([]);

    const t0 = Date.now();
    await delivery.drain(at(t0, 1));
    await announced(notificationId, 'pending');
    let d = await detail(notificationId);
    expect(d).toMatchObject({ id: notificationId, status: 'pending', attempts: 1, lastStatusCode: 503, incidentIds: [incidentId], groupKey: null });
    expect(d.attemptLog).toHaveLength(1);
    const first = d.attemptLog[0]!;
    expect(first).toMatchObject({ attempt: 1, statusCode: 503, outcome: 'retry', error: '503 Service Unavailable: maintenance' });
    expect(Date.parse(first.attemptedAt)).toBe(at(t0, 1).getTime());
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);
    // The next try: the 2 s backoff after the answer came.
    expect(Date.parse(first.nextAttemptAt!)).toBe(at(t0, 1).getTime() + first.latencyMs + 2000);
    expect(first.nextAttemptAt).toBe(d.dueAt);

    await delivery.drain(at(t0, 10));
    await announced(notificationId, 'delivered');
    d = await detail(notificationId);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(d.attemptLog.map((a) => [a.attempt, a.statusCode, a.outcome, a.error, a.nextAttemptAt])).toEqual([
      [1, 503, 'retry', '503 Service Unavailable: maintenance', first.nextAttemptAt],
      [2, 200, 'delivered', null, null],
    ]);
    expect(Date.parse(d.attemptLog[1]!.attemptedAt)).toBe(at(t0, 10).getTime());
  });

  it('logs a 400 once, failed with the receiver message and no next try, and never tries it again', async () => {
    await setup('strict', () => ({ status: 400, body: '{"message":"Invalid routing key"}' }));
    const { notificationId } = await trigger('flow-strict');
    const t0 = Date.now();
    await delivery.drain(at(t0, 1));
    await delivery.drain(at(t0, 3600));
    await announced(notificationId, 'failed');
    const d = await detail(notificationId);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 400, lastError: '400 Bad Request: {"message":"Invalid routing key"}' });
    expect(d.attemptLog).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: 400,
        outcome: 'failed',
        error: '400 Bad Request: {"message":"Invalid routing key"}',
        nextAttemptAt: null,
      }),
    ]);
    const failed = (await admin.get<Page<AlertNotificationDto>>('/api/v1/alert-notifications?status=pending,failed&receiver=strict')).body.items;
    expect(failed.map((x) => x.id)).toEqual([notificationId]);
  });

  it('answers 404 for an unknown notification and 400 naming the id for a malformed one', async () => {
    expect((await admin.get('/api/v1/alert-notifications/5f0c6d1e-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await admin.get<{ error: { details: { field: string }[] } }>('/api/v1/alert-notifications/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((x) => x.field)).toEqual(['id']);
  });
});

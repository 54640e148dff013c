import { type AlertNotificationDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { DataSource } from 'typeorm';
import { client, seedFlows, signedIn } from '../../test/exception-fixtures';
import { type Answer, type LoopbackReceiver, type Received, startReceiver } from '../../test/support/loopback-receiver';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { LiveBus } from '../live/live-bus';
import { DeliveryService } from './delivery/delivery.service';
import { claimDue } from './delivery/delivery.queries';

const at = (base: number, seconds: number) => new Date(base + seconds * 1000);

/** Each receiver has a flow and a route of its own, so each test pages only its receiver. */
describe('alerts: retries, backoff, Retry-After and exactly-once delivery', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let ops: ReturnType<typeof client>;
  let delivery: DeliveryService;
  const receivers: LoopbackReceiver[] = [];
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_ALERT_RETRY_BASE_MS: '2000', CLOSEWATCH_ALERT_CONCURRENCY: '4' });
    delivery = t.app.get(DeliveryService);
    admin = client(t, (await signedIn(t, 'admin')).token);
    ops = client(t, (await signedIn(t, 'it_ops')).token);
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await t.close();
  });

  /** A webhook receiver answering `respond`, its own flow, and a route sending that flow's incidents to it at once. */
  async function setup(name: string, respond: (r: Received, n: number) => Answer) {
    const r = await startReceiver(respond);
    receivers.push(r);
    await seedFlows(t, [{ id: `flow-${name}`, materiality: { amount: '100.00', currency: 'USD' } }]);
    expect((await admin.post('/api/v1/alert-receivers', { name, kind: 'webhook', url: `${r.url}/in`, secret: `secret-${name}` })).status).toBe(201);
    expect(
      (await admin.post('/api/v1/alert-routes', { name: `to-${name}`, order: 1, match: { flow: `flow-${name}` }, receivers: [name], groupWaitSeconds: 0 }))
        .status,
    ).toBe(201);
    return r;
  }

  async function failure(flow: string) {
    const { id } = await t.app.get(ExceptionsService).recordFinding({
      type: 'delivery_failure',
      flow,
      recordKey: `INV-${++n}`,
      cause: `cause_${n}`,
      amount: '500.00',
      currency: 'USD',
    });
    const ex = (await admin.get<{ incidentId: string }>(`/api/v1/exceptions/${id}`)).body;
    return { exceptionId: id, incidentId: ex.incidentId };
  }

  const log = async (q: string) => (await admin.get<Page<AlertNotificationDto>>(`/api/v1/alert-notifications?${q}`)).body.items;
  /** What the receiver accepted (answered 2xx), as (action, delivery id). */
  const accepted = (r: LoopbackReceiver, ok: (x: Received) => boolean) => r.received.filter(ok).map((x) => [x.body.action, x.headers['x-closewatch-delivery']]);

  it('retries a receiver answering 503 with backoff, then delivers trigger, acknowledge and resolve once each, in order', async () => {
    const okFrom = 4;
    const r = await setup('flaky', (_x, i) => (i < okFrom ? { status: 503, body: 'maintenance' } : { status: 200 }));
    const { exceptionId, incidentId } = await failure('flow-flaky');
    expect((await ops.post(`/api/v1/incidents/${incidentId}/acknowledge`, {})).status).toBe(200);
    expect((await ops.post(`/api/v1/exceptions/${exceptionId}/resolve`, { code: 'fixed' })).status).toBe(200);
    const t0 = Date.now();

    await delivery.drain(at(t0, 1));
    expect(r.received).toHaveLength(1); // the trigger, refused; acknowledge and resolve wait behind it
    let items = await log(`incidentId=${incidentId}&receiver=flaky`);
    const trigger = items.find((x) => x.action === 'trigger')!;
    expect(trigger).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, lastError: '503 Service Unavailable: maintenance' });
    expect(Date.parse(trigger.dueAt) - t0).toBeGreaterThanOrEqual(2000);

    await delivery.drain(at(t0, 2)); // not due yet
    expect(r.received).toHaveLength(1);
    await delivery.drain(at(t0, 4)); // second attempt (503), next in 4 s
    await delivery.drain(at(t0, 9)); // third attempt (503), next in 8 s
    expect(r.received).toHaveLength(3);
    await delivery.drain(at(t0, 30)); // delivered, then the two behind it
    expect(r.received.map((x) => x.body.action)).toEqual(['trigger', 'trigger', 'trigger', 'trigger', 'acknowledge', 'resolve']);
    const ids = r.received.map((x) => x.headers['x-closewatch-delivery']);
    expect(new Set(ids.slice(0, 4)).size).toBe(1); // the same delivery id on every retry
    expect(accepted(r, (x) => r.received.indexOf(x) >= okFrom - 1)).toEqual([
      ['trigger', trigger.id],
      ['acknowledge', expect.any(String)],
      ['resolve', expect.any(String)],
    ]);
    items = await log(`incidentId=${incidentId}&receiver=flaky`);
    expect(items.map((x) => [x.action, x.status, x.attempts])).toEqual([
      ['resolve', 'delivered', 1],
      ['acknowledge', 'delivered', 1],
      ['trigger', 'delivered', 4],
    ]);
    await delivery.drain(at(t0, 3600));
    expect(r.received).toHaveLength(6);
  });

  it('honours Retry-After on 429, then delivers once', async () => {
    const r = await setup('limited', (_x, i) => (i === 1 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 202 }));
    const { incidentId } = await failure('flow-limited');
    const t0 = Date.now();
    await delivery.drain(at(t0, 1));
    expect(r.received).toHaveLength(1);
    const [first] = await log(`incidentId=${incidentId}`);
    expect(first).toMatchObject({ status: 'pending', lastStatusCode: 429, attempts: 1 });
    expect(Date.parse(first!.dueAt) - t0).toBeGreaterThanOrEqual(120_000);
    await delivery.drain(at(t0, 60)); // backoff alone would have retried by now
    expect(r.received).toHaveLength(1);
    await delivery.drain(at(t0, 125));
    expect(r.received).toHaveLength(2);
    expect((await log(`incidentId=${incidentId}`))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 202, lastError: null });
    await delivery.drain(at(t0, 3600));
    expect(r.received).toHaveLength(2);
  });

  it('fails a 400 at once with the receiver message and does not retry it', async () => {
    const r = await setup('strict', () => ({
      status: 400,
      body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}',
    }));
    const { incidentId } = await failure('flow-strict');
    const t0 = Date.now();
    await delivery.drain(at(t0, 1));
    await delivery.drain(at(t0, 3600));
    expect(r.received).toHaveLength(1);
    const [x] = await log(`incidentId=${incidentId}`);
    expect(x).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 400 });
    expect(x!.lastError).toContain('Event object is invalid');
    expect((await log(`status=failed&receiver=strict`)).map((y) => y.id)).toEqual([x!.id]);
    expect((await log(`status=pending,failed&receiver=strict`)).map((y) => y.id)).toEqual([x!.id]);
  });

  it('delivers each notification once when two replicas drain at the same time', async () => {
    const r = await setup('busy', () => ({ status: 200 }));
    const incidents = [];
    for (let i = 0; i < 12; i++) incidents.push((await failure('flow-busy')).incidentId);
    const replica = await t.replica({ CLOSEWATCH_ALERT_CONCURRENCY: '4' });
    try {
      const t0 = Date.now();
      await Promise.all([delivery.drain(at(t0, 1)), replica.app.get(DeliveryService).drain(at(t0, 1))]);
    } finally {
      await replica.close();
    }
    const ids = r.received.map((x) => x.headers['x-closewatch-delivery']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(new Set(r.received.map((x) => (x.body.incident as { id: string }).id))).toEqual(new Set(incidents));
  });

  it('writes no notification, and announces none, when the incident change rolls back', async () => {
    await setup('atomic', () => ({ status: 200 }));
    const announced: string[] = [];
    const watching = t.app.get(LiveBus).alertNotifications$.subscribe((e) => announced.push(...e.notifications.map((x) => x.receiver)));
    const ds = t.app.get(DataSource);
    const exceptions = t.app.get(ExceptionsService);
    let incidentIds: string[] = [];
    await expect(
      ds.transaction(async (m) => {
        const held = await exceptions.recordFindingsIn(m, [{ type: 'delivery_failure', flow: 'flow-atomic', recordKey: 'INV-R', cause: 'rolled_back' }]);
        incidentIds = held.incidentIds;
        await exceptions.refreshIncidentsIn(m, held.incidentIds);
        const [{ count }] = (await m.query(`select count(*)::int as count from alert_notifications where incident_id = any($1::uuid[])`, [
          held.incidentIds,
        ])) as {
          count: number;
        }[];
        expect(count).toBe(1); // written with the change...
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(incidentIds).toHaveLength(1);
    const [{ count }] = (await ds.query(`select count(*)::int as count from alert_notifications where receiver = 'atomic'`)) as { count: number }[];
    expect(count).toBe(0); // ...and gone with it
    await failure('flow-atomic'); // a committed change is announced
    watching.unsubscribe();
    expect(announced).toEqual(['atomic']);
  });

  it('delivers a notification again, with the same delivery id, when its worker died holding the claim', async () => {
    const r = await setup('orphan', () => ({ status: 200 }));
    const { incidentId } = await failure('flow-orphan');
    const t0 = Date.now();
    // A worker claims it and dies before sending (or before recording what it sent).
    const [claimed] = await claimDue(t.app.get(DataSource), at(t0, 1), 'dead-worker', at(t0, 60), 100).then((xs) =>
      xs.filter((x) => x.incident_id === incidentId),
    );
    expect(claimed).toBeDefined();
    await delivery.drain(at(t0, 30)); // still leased to the dead worker
    expect(r.received).toHaveLength(0);
    await delivery.drain(at(t0, 61));
    expect(r.received.map((x) => x.headers['x-closewatch-delivery'])).toEqual([claimed!.id]);
    expect((await log(`incidentId=${incidentId}`))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});

import { type AlertNotificationDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { client, seedFlows, signedIn } from '../../test/exception-fixtures';
import { type LoopbackReceiver, startReceiver } from '../../test/support/loopback-receiver';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { AlertOutboxService } from './alert-outbox.service';
import { DeliveryService } from './delivery/delivery.service';

/**
 * Grouping, repeat, silences and escalation with a controllable clock: only `Date` is faked
 * (timers, microtasks and I/O stay real), so every `new Date()` of the app — the incident
 * change that writes a notification, the tick, the worker — reads the test's clock.
 */
describe('alerts: grouping, repeat, silences and escalation in time', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let ops: ReturnType<typeof client>;
  let outbox: AlertOutboxService;
  let delivery: DeliveryService;
  let main: LoopbackReceiver;
  let lead: LoopbackReceiver;
  let clock = Date.parse('2026-12-07T10:00:00Z');
  let n = 0;

  const advance = (seconds: number) => {
    clock += seconds * 1000;
    jest.setSystemTime(clock);
  };
  /** What time brings, then delivery of what is due. */
  const pass = async () => {
    await outbox.tick(new Date());
    await delivery.drain(new Date());
  };

  beforeAll(async () => {
    jest.useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
      now: clock,
    });
    t = await startTestApp();
    outbox = t.app.get(AlertOutboxService);
    delivery = t.app.get(DeliveryService);
    admin = client(t, (await signedIn(t, 'admin')).token);
    ops = client(t, (await signedIn(t, 'it_ops')).token);
    main = await startReceiver(() => ({ status: 200 }));
    lead = await startReceiver(() => ({ status: 200 }));
    for (const [name, r] of [
      ['main', main],
      ['lead', lead],
    ] as const) {
      expect((await admin.post('/api/v1/alert-receivers', { name, kind: 'webhook', url: r.url, secret: 'x' })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await main.close();
    await lead.close();
    await t.close();
    jest.useRealTimers();
  });

  async function route(body: Record<string, unknown>) {
    const res = await admin.post('/api/v1/alert-routes', { order: ++n, receivers: ['main'], ...body });
    expect(res.status).toBe(201);
  }

  async function failure(flow: string, entity = 'US01') {
    const { id } = await t.app.get(ExceptionsService).recordFinding({ type: 'delivery_failure', flow, recordKey: `INV-${++n}`, cause: `cause_${n}`, entity });
    return { exceptionId: id, incidentId: (await admin.get<{ incidentId: string }>(`/api/v1/exceptions/${id}`)).body.incidentId };
  }

  const log = async (q: string) => (await admin.get<Page<AlertNotificationDto>>(`/api/v1/alert-notifications?${q}`)).body.items;
  const got = (r: LoopbackReceiver, flow: string) =>
    r.received.filter((x) => (x.body.incident as { flow: string }).flow === flow).map((x) => [x.body.action, (x.body.incident as { id: string }).id]);

  it('waits the group wait, batches a group, and sends later incidents a group interval after the last batch', async () => {
    await seedFlows(t, [{ id: 'grouped' }]);
    await route({ name: 'grouped', match: { flow: 'grouped' }, groupBy: ['flow'], groupWaitSeconds: 30, groupIntervalSeconds: 300 });
    const a = await failure('grouped');
    advance(10);
    const b = await failure('grouped');
    advance(19); // 29 s after the first: nothing yet
    await pass();
    expect(got(main, 'grouped')).toEqual([]);
    advance(1); // 30 s: both, in one batch (delivered side by side: order only holds per incident and receiver)
    await pass();
    expect(got(main, 'grouped').sort()).toEqual(
      [
        ['trigger', a.incidentId],
        ['trigger', b.incidentId],
      ].sort(),
    );
    advance(60);
    const c = await failure('grouped'); // joins the group: waits for the group interval (300 s after the batch)
    advance(200);
    await pass();
    expect(got(main, 'grouped')).toHaveLength(2);
    advance(40);
    await pass();
    expect(got(main, 'grouped').at(-1)).toEqual(['trigger', c.incidentId]);
    expect(got(main, 'grouped')).toHaveLength(3);
  });

  it('sends a group batch to Slack as one message, and to PagerDuty one event per incident (its own dedup key)', async () => {
    const slack = await startReceiver(() => ({ status: 200, body: 'ok' }));
    const pd = await startReceiver(() => ({ status: 202 }));
    try {
      await seedFlows(t, [{ id: 'batched' }]);
      expect((await admin.post('/api/v1/alert-receivers', { name: 'slack-ap', kind: 'slack', url: `${slack.url}/services/T0/B0/x` })).status).toBe(201);
      expect((await admin.post('/api/v1/alert-receivers', { name: 'pd-ap', kind: 'pagerduty', url: `${pd.url}/v2/enqueue`, routingKey: 'rk' })).status).toBe(
        201,
      );
      await route({
        name: 'batched',
        match: { flow: 'batched' },
        receivers: ['slack-ap', 'pd-ap'],
        groupBy: ['flow'],
        groupWaitSeconds: 30,
        groupIntervalSeconds: 300,
      });
      const a = await failure('batched');
      advance(10);
      // Two transactions at once join the same batch.
      const [b, c] = await Promise.all([failure('batched'), failure('batched')]);
      const three = [a, b, c].map((x) => x.incidentId);
      advance(19);
      await pass();
      expect([slack.received, pd.received]).toEqual([[], []]);

      advance(1); // the group wait is over: one Slack message for the three, three PagerDuty events
      await pass();
      expect(slack.received).toHaveLength(1);
      const message = slack.received[0]!.body as { text: string; blocks: { type: string; text?: { text: string } }[] };
      expect(message.blocks[0]!.text!.text).toBe('Triggered: 3 incidents — flow batched');
      const sections = message.blocks.filter((x) => x.type === 'section').map((x) => x.text!.text);
      expect(three.map((id) => sections.filter((x) => x.includes(`/incidents/${id}|`)).length)).toEqual([1, 1, 1]);
      expect(pd.received.map((x) => [x.body.event_action, x.body.dedup_key]).sort()).toEqual(three.map((id) => ['trigger', `closewatch:${id}`]).sort());

      // Each incident's log shows the one batch it went out in, and its own PagerDuty event.
      const ofB = await log(`incidentId=${b.incidentId}`);
      expect(ofB.map((x) => [x.receiver, x.action, x.status]).sort()).toEqual([
        ['pd-ap', 'trigger', 'delivered'],
        ['slack-ap', 'trigger', 'delivered'],
      ]);
      const batch = ofB.find((x) => x.receiver === 'slack-ap')!;
      expect([...batch.incidentIds].sort()).toEqual([...three].sort());
      expect(batch.incidentId).toBe(a.incidentId);
      expect(batch.groupKey).toBe('["batched","batched"]');
      expect((await log('receiver=slack-ap')).map((x) => x.id)).toEqual([batch.id]);

      // A later incident of the group waits for the group interval, then goes alone.
      advance(60);
      const d = await failure('batched');
      advance(200);
      await pass();
      expect(slack.received).toHaveLength(1);
      advance(40);
      await pass();
      expect(slack.received).toHaveLength(2);
      expect((slack.received[1]!.body as { text: string }).text).toContain(`/incidents/${d.incidentId}`);
      expect((slack.received[1]!.body as { text: string }).text).toMatch(/^Triggered: \[/);

      // Acknowledge and resolve stay per incident: PagerDuty's page for b is acknowledged, not the group's.
      expect((await ops.post(`/api/v1/incidents/${b.incidentId}/acknowledge`, {})).status).toBe(200);
      await pass();
      expect(pd.received.at(-1)!.body).toEqual({ routing_key: 'rk', event_action: 'acknowledge', dedup_key: `closewatch:${b.incidentId}` });
      expect((slack.received.at(-1)!.body as { text: string }).text).toMatch(/^Acknowledged: .*\/incidents\/[0-9a-f-]+$/);
      expect((slack.received.at(-1)!.body as { text: string }).text).toContain(b.incidentId);
      expect(pd.received.filter((x) => x.body.event_action === 'trigger')).toHaveLength(4);
    } finally {
      await slack.close();
      await pd.close();
    }
  });

  it("holds a member's acknowledge behind the group batch that triggers it", async () => {
    const slack = await startReceiver(() => ({ status: 200, body: 'ok' }));
    try {
      await seedFlows(t, [{ id: 'held' }]);
      expect((await admin.post('/api/v1/alert-receivers', { name: 'slack-held', kind: 'slack', url: `${slack.url}/hook` })).status).toBe(201);
      await route({ name: 'held', match: { flow: 'held' }, receivers: ['slack-held'], groupBy: ['flow'], groupWaitSeconds: 30 });
      await failure('held');
      const y = await failure('held');
      expect((await ops.post(`/api/v1/incidents/${y.incidentId}/acknowledge`, {})).status).toBe(200);
      await pass(); // the acknowledge is due now, but its trigger (the batch) is not yet
      expect(slack.received).toEqual([]);
      advance(30);
      await pass();
      expect(slack.received.map((x) => (x.body as { text: string }).text.split(':')[0])).toEqual(['Triggered', 'Acknowledged']);
    } finally {
      await slack.close();
    }
  });

  it('repeats an unacknowledged page every repeat interval, and stops once acknowledged', async () => {
    await seedFlows(t, [{ id: 'repeating' }]);
    await route({ name: 'repeating', match: { flow: 'repeating' }, groupWaitSeconds: 0, repeatIntervalSeconds: 600 });
    const { incidentId } = await failure('repeating');
    await pass();
    advance(599);
    await pass();
    expect(got(main, 'repeating').map(([a]) => a)).toEqual(['trigger']);
    advance(1);
    await pass();
    advance(600);
    await pass();
    expect(got(main, 'repeating').map(([a]) => a)).toEqual(['trigger', 'repeat', 'repeat']);
    expect((await ops.post(`/api/v1/incidents/${incidentId}/acknowledge`, {})).status).toBe(200);
    await pass();
    advance(3600);
    await pass();
    expect(got(main, 'repeating').map(([a]) => a)).toEqual(['trigger', 'repeat', 'repeat', 'acknowledge']);
  });

  it('logs a silenced trigger, and sends it once the silence is expired while the incident is still open', async () => {
    await seedFlows(t, [{ id: 'muted' }]);
    await route({ name: 'muted', match: { flow: 'muted' }, groupWaitSeconds: 0 });
    const silence = await ops.post<{ id: string; state: string; createdBy: string }>('/api/v1/silences', {
      matchers: { flow: 'muted', entity: ['US01', 'US02'] },
      endsAt: new Date(clock + 3600_000).toISOString(),
      comment: 'ERP maintenance window',
    });
    expect(silence.status).toBe(201);
    expect(silence.body.state).toBe('active');
    const { incidentId } = await failure('muted');
    const other = await failure('muted', 'DE01'); // not matched by the silence
    await pass();
    expect(got(main, 'muted')).toEqual([['trigger', other.incidentId]]);
    expect((await log(`incidentId=${incidentId}`)).map((x) => [x.action, x.status])).toEqual([['trigger', 'silenced']]);
    advance(60);
    await pass();
    expect(got(main, 'muted')).toHaveLength(1);

    const res = await fetch(`${t.url}/api/v1/silences/${silence.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${(await signedIn(t, 'it_ops')).token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { state: string }).state).toBe('expired');
    advance(1);
    await pass();
    expect(got(main, 'muted')).toEqual([
      ['trigger', other.incidentId],
      ['trigger', incidentId],
    ]);
    // Expired, never deleted.
    expect((await admin.get<{ state: string }>(`/api/v1/silences/${silence.body.id}`)).body.state).toBe('expired');
  });

  it('escalates to the next receiver when not acknowledged in time, and then acknowledges both', async () => {
    await seedFlows(t, [{ id: 'escalating' }]);
    await route({ name: 'escalating', match: { flow: 'escalating' }, groupWaitSeconds: 0, escalation: [{ afterMinutes: 15, receiver: 'lead' }] });
    const { incidentId } = await failure('escalating');
    await pass();
    advance(14 * 60);
    await pass();
    expect(got(lead, 'escalating')).toEqual([]);
    advance(60);
    await pass();
    expect(got(lead, 'escalating')).toEqual([['escalate', incidentId]]);
    advance(3600);
    await pass();
    expect(got(lead, 'escalating').map(([a]) => a)).toEqual(['escalate']); // one step only; its repeat is 4 h away
    expect((await ops.post(`/api/v1/incidents/${incidentId}/acknowledge`, {})).status).toBe(200);
    await pass();
    expect(got(main, 'escalating').at(-1)).toEqual(['acknowledge', incidentId]);
    expect(got(lead, 'escalating').at(-1)).toEqual(['acknowledge', incidentId]);
  });

  it('does not escalate an incident acknowledged in time', async () => {
    await seedFlows(t, [{ id: 'calm' }]);
    await route({ name: 'calm', match: { flow: 'calm' }, groupWaitSeconds: 0, escalation: [{ afterMinutes: 15, receiver: 'lead' }] });
    const { incidentId } = await failure('calm');
    await pass();
    advance(5 * 60);
    expect((await ops.post(`/api/v1/incidents/${incidentId}/acknowledge`, {})).status).toBe(200);
    advance(20 * 60);
    await pass();
    expect(got(lead, 'calm')).toEqual([]);
    expect(got(main, 'calm').map(([a]) => a)).toEqual(['trigger', 'acknowledge']);
  });
});

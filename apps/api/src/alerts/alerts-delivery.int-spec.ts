import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type AlertNotificationDto, type ReceiverDto } from '@closewatch/contracts/alerts';
import { type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { client, seedFlows, signedIn } from '../../test/exception-fixtures';
import { type LoopbackReceiver, startReceiver } from '../../test/support/loopback-receiver';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { DeliveryService } from './delivery/delivery.service';

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('alerts: receivers, PagerDuty and webhooks over real loopback HTTP', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let ops: ReturnType<typeof client>;
  let pd: LoopbackReceiver;
  let hook: LoopbackReceiver;
  let delivery: DeliveryService;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_PUBLIC_URL: 'https://closewatch.example.com' });
    delivery = t.app.get(DeliveryService);
    await seedFlows(t, [{ id: 'coupa-to-netsuite', materiality: { amount: '10000.00', currency: 'USD' }, impacts: ['close', 'cash'] }]);
    await t.app
      .get(DataSource)
      .query(`update flows set owner_team = 'ap-systems', runbooks = '{"default": "https://wiki.example.com/runbooks/coupa"}' where id = 'coupa-to-netsuite'`);
    admin = client(t, (await signedIn(t, 'admin')).token);
    ops = client(t, (await signedIn(t, 'it_ops')).token);
    pd = await startReceiver();
    hook = await startReceiver(() => ({ status: 200 }));
  });
  afterAll(async () => {
    await pd.close();
    await hook.close();
    await t.close();
  });

  /** A new delivery failure of its own incident (a cause of its own). */
  async function failure(amount = '25000.00', entity = 'US01') {
    const { id } = await t.app.get(ExceptionsService).recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: `INV-${++n}`,
      cause: `vendor_inactive_${n}`,
      amount,
      currency: 'USD',
      entity,
      period: '2026-11',
    });
    const ex = (await admin.get<{ incidentId: string }>(`/api/v1/exceptions/${id}`)).body;
    return { exceptionId: id, incidentId: ex.incidentId };
  }

  const log = async (q: string) => (await admin.get<Page<AlertNotificationDto>>(`/api/v1/alert-notifications?${q}`)).body.items;

  it('stores receivers sealed and answers them masked; only admins configure them', async () => {
    const created = await admin.post<ReceiverDto>('/api/v1/alert-receivers', {
      name: 'pd',
      kind: 'pagerduty',
      url: `${pd.url}/v2/enqueue`,
      routingKey: 'R0UT1NGKEY0123456789abcdefabcdef',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'pd', kind: 'pagerduty', url: `${pd.url}/********`, routingKey: '********', secret: null });
    const webhook = await admin.post<ReceiverDto>('/api/v1/alert-receivers', {
      name: 'hook',
      kind: 'webhook',
      url: `${hook.url}/hooks/closewatch?token=abc`,
      secret: 's3cret',
    });
    expect(webhook.body).toMatchObject({ url: `${hook.url}/********`, secret: '********' });
    expect(JSON.stringify((await admin.get('/api/v1/alert-receivers')).body)).not.toMatch(/R0UT1NG|s3cret|token=abc/);
    const stored = JSON.stringify(await t.app.get(DataSource).query(`select * from alert_receivers`));
    expect(stored).not.toMatch(/R0UT1NG|s3cret|token=abc|hooks\/closewatch/);

    expect((await ops.post('/api/v1/alert-receivers', { name: 'x', kind: 'slack', url: 'https://hooks.slack.com/services/T/B/C' })).status).toBe(403);
    const bad = await admin.post<{ error: { details: { field: string }[] } }>('/api/v1/alert-receivers', { name: 'x', kind: 'pagerduty' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual(['routingKey']);
    expect((await admin.post('/api/v1/alert-receivers', { name: 'pd', kind: 'pagerduty', routingKey: 'k' })).status).toBe(409);
  });

  it('keeps a stored secret when a PUT sends the mask back', async () => {
    const res = await fetch(`${t.url}/api/v1/alert-receivers/hook`, {
      method: 'PUT',
      headers: { authorization: (await adminHeader()).authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'hook', kind: 'webhook', url: `${hook.url}/********`, secret: '********' }),
    });
    expect(res.status).toBe(200);
    const test = await admin.post<{ ok: boolean; statusCode: number }>('/api/v1/alert-receivers/hook/test');
    expect(test.body).toMatchObject({ ok: true, statusCode: 200 });
    const got = hook.received.at(-1)!;
    expect(got.path).toBe('/hooks/closewatch?token=abc');
    expect(got.headers['x-closewatch-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(got.raw).digest('hex')}`);
    hook.received.length = 0;
  });

  let adminToken: string;
  async function adminHeader() {
    adminToken ??= (await signedIn(t, 'admin')).token;
    return { authorization: `Bearer ${adminToken}` };
  }

  it('pages PagerDuty once with the Events API v2 body, field by field, then acknowledge and resolve', async () => {
    expect(
      (
        await admin.post('/api/v1/alert-routes', {
          name: 'ap-oncall',
          order: 10,
          match: { flow: 'coupa-to-netsuite', severity: ['critical', 'high'] },
          receivers: ['pd'],
          groupWaitSeconds: 0,
        })
      ).status,
    ).toBe(201);
    const { exceptionId, incidentId } = await failure();
    const [pending] = await log(`incidentId=${incidentId}`);
    expect(pending).toMatchObject({ incidentId, receiver: 'pd', action: 'trigger', status: 'pending', attempts: 0, route: 'ap-oncall' });

    await delivery.drain(later(1));
    expect(pd.received).toHaveLength(1);
    const event = pd.received[0]!.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const incident = (await admin.get<IncidentDetailDto>(`/api/v1/incidents/${incidentId}`)).body;
    expect(Object.keys(event).sort()).toEqual(['client', 'client_url', 'dedup_key', 'event_action', 'links', 'payload', 'routing_key']);
    expect(event.routing_key).toBe('R0UT1NGKEY0123456789abcdefabcdef');
    expect(event.event_action).toBe('trigger');
    expect(event.dedup_key).toBe(`closewatch:${incidentId}`);
    expect(event.payload.summary).toBe(`[${incident.severity}] ${incident.title} — 25000.00 USD at risk`);
    expect(event.payload.source).toBe('closewatch');
    expect(event.payload.severity).toBe(incident.severity === 'critical' ? 'critical' : 'error');
    expect(event.payload.timestamp).toBe(incident.firstSeenAt);
    expect(event.payload.component).toBe('coupa-to-netsuite');
    expect(event.payload.group).toBe('ap-systems');
    expect(event.payload.custom_details).toEqual({
      flow: 'coupa-to-netsuite',
      entity: 'US01',
      period: '2026-11',
      amount_at_risk: '25000.00',
      currency: 'USD',
      impacts: ['close', 'cash'],
      exception_count: 1,
    });
    expect(event.links).toEqual([
      { href: `https://closewatch.example.com/incidents/${incidentId}`, text: 'Incident in Closewatch' },
      { href: 'https://wiki.example.com/runbooks/coupa', text: 'Runbook' },
    ]);
    expect((await admin.get<{ runbooks: unknown }>('/api/v1/flows/coupa-to-netsuite')).body.runbooks).toEqual({
      default: 'https://wiki.example.com/runbooks/coupa',
    });
    expect(pd.received[0]!.headers['content-type']).toBe('application/json');

    // Delivering again sends nothing more; the log says delivered, once.
    await delivery.drain(later(60));
    expect(pd.received).toHaveLength(1);
    expect((await log(`incidentId=${incidentId}`))[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 202 });

    // Acknowledge in Closewatch: mirrored to PagerDuty.
    const ack = await ops.post<IncidentDetailDto>(`/api/v1/incidents/${incidentId}/acknowledge`, { note: 'on it' });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    await delivery.drain(later(1));
    expect(pd.received.map((r) => r.body.event_action)).toEqual(['trigger', 'acknowledge']);
    expect(pd.received[1]!.body).toEqual({
      routing_key: 'R0UT1NGKEY0123456789abcdefabcdef',
      event_action: 'acknowledge',
      dedup_key: `closewatch:${incidentId}`,
    });

    // Resolving its exception resolves the incident and the page.
    expect((await ops.post(`/api/v1/exceptions/${exceptionId}/resolve`, { code: 'fixed' })).status).toBe(200);
    await delivery.drain(later(1));
    expect(pd.received.map((r) => r.body.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(pd.received[2]!.body).toEqual({ routing_key: 'R0UT1NGKEY0123456789abcdefabcdef', event_action: 'resolve', dedup_key: `closewatch:${incidentId}` });
    expect((await log(`incidentId=${incidentId}`)).map((x) => [x.action, x.status])).toEqual([
      ['resolve', 'delivered'],
      ['acknowledge', 'delivered'],
      ['trigger', 'delivered'],
    ]);

    // A viewer reads the log; acknowledging is for the acting roles.
    const viewer = client(t, (await signedIn(t, 'viewer')).token);
    expect((await viewer.get(`/api/v1/alert-notifications?incidentId=${incidentId}`)).status).toBe(200);
    expect((await viewer.post(`/api/v1/incidents/${incidentId}/acknowledge`, {})).status).toBe(403);
    expect((await ops.post(`/api/v1/incidents/${incidentId}/acknowledge`, {})).status).toBe(409);
  });

  it('does not page an incident the routes do not match', async () => {
    const before = pd.received.length;
    const { incidentId } = await failure('10.00');
    await delivery.drain(later(1));
    expect(pd.received).toHaveLength(before);
    expect(await log(`incidentId=${incidentId}`)).toEqual([]);
    const dry = await admin.get<{ routes: unknown[]; facts: { severity: string[] } }>(`/api/v1/alert-routes/dry-run?incidentId=${incidentId}`);
    expect(dry.status).toBe(200);
    expect(dry.body.routes).toEqual([]);
    expect(dry.body.facts.severity).toEqual(['low']);
  });
});

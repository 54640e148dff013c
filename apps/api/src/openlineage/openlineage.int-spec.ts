import { type AlertNotificationDto } from '@closewatch/contracts/alerts';
import { type OpenLineageRunEvent } from '@closewatch/contracts/openlineage';
import { type Page } from '@closewatch/contracts/pagination';
import { runEventValidator } from '../../test/openlineage-run-event-schema';
import { type LoopbackReceiver, startReceiver } from '../../test/support/loopback-receiver';
import { api, createFlow, runRecon } from '../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { DeliveryService } from '../alerts/delivery/delivery.service';
import { ReconWorkerService } from '../recon/runs/recon-worker.service';
import { batchRunUuid } from './run-event';
import { OpenLineageService } from './openlineage.service';

const FLOW = 'coupa-to-oracle-invoices';
const validate = runEventValidator();

/** Every event valid against the schema written from the spec (the failures named when not). */
function expectValid(events: readonly unknown[]): void {
  const problems = events.flatMap((e, i) => (validate(e) ? [] : [{ i, errors: validate.errors }]));
  expect(problems).toEqual([]);
}

describe('OpenLineage run events: the feed and the push', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  let ingest: ReturnType<typeof api>;
  let marquez: LoopbackReceiver;
  /** Marquez answers 503 to the first two events it is sent, then 201. */
  let refuse = 2;

  beforeAll(async () => {
    marquez = await startReceiver(() => (refuse-- > 0 ? { status: 503, body: 'starting up' } : { status: 201 }));
    t = await startTestApp({
      CLOSEWATCH_OPENLINEAGE_URL: `${marquez.url}/`,
      CLOSEWATCH_OPENLINEAGE_NAMESPACE: 'acme-finance',
      CLOSEWATCH_OPENLINEAGE_API_KEY: 'ol-key-1',
      CLOSEWATCH_ALERT_RETRY_BASE_MS: '1000',
    });
    const token = await t.tokenFor('admin');
    admin = api(t, token);
    ingest = api(t, await t.ingestKey(['runs']));
    await createFlow(t, token, FLOW);
    const run = (status: string, runId: string, over: Record<string, unknown> = {}) => ingest.post('/api/v1/runs', { flow: FLOW, runId, status, ...over });
    expect((await run('started', 'nightly-1', { startedAt: '2026-12-01T02:00:00Z' })).status).toBe(201);
    expect(
      (await run('succeeded', 'nightly-1', { startedAt: '2026-12-01T02:00:00Z', finishedAt: '2026-12-01T02:04:00Z', rowsRead: 120, rowsWritten: 118 })).status,
    ).toBe(201);
    expect((await run('failed', 'nightly-2', { finishedAt: '2026-12-02T02:01:00Z', error: { code: 'E42', message: 'GL period closed' } })).status).toBe(201);
    expect(
      (
        await admin.post('/api/v1/recons', {
          id: 'coupa-oracle-telemetry',
          name: 'Invoices emitted vs posted',
          flow: FLOW,
          source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
          target: { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' },
          key: ['record_key'],
        })
      ).status,
    ).toBe(201);
    expect((await runRecon(admin, t.app.get(ReconWorkerService), 'coupa-oracle-telemetry')).status).toBe('succeeded');
  });
  afterAll(async () => {
    await t.close();
    await marquez.close();
  });

  async function readAll(path: string, limit: number): Promise<OpenLineageRunEvent[]> {
    const out: OpenLineageRunEvent[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page<OpenLineageRunEvent> } = await admin.get<Page<OpenLineageRunEvent>>(
        `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      out.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return out;
  }

  it('answers batch and reconciliation runs as valid 2-0-2 run events, page by page, once each', async () => {
    const events = await readAll('/api/v1/openlineage/events', 2);
    expectValid(events);
    expect(events.map((e) => `${e.job.name} ${e.eventType}`)).toEqual([
      `${FLOW} START`,
      `${FLOW} COMPLETE`,
      `${FLOW} FAIL`,
      'coupa-oracle-telemetry START',
      'coupa-oracle-telemetry COMPLETE',
    ]);
    expect(events.every((e) => e.job.namespace === 'acme-finance' && e.producer === 'urn:closewatch:api')).toBe(true);
    const [start, complete, failed, reconStart, reconEnd] = events as [OpenLineageRunEvent, ...OpenLineageRunEvent[]];
    expect(start.run.runId).toBe(batchRunUuid(FLOW, 'nightly-1'));
    expect(complete!.run.runId).toBe(start.run.runId);
    expect(complete).toMatchObject({
      eventTime: '2026-12-01T02:04:00.000Z',
      inputs: [{ namespace: 'acme-finance', name: 'coupa', inputFacets: { inputStatistics: { rowCount: 120 } } }],
      outputs: [{ namespace: 'acme-finance', name: 'oracle-fusion', outputFacets: { outputStatistics: { rowCount: 118 } } }],
    });
    expect(failed!.run.runId).toBe(batchRunUuid(FLOW, 'nightly-2'));
    expect(failed!.run.facets!.errorMessage).toMatchObject({ message: 'E42: GL period closed' });
    expect(reconEnd!.run.runId).toBe(reconStart!.run.runId);
    expect(reconEnd!.inputs.map((d) => d.name)).toEqual(['coupa', 'oracle-fusion']);
    expect(reconEnd!.outputs).toEqual([expect.objectContaining({ name: 'coupa-oracle-telemetry.breaks' })]);
  });

  it('filters by since, lets every role read, and refuses a bad since or cursor naming the field', async () => {
    const all = await readAll('/api/v1/openlineage/events', 100);
    expect(await readAll(`/api/v1/openlineage/events?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, 100)).toEqual([]);
    expect(await readAll(`/api/v1/openlineage/events?since=${encodeURIComponent('2000-01-01T00:00:00Z')}`, 100)).toEqual(all);
    const auditor = api(t, await t.tokenFor('auditor'));
    expect((await auditor.get('/api/v1/openlineage/events')).status).toBe(200);
    const badSince = await admin.get<{ error: { details: { field: string }[] } }>('/api/v1/openlineage/events?since=yesterday');
    expect(badSince.status).toBe(400);
    expect(badSince.body.error.details[0]!.field).toBe('since');
    const badCursor = await admin.get<{ error: { details: { field: string }[] } }>('/api/v1/openlineage/events?cursor=nope');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details[0]!.field).toBe('cursor');
  });

  it('pushes every event once to POST {url}/api/v1/lineage through the outbox, retrying a 503 until 201', async () => {
    const openlineage = t.app.get(OpenLineageService);
    const delivery = t.app.get(DeliveryService);
    expect(await openlineage.queuePush()).toBe(5);
    expect(await openlineage.queuePush()).toBe(0); // read again with the overlap: nothing queued twice

    const t0 = Date.now();
    await delivery.drain(new Date(t0));
    expect(marquez.received.filter((r) => r.path === '/api/v1/lineage')).toHaveLength(5);
    for (let s = 1; s <= 30 && marquez.received.length < 7; s++) await delivery.drain(new Date(t0 + s * 1000));
    expect(marquez.received).toHaveLength(7); // two refused with 503, sent again
    expect(marquez.received.every((r) => r.path === '/api/v1/lineage' && r.headers.authorization === 'Bearer ol-key-1')).toBe(true);
    const feed = await readAll('/api/v1/openlineage/events', 100);
    const accepted = marquez.received.slice(2).map((r) => r.body as unknown as OpenLineageRunEvent);
    expectValid(accepted);
    expect(accepted.sort(byKey)).toEqual([...feed].sort(byKey));
    expect(new Set(marquez.received.map((r) => r.headers['x-closewatch-delivery'])).size).toBe(5);

    const log = (await admin.get<Page<AlertNotificationDto>>('/api/v1/alert-notifications?receiver=openlineage&limit=100')).body.items;
    expect(log).toHaveLength(5);
    expect(log.every((n) => n.action === 'openlineage' && n.status === 'delivered' && n.lastStatusCode === 201)).toBe(true);
    expect(log.filter((n) => n.attempts === 2)).toHaveLength(2);
  });

  it('queues a run reported after the last pass on the next one', async () => {
    const started = await ingest.post('/api/v1/runs', { flow: FLOW, runId: 'nightly-3', status: 'started', startedAt: '2026-12-03T02:00:00Z' });
    expect(started.status).toBe(201);
    expect(await t.app.get(OpenLineageService).queuePush()).toBe(1);
    await t.app.get(DeliveryService).drain(new Date(Date.now() + 60_000));
    const last = marquez.received[marquez.received.length - 1]!;
    expect(last.body).toMatchObject({ eventType: 'START', run: { runId: batchRunUuid(FLOW, 'nightly-3') } });
  });
});

const byKey = (a: OpenLineageRunEvent, b: OpenLineageRunEvent) => `${a.run.runId}${a.eventType}`.localeCompare(`${b.run.runId}${b.eventType}`);

import { type FlowIngestStats, type IngestStatsResponse, type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, errorFields, get, hop, writeCounters, writeHops } from '../../test/telemetry-fixtures';
import { FlowStatsService } from './flow-stats.service';

describe('GET /api/v1/ingest/stats', () => {
  let t: TestApp;
  let viewer: string;
  const now = Date.now();
  const minuteOf = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.tokenFor('viewer');
    await addFlow(t, 'coupa-to-netsuite', 'AP invoices: Coupa to NetSuite');
    await addFlow(t, 'stripe-to-netsuite', 'Payments: Stripe to NetSuite', 'stripe', 'netsuite');
    await addFlow(t, 'netsuite-to-anaplan', 'Actuals to Anaplan', 'netsuite', 'anaplan');
    await writeCounters(t, [{ flowId: 'coupa-to-netsuite', hops: 6, errors: 1, duplicates: 1 }], new Date(now - 2 * 60_000));
    await writeCounters(
      t,
      [
        { flowId: 'coupa-to-netsuite', hops: 4 },
        { flowId: 'shadow-etl', hops: 4, errors: 3 },
      ],
      new Date(now),
    );
    await writeCounters(t, [{ flowId: 'netsuite-to-anaplan', runs: 2, failedRuns: 1 }], new Date(now));
    // Two hours ago: outside a five-minute window, inside a day.
    await writeCounters(t, [{ flowId: 'ancient-flow', hops: 9 }], new Date(now - 2 * 3600_000));
    await writeHops(t, [
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'INV-9', stage: 'posted', occurredAt: new Date(now - 30_000) }),
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'INV-8', stage: 'emitted', occurredAt: new Date(now - 90_000) }),
      hop({ flowId: 'stripe-to-netsuite', recordKey: 'PAY-1', stage: 'posted', occurredAt: new Date('2026-01-01T00:00:00Z') }),
    ]);
  });
  afterAll(() => t.close());

  const byFlow = (r: IngestStatsResponse) => new Map(r.flows.map((f) => [f.flow, f]));

  it('lists every catalog flow, idle ones too, and unregistered flows seen in the window', async () => {
    const res = await get<IngestStatsResponse>(t, '/api/v1/ingest/stats', viewer);
    expect(res.status).toBe(200);
    expect(res.body.windowSeconds).toBe(300);
    expect(Date.parse(res.body.generatedAt)).not.toBeNaN();
    expect(res.body.flows.map((f) => [f.flow, f.registered, f.name])).toEqual([
      ['coupa-to-netsuite', true, 'AP invoices: Coupa to NetSuite'],
      ['netsuite-to-anaplan', true, 'Actuals to Anaplan'],
      ['shadow-etl', false, null],
      ['stripe-to-netsuite', true, 'Payments: Stripe to NetSuite'],
    ]);
  });

  it('sums the counters of the window, with throughput, error rate, last hop and health', async () => {
    const flows = byFlow((await get<IngestStatsResponse>(t, '/api/v1/ingest/stats?windowSeconds=300', viewer)).body);
    expect(flows.get('coupa-to-netsuite')).toEqual<FlowIngestStats>({
      flow: 'coupa-to-netsuite',
      registered: true,
      name: 'AP invoices: Coupa to NetSuite',
      windowSeconds: 300,
      hops: 10,
      errors: 1,
      duplicates: 1,
      runs: 0,
      failedRuns: 0,
      throughputPerMinute: 2,
      errorRate: 0.1,
      lastHopAt: new Date(now - 30_000).toISOString(),
      lastHopStage: 'posted',
      lastHopRecordKey: 'INV-9',
      health: 'degraded',
    });
    expect(flows.get('shadow-etl')).toMatchObject({ hops: 4, errors: 3, errorRate: 0.75, health: 'failing', lastHopAt: null });
    expect(flows.get('netsuite-to-anaplan')).toMatchObject({ hops: 0, runs: 2, failedRuns: 1, health: 'failing' });
    // Idle in the window, but its last hop (long ago) is still reported.
    expect(flows.get('stripe-to-netsuite')).toMatchObject({ hops: 0, health: 'idle', lastHopAt: '2026-01-01T00:00:00.000Z', lastHopRecordKey: 'PAY-1' });
  });

  it('widens to the window asked for', async () => {
    const flows = byFlow((await get<IngestStatsResponse>(t, '/api/v1/ingest/stats?windowSeconds=86400', viewer)).body);
    expect(flows.get('ancient-flow')).toMatchObject({ registered: false, hops: 9, health: 'healthy', windowSeconds: 86400 });
    expect(flows.get('coupa-to-netsuite')?.throughputPerMinute).toBe(Math.round((10 / 1440) * 100) / 100);
  });

  it('is the same answer the live gateway gets from FlowStatsService', async () => {
    const fromService = await t.app.get(FlowStatsService).stats(300);
    const fromHttp = (await get<IngestStatsResponse>(t, '/api/v1/ingest/stats', viewer)).body;
    expect({ ...fromService, generatedAt: '' }).toEqual({ ...fromHttp, generatedAt: '' });
  });

  it.each([
    ['windowSeconds=59', 'windowSeconds'],
    ['windowSeconds=86401', 'windowSeconds'],
    ['windowSeconds=5m', 'windowSeconds'],
    ['window=300', 'window'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await get(t, `/api/v1/ingest/stats?${query}`, viewer);
    expect(res.status).toBe(400);
    expect(errorFields(res.body)).toEqual([field]);
  });

  it('is readable by auditors and refused without a token', async () => {
    expect((await get(t, '/api/v1/ingest/stats', await t.tokenFor('auditor'))).status).toBe(200);
    expect((await get(t, '/api/v1/ingest/stats')).status).toBe(401);
  });

  describe('series', () => {
    it('answers one point per minute over the window, with the counters in their minutes', async () => {
      const res = await get<IngestStatsSeriesResponse>(t, '/api/v1/ingest/stats/series?flow=coupa-to-netsuite&windowSeconds=600&stepSeconds=60', viewer);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ flow: 'coupa-to-netsuite', windowSeconds: 600, stepSeconds: 60 });
      const { points } = res.body;
      expect(points).toHaveLength(10);
      expect(points[0]?.at).toBe(res.body.from);
      expect(Date.parse(res.body.to) - Date.parse(points[9]!.at)).toBe(60_000);
      const at = new Map(points.map((p) => [p.at, p]));
      expect(at.get(minuteOf(now - 2 * 60_000))).toEqual({ at: minuteOf(now - 2 * 60_000), hops: 6, errors: 1, duplicates: 1, runs: 0, failedRuns: 0 });
      expect(at.get(minuteOf(now))).toMatchObject({ hops: 4, errors: 0 });
      expect(points.reduce((n, p) => n + p.hops, 0)).toBe(10);
    });

    it('adds up all flows when no flow is named, and groups minutes into longer steps', async () => {
      const all = await get<IngestStatsSeriesResponse>(t, '/api/v1/ingest/stats/series?windowSeconds=3600&stepSeconds=600', viewer);
      expect(all.body.flow).toBeNull();
      expect(all.body.points).toHaveLength(6);
      expect(all.body.points.reduce((n, p) => n + p.hops, 0)).toBe(14);
      expect(all.body.points.reduce((n, p) => n + p.failedRuns, 0)).toBe(1);
      for (const p of all.body.points) expect(Date.parse(p.at) % 600_000).toBe(0);
    });

    it('defaults to an hour by minute', async () => {
      const res = await get<IngestStatsSeriesResponse>(t, '/api/v1/ingest/stats/series', viewer);
      expect(res.body).toMatchObject({ windowSeconds: 3600, stepSeconds: 60 });
      expect(res.body.points).toHaveLength(60);
    });

    it.each([
      ['stepSeconds=90', 'stepSeconds'],
      ['stepSeconds=30', 'stepSeconds'],
      ['windowSeconds=600&stepSeconds=1200', 'stepSeconds'],
      ['windowSeconds=100000', 'windowSeconds'],
      ['flow=a&flow=b', 'flow'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const res = await get(t, `/api/v1/ingest/stats/series?${query}`, viewer);
      expect(res.status).toBe(400);
      expect(errorFields(res.body)).toEqual([field]);
    });

    it('is refused without a token', async () => {
      expect((await get(t, '/api/v1/ingest/stats/series')).status).toBe(401);
    });
  });
});

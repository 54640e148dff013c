import { type FlowDto } from '@closewatch/contracts/catalog';
import { type BusinessEvent } from '@closewatch/contracts/events';
import { type Page } from '@closewatch/contracts/pagination';
import {
  type FlowHealthChangedEvent,
  type FlowHealthDetailDto,
  type FlowHealthListResponse,
  type InFlightRecordDto,
  type LagSeriesResponse,
  type RecordSyncResponse,
} from '@closewatch/contracts/sync-health';
import { startTestApp, type TestApp } from '../../test/test-app';
import { errorFields, get } from '../../test/telemetry-fixtures';
import { addFlow, addSystems, ev, freshEvaluator, sendEvents, tick } from '../../test/sync-health-fixtures';
import { LiveBus } from '../live/live-bus';

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

describe('sync health API', () => {
  let t: TestApp;
  let viewer: string;
  let auditor: string;
  let key: string;
  const now0 = Date.now();
  const at = (secondsAgo: number) => new Date(now0 - secondsAgo * 1000);
  /** lag-flow: ten records with lags 10, 20, ... 100 seconds. */
  const lagPostings: { postedAt: Date; lag: number }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
    auditor = await t.tokenFor('auditor');
    key = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    for (const f of [
      { id: 'lag-flow', slo: { maxLagSeconds: 60 } },
      { id: 'split-flow', slo: { maxLagSeconds: 900 } },
      { id: 'failing-flow', slo: { maxLagSeconds: 900 } },
      { id: 'stale-flow', slo: { maxLagSeconds: 600 } },
      { id: 'idle-flow', slo: { maxLagSeconds: 900 } },
      { id: 'mirror-flow', slo: { maxLagSeconds: 900 } },
    ]) {
      await addFlow(t, admin, f);
    }

    const events: BusinessEvent[] = [];
    for (let i = 1; i <= 10; i++) {
      const emitted = at(2400 - i * 60);
      const posted = new Date(emitted.getTime() + i * 10_000);
      lagPostings.push({ postedAt: posted, lag: i * 10 });
      events.push(ev('lag-flow', `LAG-${i}`, 'emitted', emitted), ev('lag-flow', `LAG-${i}`, 'posted', posted));
    }
    // Preliminary and posted data on one flow.
    [10, 20, 30].forEach((lag, i) => {
      events.push(ev('split-flow', `P-${i}`, 'emitted', at(1000 + i)), ev('split-flow', `P-${i}`, 'posted', at(1000 + i - lag), { dataStatus: 'preliminary' }));
    });
    [100, 200].forEach((lag, i) => {
      events.push(ev('split-flow', `Q-${i}`, 'emitted', at(1500 + i)), ev('split-flow', `Q-${i}`, 'posted', at(1500 + i - lag), { dataStatus: 'posted' }));
    });
    events.push(
      ev('split-flow', 'P-OPEN', 'emitted', at(100), { dataStatus: 'preliminary', amount: '10.10', currency: 'USD' }),
      ev('split-flow', 'Q-OPEN-1', 'emitted', at(50), { dataStatus: 'posted', amount: '0.20', currency: 'USD' }),
      ev('split-flow', 'Q-OPEN-2', 'emitted', at(40), { dataStatus: 'posted', amount: '7', currency: 'EUR' }),
    );
    // Every record fails: half the hops are errors.
    events.push(
      ev('failing-flow', 'F-1', 'emitted', at(300), { amount: '100.00', currency: 'USD' }),
      ev('failing-flow', 'F-1', 'failed', at(290), { error: { class: 'transient' } }),
      ev('failing-flow', 'F-2', 'emitted', at(300), { amount: '200.50', currency: 'USD' }),
      ev('failing-flow', 'F-2', 'dead_lettered', at(280), { error: { class: 'transient' } }),
      ev('failing-flow', 'F-3', 'emitted', at(300), { amount: '0.05', currency: 'EUR' }),
      ev('failing-flow', 'F-3', 'transformed', at(295), { error: { class: 'mapping', code: 'UNMAPPED_ACCOUNT' } }),
    );
    // Nothing ever posted; three records past the SLO of 600 s, one within it.
    events.push(
      ev('stale-flow', 'S-1', 'emitted', at(1200), { amount: '1', currency: 'USD' }),
      ev('stale-flow', 'S-4', 'emitted', at(700)),
      ev('stale-flow', 'S-3', 'emitted', at(700)),
      ev('stale-flow', 'S-2', 'emitted', at(10)),
    );
    // One record in two flows, one of them not in the catalog.
    events.push(
      ev('mirror-flow', 'DUAL-1', 'emitted', at(500)),
      ev('mirror-flow', 'DUAL-1', 'posted', at(495), { dataStatus: 'posted' }),
      ev('shadow-x', 'DUAL-1', 'emitted', at(400)),
    );
    const sent = await sendEvents(t, key, events);
    expect(sent.accepted).toBe(events.length);
    // An at-least-once redelivery: counted as a duplicate, stored once.
    const again = events.find((e) => e.recordKey === 'P-0')!;
    expect((await sendEvents(t, key, [again])).duplicates).toBe(1);
    await tick(t);
  });
  afterAll(() => t.close());

  const detail = async (flow: string, qs = '') => {
    const res = await get<FlowHealthDetailDto>(t, `/api/v1/flows/${flow}/health${qs}`, viewer);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('GET /api/v1/flows/health lists every catalog flow; the catalog still answers /api/v1/flows/:id', async () => {
    const res = await get<FlowHealthListResponse>(t, '/api/v1/flows/health', auditor);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ windowSeconds: 3600, dataStatus: 'all', nextCursor: null });
    expect(res.body.items.map((i) => [i.flow, i.status])).toEqual([
      ['failing-flow', 'failing'],
      ['idle-flow', 'healthy'],
      ['lag-flow', 'degraded'],
      ['mirror-flow', 'healthy'],
      ['split-flow', 'degraded'],
      ['stale-flow', 'stale'],
    ]);
    const catalog = await get<FlowDto>(t, '/api/v1/flows/lag-flow', viewer);
    expect(catalog.status).toBe(200);
    expect(catalog.body.slo.maxLagSeconds).toBe(60);
    expect((await get(t, '/api/v1/flows/health')).status).toBe(401);
  });

  it('serves the list at /api/v1/flow-health; /api/v1/flows/health redirects there with its query', async () => {
    const direct = await get<FlowHealthListResponse>(t, '/api/v1/flow-health?limit=2', viewer);
    expect(direct.status).toBe(200);
    expect(direct.body.items.map((i) => i.flow)).toEqual(['failing-flow', 'idle-flow']);
    const res = await fetch(`${t.url}/api/v1/flows/health?limit=2&dataStatus=preliminary`, {
      headers: { authorization: `Bearer ${viewer}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/api/v1/flow-health?limit=2&dataStatus=preliminary');
  });

  it('pages the list by flow id', async () => {
    const first = await get<FlowHealthListResponse>(t, '/api/v1/flows/health?limit=4', viewer);
    expect(first.body.items.map((i) => i.flow)).toEqual(['failing-flow', 'idle-flow', 'lag-flow', 'mirror-flow']);
    const rest = await get<FlowHealthListResponse>(t, `/api/v1/flows/health?limit=4&cursor=${first.body.nextCursor}`, viewer);
    expect(rest.body.items.map((i) => i.flow)).toEqual(['split-flow', 'stale-flow']);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('lag percentiles are exact on a known data set, and the status comes from the SLO with its reason', async () => {
    const d = await detail('lag-flow');
    expect(d.measures).toMatchObject({ dataStatus: 'all', recordsPosted: 10, lagSeconds: { p50: 55, p95: 95.5, p99: 99.1 }, hops: 20, errors: 0 });
    expect(d.status).toBe('degraded');
    expect(d.reason).toBe('lag p95 96s is above the SLO of 60s');
    expect(d.reasons).toEqual([{ status: 'degraded', code: 'lag_above_slo', message: 'lag p95 96s is above the SLO of 60s' }]);
    const listed = (await get<FlowHealthListResponse>(t, '/api/v1/flows/health', viewer)).body.items.find((i) => i.flow === 'lag-flow')!;
    expect(listed.measures.lagSeconds).toEqual({ p50: 55, p95: 95.5, p99: 99.1 });
    expect(listed.measures).not.toHaveProperty('errorsByClass');
  });

  it('a window that leaves postings out leaves them out of the measures', async () => {
    // All but the last two postings of lag-flow are more than 30 minutes old.
    const d = await detail('lag-flow', '?windowSeconds=1800');
    const inWindow = lagPostings.filter((p) => p.postedAt.getTime() >= Date.now() - 1_800_000).map((p) => p.lag);
    expect(d.measures.recordsPosted).toBe(inWindow.length);
    expect(d.measures.lagSeconds.p50).toBeCloseTo(percentile(inWindow, 0.5), 6);
  });

  it('preliminary and posted data are never mixed: measures carry their data status and split by it', async () => {
    const d = await detail('split-flow');
    expect(d.measures).toMatchObject({ dataStatus: 'all', recordsPosted: 5, lagSeconds: { p50: 30, p95: 180, p99: 196 }, duplicates: 1 });
    expect(d.byDataStatus.map((m) => m.dataStatus)).toEqual(['preliminary', 'posted']);
    const [prelim, posted] = d.byDataStatus;
    expect(prelim).toMatchObject({
      recordsPosted: 3,
      lagSeconds: { p50: 20, p95: 29, p99: 29.8 },
      inFlight: { count: 1, pastSlo: 0 },
      amountInFlight: [{ currency: 'USD', amount: '10.1', records: 1 }],
      duplicates: null,
      duplicateRate: null,
    });
    expect(posted).toMatchObject({
      recordsPosted: 2,
      lagSeconds: { p50: 150, p95: 195, p99: 199 },
      inFlight: { count: 2 },
      amountInFlight: [
        { currency: 'EUR', amount: '7', records: 1 },
        { currency: 'USD', amount: '0.2', records: 1 },
      ],
    });

    const only = await detail('split-flow', '?dataStatus=posted');
    // Ages are counted from the moment of each request: a second may pass between the two.
    expect(only.measures).toEqual({ ...posted, freshnessSeconds: expect.any(Number), inFlight: { ...posted!.inFlight, oldestAgeSeconds: expect.any(Number) } });
    expect(Math.abs(only.measures.freshnessSeconds! - posted!.freshnessSeconds!)).toBeLessThanOrEqual(1);
    expect(Math.abs(only.measures.inFlight.oldestAgeSeconds! - posted!.inFlight.oldestAgeSeconds!)).toBeLessThanOrEqual(1);
    const list = await get<FlowHealthListResponse>(t, '/api/v1/flows/health?dataStatus=preliminary', viewer);
    expect(list.body.dataStatus).toBe('preliminary');
    expect(list.body.items.find((i) => i.flow === 'split-flow')!.measures).toMatchObject({
      dataStatus: 'preliminary',
      recordsPosted: 3,
      lagSeconds: { p50: 20 },
    });
    // Records without a data status are their own kind, not mixed into the others.
    expect((await detail('lag-flow', '?dataStatus=unspecified')).measures.recordsPosted).toBe(10);
    expect((await detail('lag-flow', '?dataStatus=posted')).measures.recordsPosted).toBe(0);
  });

  it('duplicates above 5% of deliveries degrade a flow', async () => {
    const d = await detail('split-flow');
    // 13 hops stored and one redelivery.
    expect(d.measures.duplicateRate).toBeCloseTo(1 / 14, 6);
    expect(d.status).toBe('degraded');
    expect(d.reasons.map((r) => r.code)).toEqual(['duplicates_high']);
  });

  it('error rate by class, failed records and amounts failed by currency; failing at half the hops', async () => {
    const d = await detail('failing-flow');
    expect(d.status).toBe('failing');
    expect(d.reason).toBe('3 of 6 hops failed in the window (50%)');
    expect(d.measures).toMatchObject({
      hops: 6,
      errors: 3,
      errorRate: 0.5,
      deadLetters: 1,
      failedRecords: 3,
      errorsByClass: [
        { errorClass: 'transient', errors: 2, rate: 2 / 6 },
        { errorClass: 'mapping', errors: 1, rate: 1 / 6 },
      ],
      amountFailed: [
        { currency: 'EUR', amount: '0.05', records: 1 },
        { currency: 'USD', amount: '300.5', records: 2 },
      ],
      inFlight: { count: 0, pastSlo: 0, oldestEmittedAt: null },
    });
    expect(d.reasons.map((r) => r.code)).toEqual(['error_rate_high', 'dead_letters']);
  });

  it('stale when records wait past the SLO and nothing was ever posted; in flight oldest first with age and SLO', async () => {
    const d = await detail('stale-flow');
    expect(d.status).toBe('stale');
    expect(d.reason).toBe('nothing ever posted while 3 records wait past the SLO of 10m');
    expect(d.measures.inFlight).toMatchObject({ count: 4, pastSlo: 3, oldestEmittedAt: at(1200).toISOString() });
    expect(d.measures.freshnessSeconds).toBeNull();

    const first = await get<Page<InFlightRecordDto>>(t, '/api/v1/flows/stale-flow/in-flight?limit=2', viewer);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r) => [r.recordKey, r.pastSlo])).toEqual([
      ['S-1', true],
      ['S-3', true],
    ]);
    expect(first.body.items[0]).toMatchObject({
      firstEmittedAt: at(1200).toISOString(),
      lastStage: 'emitted',
      amount: '1',
      currency: 'USD',
      dataStatus: 'unspecified',
    });
    expect(first.body.items[0]!.ageSeconds).toBeGreaterThanOrEqual(1200);
    const rest = await get<Page<InFlightRecordDto>>(t, `/api/v1/flows/stale-flow/in-flight?limit=2&cursor=${first.body.nextCursor}`, viewer);
    expect(rest.body.items.map((r) => [r.recordKey, r.pastSlo])).toEqual([
      ['S-4', true],
      ['S-2', false],
    ]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('a flow with nothing going on is healthy, saying so', async () => {
    const d = await detail('idle-flow');
    expect(d).toMatchObject({ status: 'healthy', reason: 'no activity in the window', byDataStatus: [], batch: null });
  });

  it('freshness of an event flow is the time since its last successful posting', async () => {
    const d = await detail('mirror-flow');
    expect(d.measures).toMatchObject({ lastPostedAt: at(495).toISOString(), freshnessBasis: 'posting' });
    expect(d.measures.freshnessSeconds).toBeGreaterThanOrEqual(495);
  });

  it('lag series: steps aligned to the step, percentiles and throughput per step', async () => {
    const res = await get<LagSeriesResponse>(t, '/api/v1/flows/lag-flow/lag-series?windowSeconds=3600&stepSeconds=600', viewer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flow: 'lag-flow', windowSeconds: 3600, stepSeconds: 600, dataStatus: 'all', maxLagSeconds: 60 });
    expect(res.body.points).toHaveLength(6);
    const expected = new Map<string, number[]>();
    for (const p of lagPostings) {
      const step = new Date(Math.floor(p.postedAt.getTime() / 600_000) * 600_000).toISOString();
      expected.set(
        step,
        [...(expected.get(step) ?? []), p.lag].sort((a, b) => a - b),
      );
    }
    for (const point of res.body.points) {
      const lags = expected.get(point.at) ?? [];
      expect(point.recordsPosted).toBe(lags.length);
      expect(point.throughputPerMinute).toBe(Math.round((lags.length / 10) * 100) / 100);
      expect(point.p50).toBe(lags.length ? Math.round(percentile(lags, 0.5) * 1000) / 1000 : null);
      expect(point.p99).toBe(lags.length ? Math.round(percentile(lags, 0.99) * 1000) / 1000 : null);
    }
    expect(res.body.points.reduce((n, p) => n + p.recordsPosted, 0)).toBe(10);
    expect(Date.parse(res.body.points[1]!.at) - Date.parse(res.body.points[0]!.at)).toBe(600_000);
  });

  it('one record across flows: lag, in-flight age, registered or not', async () => {
    const res = await get<RecordSyncResponse>(t, '/api/v1/records/DUAL-1/sync', viewer);
    expect(res.status).toBe(200);
    expect(res.body.recordKey).toBe('DUAL-1');
    expect(res.body.flows.map((f) => [f.flow, f.registered, f.lagSeconds, f.inFlight, f.pastSlo, f.dataStatus])).toEqual([
      ['mirror-flow', true, 5, false, false, 'posted'],
      ['shadow-x', false, null, true, null, 'unspecified'],
    ]);
    expect(res.body.flows[1]!.inFlightAgeSeconds).toBeGreaterThanOrEqual(400);
  });

  it('answers 404 for an unknown flow or record', async () => {
    for (const path of ['/api/v1/flows/nope/health', '/api/v1/flows/nope/lag-series', '/api/v1/flows/nope/in-flight', '/api/v1/records/NOPE/sync']) {
      const res = await get<{ error: { code: string } }>(t, path, viewer);
      expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'not_found']);
    }
  });

  it('refuses bad parameters naming the field', async () => {
    const cases: [string, string[]][] = [
      ['/api/v1/flows/health?windowSeconds=5', ['windowSeconds']],
      ['/api/v1/flows/health?dataStatus=final', ['dataStatus']],
      ['/api/v1/flows/health?limit=0', ['limit']],
      ['/api/v1/flows/health?cursor=garbage', ['cursor']],
      ['/api/v1/flows/health?window=60', ['window']],
      ['/api/v1/flows/lag-flow/health?windowSeconds=abc', ['windowSeconds']],
      ['/api/v1/flows/lag-flow/lag-series?windowSeconds=86400&stepSeconds=10', ['stepSeconds']],
      ['/api/v1/flows/lag-flow/lag-series?windowSeconds=600&stepSeconds=601', ['stepSeconds']],
      ['/api/v1/flows/lag-flow/in-flight?cursor=WyJ4Il0', ['cursor']],
      [`/api/v1/records/${'K'.repeat(501)}/sync`, ['recordKey']],
    ];
    for (const [path, fields] of cases) {
      const res = await get(t, path, viewer);
      expect([path, res.status, errorFields(res.body)]).toEqual([path, 400, fields]);
    }
  });

  it('publishes flows whose status changed on the LiveBus (flows.health)', async () => {
    const events: FlowHealthChangedEvent[] = [];
    const sub = t.app.get(LiveBus).flowHealth$.subscribe((e) => events.push(e));
    // A new instance has seen no status yet (as after a restart): every flow is a change.
    const evaluator = freshEvaluator(t);
    try {
      await evaluator.tick();
      expect(events).toHaveLength(1);
      expect(events[0]!.changes).toHaveLength(6);
      expect(events[0]!.changes.find((c) => c.flow === 'stale-flow')).toEqual({
        flow: 'stale-flow',
        status: 'stale',
        previous: null,
        reason: 'nothing ever posted while 3 records wait past the SLO of 10m',
      });
      // Nothing changed: nothing published.
      await evaluator.tick();
      expect(events).toHaveLength(1);

      await sendEvents(t, key, [
        ev('idle-flow', 'I-1', 'emitted', new Date(Date.now() - 20_000)),
        ev('idle-flow', 'I-1', 'failed', new Date(), { error: { class: 'policy' } }),
      ]);
      await evaluator.tick();
      expect(events).toHaveLength(2);
      expect(events[1]!.changes).toEqual([{ flow: 'idle-flow', status: 'failing', previous: 'healthy', reason: '1 of 2 hops failed in the window (50%)' }]);
    } finally {
      sub.unsubscribe();
    }
  });
});

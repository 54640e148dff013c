import { DataSource } from 'typeorm';
import { type RecordSyncResponse } from '@closewatch/contracts/sync-health';
import { startTestApp, type TestApp } from '../../test/test-app';
import { get, hop } from '../../test/telemetry-fixtures';
import { addFlow, addSystems, ev, exceptions, freshEvaluator as newEvaluator, secondsAgo, sendEvents, tick } from '../../test/sync-health-fixtures';
import { insertHops } from '../../test/hop-rows';

const FLOW = 'coupa-to-netsuite';

describe('sync-health evaluator', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
    key = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: FLOW, slo: { maxLagSeconds: 900 } });
  });
  afterAll(() => t.close());

  const recordSync = async (recordKey: string) => {
    const res = await get<RecordSyncResponse>(t, `/api/v1/records/${encodeURIComponent(recordKey)}/sync`, viewer);
    expect(res.status).toBe(200);
    return res.body.flows.find((f) => f.flow === FLOW)!;
  };
  const freshEvaluator = () => newEvaluator(t);

  it('folds new hops into per-record sync state, incrementally, and continues after a restart without double counting', async () => {
    const now = Date.now();
    await sendEvents(t, key, [
      ev(FLOW, 'INV-A', 'emitted', secondsAgo(600, now), { amount: '120.50', currency: 'USD' }),
      ev(FLOW, 'INV-A', 'received', secondsAgo(590, now)),
      ev(FLOW, 'INV-A', 'posted', secondsAgo(500, now), { dataStatus: 'posted' }),
      ev(FLOW, 'INV-B', 'emitted', secondsAgo(300, now)),
    ]);
    expect(await tick(t)).toMatchObject({ claimed: true, hops: 4, caughtUp: true });

    expect(await recordSync('INV-A')).toMatchObject({
      firstEmittedAt: secondsAgo(600, now).toISOString(),
      firstPostedAt: secondsAgo(500, now).toISOString(),
      lagSeconds: 100,
      inFlight: false,
      inFlightAgeSeconds: null,
      dataStatus: 'posted',
      lastStage: 'posted',
      hops: 3,
      amount: '120.50',
      currency: 'USD',
    });
    const b = await recordSync('INV-B');
    expect(b).toMatchObject({ inFlight: true, pastSlo: false, lagSeconds: null, dataStatus: 'unspecified', hops: 1 });
    expect(b.inFlightAgeSeconds).toBeGreaterThanOrEqual(300);

    // Nothing new: nothing read.
    expect(await tick(t)).toMatchObject({ hops: 0, findings: 0 });

    await sendEvents(t, key, [ev(FLOW, 'INV-B', 'posted', secondsAgo(10, now))]);
    expect((await tick(t)).hops).toBe(1);
    expect(await recordSync('INV-B')).toMatchObject({ lagSeconds: 290, inFlight: false, hops: 2 });

    // A restart: a new instance continues from the persisted watermark.
    const restarted = freshEvaluator();
    expect((await restarted.tick()).hops).toBe(0);
    await sendEvents(t, key, [ev(FLOW, 'INV-B', 'published', secondsAgo(5, now))]);
    expect((await restarted.tick()).hops).toBe(1);
    expect((await tick(t)).hops).toBe(0);
    expect(await recordSync('INV-B')).toMatchObject({ hops: 3, lagSeconds: 290, lastStage: 'published' });
  });

  it('a failed or dead-lettered hop is a delivery failure with its error class; a later posting of the record clears it', async () => {
    const now = Date.now();
    await sendEvents(t, key, [
      ev(FLOW, 'INV-F', 'emitted', secondsAgo(400, now), { amount: '5000.00', currency: 'EUR', entity: 'DE01', period: '2026-11' }),
      ev(FLOW, 'INV-F', 'failed', secondsAgo(390, now), { error: { class: 'transient', code: 'HTTP_503', message: 'NetSuite unavailable' } }),
      ev(FLOW, 'INV-D', 'emitted', secondsAgo(400, now)),
      ev(FLOW, 'INV-D', 'dead_lettered', secondsAgo(380, now), { error: { class: 'target_rejected', message: 'Vendor inactive' } }),
    ]);
    const report = await tick(t);
    expect(report).toMatchObject({ hops: 4, findings: 2, resolves: 0, delivered: 2 });

    const [f] = await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-F' });
    expect(f).toMatchObject({
      flow: FLOW,
      status: 'open',
      cause: 'transient',
      amountAtRisk: '5000.00',
      currency: 'EUR',
      entity: 'DE01',
      period: '2026-11',
      occurrences: 1,
    });
    const [d] = await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-D' });
    expect(d).toMatchObject({ status: 'open', cause: 'target_rejected', detail: 'Vendor inactive' });
    // Failed records are not in flight.
    expect(await recordSync('INV-F')).toMatchObject({ inFlight: false, failed: true, lastError: { class: 'transient', code: 'HTTP_503' } });

    // Replayed and posted: the failure clears; the dead letter stays.
    await sendEvents(t, key, [ev(FLOW, 'INV-F', 'replayed', secondsAgo(100, now)), ev(FLOW, 'INV-F', 'posted', secondsAgo(90, now))]);
    expect(await tick(t)).toMatchObject({ hops: 2, findings: 0, resolves: 2 });
    const [resolved] = await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-F' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { code: 'auto_resolved', note: 'a later step of the record posted it' } });
    expect((await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-D' }))[0]!.status).toBe('open');
    expect(await recordSync('INV-F')).toMatchObject({ retries: 1, failed: false, lagSeconds: 310 });
  });

  it('the same record failing again the same way is the same exception, seen once more', async () => {
    const now = Date.now();
    await sendEvents(t, key, [
      ev(FLOW, 'INV-R', 'emitted', secondsAgo(300, now)),
      ev(FLOW, 'INV-R', 'failed', secondsAgo(290, now), { error: { class: 'policy' } }),
    ]);
    await tick(t);
    await sendEvents(t, key, [
      ev(FLOW, 'INV-R', 'replayed', secondsAgo(200, now)),
      ev(FLOW, 'INV-R', 'failed', secondsAgo(190, now), { error: { class: 'policy' } }),
    ]);
    await tick(t);
    const list = await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-R' });
    expect(list.map((e) => [e.status, e.occurrences])).toEqual([['open', 2]]);
  });

  it('a mapping error is an unmapped dimension, not a delivery failure', async () => {
    const now = Date.now();
    await sendEvents(t, key, [
      ev(FLOW, 'INV-M', 'emitted', secondsAgo(100, now)),
      ev(FLOW, 'INV-M', 'transformed', secondsAgo(95, now), {
        error: { class: 'mapping', code: 'UNMAPPED_COST_CENTRE', message: 'No mapping for cost centre CC-9001' },
      }),
    ]);
    await tick(t);
    expect((await exceptions(t, viewer, { type: 'unmapped_dimension', recordKey: 'INV-M' })).map((e) => [e.status, e.cause, e.detail])).toEqual([
      ['open', 'UNMAPPED_COST_CENTRE', 'No mapping for cost centre CC-9001'],
    ]);
    expect(await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-M' })).toEqual([]);
  });

  it('in flight past maxLagSeconds is a sync delay, reported once; within it is not; posting clears it', async () => {
    const now = Date.now();
    await sendEvents(t, key, [
      ev(FLOW, 'INV-S1', 'emitted', secondsAgo(1000, now), { amount: '75.00', currency: 'USD' }),
      ev(FLOW, 'INV-S1', 'received', secondsAgo(990, now), { system: 'mulesoft' }),
      ev(FLOW, 'INV-S2', 'emitted', secondsAgo(100, now)),
    ]);
    await tick(t);
    await tick(t);
    const delays = await exceptions(t, viewer, { type: 'sync_delay', flow: FLOW });
    expect(delays.map((e) => [e.recordKey, e.status, e.occurrences, e.amountAtRisk])).toEqual([['INV-S1', 'open', 1, '75.00']]);
    expect(delays[0]!.detail).toMatch(/^In flight for 1[67]m \(SLO 15m\); last step received at mulesoft$/);

    // Time passes (the evaluation's clock moves on): INV-S2 crosses the SLO too.
    expect((await tick(t, new Date(now + 900_000))).findings).toBe(1);
    expect((await exceptions(t, viewer, { type: 'sync_delay', recordKey: 'INV-S2' })).map((e) => e.status)).toEqual(['open']);

    await sendEvents(t, key, [ev(FLOW, 'INV-S1', 'posted', secondsAgo(5, now))]);
    expect((await tick(t)).resolves).toBe(1);
    const [s1] = await exceptions(t, viewer, { type: 'sync_delay', recordKey: 'INV-S1' });
    expect(s1).toMatchObject({ status: 'resolved', resolution: { code: 'auto_resolved', note: 'record posted' } });
  });

  it('hops of a flow the catalog does not know are an unregistered flow, cleared when it is registered', async () => {
    const now = Date.now();
    await sendEvents(t, key, [ev('shadow-etl', 'X-1', 'emitted', secondsAgo(50, now)), ev('shadow-etl', 'X-2', 'emitted', secondsAgo(40, now))]);
    await tick(t);
    const [u] = await exceptions(t, viewer, { type: 'unregistered_flow', flow: 'shadow-etl' });
    expect(u).toMatchObject({ status: 'open', detail: '2 hops of flow shadow-etl, which is not in the catalog' });

    await addFlow(t, admin, { id: 'shadow-etl' });
    expect((await tick(t)).resolves).toBe(1);
    const [after] = await exceptions(t, viewer, { type: 'unregistered_flow', flow: 'shadow-etl' });
    expect(after).toMatchObject({ status: 'resolved', resolution: { code: 'auto_resolved', note: 'flow registered in the catalog' } });
    // Its records were kept and now count for the registered flow.
    const res = await get<RecordSyncResponse>(t, '/api/v1/records/X-1/sync', viewer);
    expect(res.body.flows).toMatchObject([{ flow: 'shadow-etl', registered: true, inFlight: true }]);
  });

  it('a hop that commits after later ids were evaluated is picked up late, once', async () => {
    const ds = t.app.get(DataSource);
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      // Takes an id now, commits later.
      await insertHops(slow.manager, [hop({ flowId: FLOW, recordKey: 'INV-LATE', stage: 'emitted', occurredAt: secondsAgo(30) })]);
      await sendEvents(t, key, [ev(FLOW, 'INV-EARLY', 'emitted', secondsAgo(20))]);
      expect((await tick(t)).hops).toBe(1);
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }
    expect((await tick(t)).hops).toBe(1);
    expect(await recordSync('INV-LATE')).toMatchObject({ inFlight: true, hops: 1 });
    expect((await tick(t)).hops).toBe(0);
    // The gap it left is closed.
    const [gaps] = await ds.query(
      `select count(*)::int as n from sync_cursor_gaps g join hops h on g.ids @> h.id where g.stream = 'hops' and h.record_key = 'INV-LATE'`,
    );
    expect(gaps.n).toBe(0);
  });

  it('is claimed once across replicas: while another evaluator holds the lock, a tick does nothing', async () => {
    const ds = t.app.get(DataSource);
    await sendEvents(t, key, [ev(FLOW, 'INV-L', 'emitted', secondsAgo(10))]);
    const other = ds.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`select pg_advisory_xact_lock(hashtextextended('closewatch:sync-health', 0))`);
      expect(await freshEvaluator().tick()).toMatchObject({ claimed: false, hops: 0 });
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
    expect(await freshEvaluator().tick()).toMatchObject({ claimed: true, hops: 1 });
  });

  it('leaves nothing queued once the intake took it', async () => {
    const [row] = await t.app.get(DataSource).query(`select count(*)::int as n from sync_findings_outbox`);
    expect(row.n).toBe(0);
  });
});

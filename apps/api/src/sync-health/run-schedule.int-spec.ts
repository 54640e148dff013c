import { DataSource } from 'typeorm';
import { type FlowHealthDetailDto } from '@closewatch/contracts/sync-health';
import { startTestApp, type TestApp } from '../../test/test-app';
import { get } from '../../test/telemetry-fixtures';
import { addFlow, addSystems, exceptions, sendRun, tick } from '../../test/sync-health-fixtures';
import { expectedSlots } from './expected-slots';

const FLOW = 'erp-to-anaplan-actuals';
const HOUR = 3_600_000;
const MIN = 60_000;

describe('expected batch runs', () => {
  let t: TestApp;
  let viewer: string;
  let key: string;
  // The hour before the current one: every time below is in the past.
  const H = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();

  const run = (entity: string, slot: number, startAfterMs: number, outcome: 'succeeded' | 'failed') => {
    const runId = `${entity}-${iso(slot)}`;
    const startedAt = iso(slot + startAfterMs);
    const finishedAt = iso(slot + startAfterMs + 4 * MIN);
    return [
      { flow: FLOW, runId, status: 'started' as const, startedAt, entity, period: '2026-11' },
      {
        flow: FLOW,
        runId,
        status: outcome,
        startedAt,
        finishedAt,
        entity,
        period: '2026-11',
        rowsRead: 100,
        ...(outcome === 'failed' ? { error: { code: 'TIMEOUT', message: 'Anaplan import timed out' } } : {}),
      },
    ];
  };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
    key = await t.ingestKey(['runs']);
    await addSystems(t, admin, ['netsuite', 'anaplan']);
    await addFlow(t, admin, {
      id: FLOW,
      sourceSystem: 'netsuite',
      targetSystem: 'anaplan',
      pattern: 'batch',
      workflow: 'record_to_report',
      entities: ['DE01', 'US01'],
      slo: { maxLagSeconds: 3600, scheduleCron: '0 * * * *', scheduleTimezone: 'UTC', graceSeconds: 600 },
    });
    await addFlow(t, admin, {
      id: 'old-batch',
      sourceSystem: 'netsuite',
      targetSystem: 'anaplan',
      pattern: 'batch',
      workflow: 'record_to_report',
      slo: { maxLagSeconds: 3600, scheduleCron: '0 2 * * *', scheduleTimezone: 'Europe/Berlin', graceSeconds: 900 },
    });
    const ds = t.app.get(DataSource);
    await ds.query(`update flows set created_at = $2 where id = $1`, [FLOW, new Date(H - 4 * HOUR - 30 * MIN)]);
    await ds.query(`update flows set created_at = $2 where id = $1`, ['old-batch', new Date(H - 30 * 24 * HOUR)]);

    const reports = [
      ...run('DE01', H - 4 * HOUR, MIN, 'succeeded'),
      ...run('US01', H - 4 * HOUR, MIN, 'succeeded'),
      ...run('DE01', H - 3 * HOUR, MIN, 'failed'),
      ...run('US01', H - 3 * HOUR, MIN, 'succeeded'),
      ...run('DE01', H - 2 * HOUR, MIN, 'succeeded'),
      // US01 at H-2h: no run.
      ...run('DE01', H - HOUR, 15 * MIN, 'succeeded'), // started after the 10-minute grace: that slot is missed
      ...run('US01', H - HOUR, MIN, 'succeeded'),
      ...run('DE01', H, MIN, 'failed'),
      // US01 at H: no run.
    ];
    for (const r of reports) await sendRun(t, key, r);
  });
  afterAll(() => t.close());

  const health = async () => {
    const res = await get<FlowHealthDetailDto>(t, `/api/v1/flows/${FLOW}/health?windowSeconds=86400`, viewer);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('a missing run per entity is a missed_run; resolved at once when a later run already succeeded', async () => {
    const report = await tick(t, new Date(H + 30 * MIN));
    expect(report.runs).toBe(16);
    const missed = await exceptions(t, viewer, { type: 'missed_run', flow: FLOW });
    expect(missed.map((e) => [e.runId, e.entity, e.status])).toEqual([
      [`${iso(H - 2 * HOUR)}/US01`, 'US01', 'resolved'],
      [`${iso(H - HOUR)}/DE01`, 'DE01', 'resolved'],
      [`${iso(H)}/US01`, 'US01', 'open'],
    ]);
    expect(missed[2]!.title).toBe(`Expected run of ${FLOW} at ${iso(H)} for US01 did not start`);
    expect(missed[0]!.resolution).toMatchObject({ code: 'auto_resolved', note: 'a later run succeeded' });
  });

  it('a failed run is a run_failed; a later successful run of the entity clears it', async () => {
    const failed = await exceptions(t, viewer, { type: 'run_failed', flow: FLOW });
    expect(failed.map((e) => [e.runId, e.entity, e.cause, e.status])).toEqual([
      [`DE01-${iso(H - 3 * HOUR)}`, 'DE01', 'TIMEOUT', 'resolved'],
      [`DE01-${iso(H)}`, 'DE01', 'TIMEOUT', 'open'],
    ]);
    expect(failed[1]!.detail).toBe('Anaplan import timed out');
  });

  it('the status says why: the last run failed, an entity is overdue, runs missed and failed in the window', async () => {
    const h = await health();
    expect(h.status).toBe('failing');
    expect(h.reason).toBe(`the last run DE01-${iso(H)} (DE01) failed at ${iso(H + 5 * MIN)}`);
    expect(h.reasons.map((r) => r.code)).toEqual(['last_run_failed', 'no_successful_run_since_expected', 'missed_runs']);
    expect(h.batch).toMatchObject({
      cron: '0 * * * *',
      timezone: 'UTC',
      graceSeconds: 600,
      lastSuccessAt: iso(H - HOUR + 19 * MIN),
      lastRun: { runId: `DE01-${iso(H)}`, status: 'failed', entity: 'DE01' },
      missedInWindow: 3,
      failedRunsInWindow: 2,
      entities: [
        { entity: 'DE01', lastSlotAt: iso(H), lastOutcome: 'ran', runId: `DE01-${iso(H)}` },
        { entity: 'US01', lastSlotAt: iso(H), lastOutcome: 'missed', runId: null },
      ],
    });
    expect(h.measures.freshnessBasis).toBe('run');
    expect(h.measures.freshnessSeconds).toBeGreaterThanOrEqual((Date.now() - (H - HOUR + 19 * MIN)) / 1000 - 5);
  });

  it('evaluates each slot once: a second tick finds nothing new', async () => {
    expect(await tick(t, new Date(H + 30 * MIN))).toMatchObject({ runs: 0, findings: 0, resolves: 0 });
    const [row] = await t.app.get(DataSource).query(`select count(*)::int as n from sync_run_slots where flow_id = $1`, [FLOW]);
    expect(row.n).toBe(10);
  });

  it('late runs that succeed clear the open findings; the flow recovers to degraded', async () => {
    for (const r of [...run('US01', H, 40 * MIN, 'succeeded'), ...run('DE01', H, 42 * MIN, 'succeeded').map((x) => ({ ...x, runId: `${x.runId}-retry` }))]) {
      await sendRun(t, key, r);
    }
    expect(await tick(t, new Date(H + 50 * MIN))).toMatchObject({ runs: 4, findings: 0 });
    expect((await exceptions(t, viewer, { type: 'missed_run', flow: FLOW, status: 'open' })).length).toBe(0);
    expect((await exceptions(t, viewer, { type: 'run_failed', flow: FLOW, status: 'open' })).length).toBe(0);
    const h = await health();
    expect(h.status).toBe('degraded');
    expect(h.reasons.map((r) => r.code)).toEqual(['missed_runs', 'failed_runs']);
  });

  it('a first evaluation looks back a bounded time (7 days), not to the flow creation a month ago', async () => {
    const now = new Date(H + 30 * MIN);
    const expected = expectedSlots('0 2 * * *', 'Europe/Berlin', new Date(now.getTime() - 7 * 24 * HOUR), new Date(now.getTime() - 900_000), 100).slots;
    const missed = await exceptions(t, viewer, { type: 'missed_run', flow: 'old-batch' });
    expect(missed.map((e) => e.runId)).toEqual(expected.map((s) => s.toISOString()));
    expect(missed.length).toBeGreaterThanOrEqual(6);
    expect(missed.every((e) => e.status === 'open' && e.entity === null)).toBe(true);
  });
});

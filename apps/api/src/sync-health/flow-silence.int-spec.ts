import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, addSystems, call, ev, exceptions, secondsAgo, sendEvents, tick } from '../../test/sync-health-fixtures';
import { SyncHealthService } from './sync-health.service';

const WATCHED = 'stripe-to-netsuite-payments';
const UNWATCHED = 'stripe-to-netsuite-refunds';
const MIN = 60_000;

describe('sync-health: silent event flows (maxSilenceSeconds)', () => {
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
    await addFlow(t, admin, { id: WATCHED, impacts: ['cash'], slo: { maxLagSeconds: 900, maxSilenceSeconds: 1800 } });
    await addFlow(t, admin, { id: UNWATCHED, slo: { maxLagSeconds: 900 } });
  });
  afterAll(() => t.close());

  const status = async (flow: string, now: Date) => t.app.get(SyncHealthService).detail(flow, { windowSeconds: 3600 }, now);

  it('a source silent past the threshold makes the flow stale and raises one flow_stale; hops arriving again resolve it', async () => {
    const start = Date.now();
    await sendEvents(t, key, [
      ev(WATCHED, 'PAY-1', 'emitted', secondsAgo(60, start)),
      ev(WATCHED, 'PAY-1', 'posted', secondsAgo(30, start)),
      ev(UNWATCHED, 'REF-1', 'emitted', secondsAgo(60, start)),
      ev(UNWATCHED, 'REF-1', 'posted', secondsAgo(30, start)),
    ]);
    expect(await tick(t, new Date(start))).toMatchObject({ hops: 4, findings: 0 });
    expect((await status(WATCHED, new Date(start))).status).toBe('healthy');

    // 20 minutes of silence: within the threshold of 30 minutes.
    expect(await tick(t, new Date(start + 20 * MIN))).toMatchObject({ findings: 0, resolves: 0 });

    // 40 minutes: past it.
    const late = new Date(start + 40 * MIN);
    expect(await tick(t, late)).toMatchObject({ findings: 1, resolves: 0 });
    const stale = await status(WATCHED, late);
    expect(stale.status).toBe('stale');
    expect(stale.reasons[0]).toMatchObject({ code: 'source_silent', status: 'stale' });
    expect(stale.reason).toContain(`the last hop was at ${secondsAgo(30, start).toISOString()}`);
    expect(stale.reason).toContain('past the threshold of 30m');

    // Another tick while still silent: the same exception, not a second one, not seen again.
    expect(await tick(t, new Date(start + 50 * MIN))).toMatchObject({ findings: 0, resolves: 0 });
    const open = await exceptions(t, viewer, { type: 'flow_stale' });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ flow: WATCHED, status: 'open', recordKey: null, runId: null, occurrences: 1 });
    expect(open[0]!.detail).toContain('threshold 30m');

    // Without a threshold, the same silence raises nothing.
    expect((await status(UNWATCHED, late)).status).not.toBe('stale');

    // The source speaks again.
    const back = start + 55 * MIN;
    await sendEvents(t, key, [ev(WATCHED, 'PAY-2', 'emitted', new Date(back - 5000))]);
    expect(await tick(t, new Date(back))).toMatchObject({ hops: 1, findings: 0, resolves: 1 });
    const [resolved] = await exceptions(t, viewer, { type: 'flow_stale' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { code: 'auto_resolved', note: 'hops of the flow arrived again' } });
    expect((await status(WATCHED, new Date(back))).reasons.map((r) => r.code)).not.toContain('source_silent');
    expect(await tick(t, new Date(back + MIN))).toMatchObject({ findings: 0, resolves: 0 });

    // Silent again: the same exception (one problem per flow) is reopened.
    await tick(t, new Date(back + 40 * MIN));
    const again = await exceptions(t, viewer, { type: 'flow_stale' });
    expect(again.map((e) => [e.id, e.status])).toEqual([[resolved!.id, 'open']]);
    await sendEvents(t, key, [ev(WATCHED, 'PAY-2', 'posted', new Date(back + 41 * MIN))]);
    expect(await tick(t, new Date(back + 42 * MIN))).toMatchObject({ resolves: 2 });
    expect((await exceptions(t, viewer, { type: 'flow_stale' }))[0]!.status).toBe('resolved');
  });

  it('removing the threshold resolves an open flow_stale', async () => {
    const start = Date.now();
    const far = new Date(start + 6 * 3600_000);
    expect(await tick(t, far)).toMatchObject({ findings: 1 });
    expect((await exceptions(t, viewer, { type: 'flow_stale', status: 'open' })).map((e) => e.flow)).toEqual([WATCHED]);

    const flow = await call<{ slo: Record<string, unknown> }>(t, 'GET', `/api/v1/flows/${WATCHED}`, viewer);
    const { maxSilenceSeconds: _off, ...slo } = flow.body.slo;
    const put = await call(t, 'PUT', `/api/v1/flows/${WATCHED}`, admin, { ...flow.body, slo });
    expect(put.status).toBe(200);
    expect(await tick(t, new Date(far.getTime() + MIN))).toMatchObject({ findings: 0, resolves: 1 });
    expect(await exceptions(t, viewer, { type: 'flow_stale', status: 'open' })).toEqual([]);
    const rows: unknown[] = await t.app.get(DataSource).query(`select * from sync_flow_silences`);
    expect(rows).toEqual([]);
  });

  it('the flows API keeps the threshold and names its path when it is bad', async () => {
    const got = await call<{ slo: Record<string, unknown> }>(t, 'GET', `/api/v1/flows/${UNWATCHED}`, viewer);
    expect(got.body.slo).not.toHaveProperty('maxSilenceSeconds');
    const bad = await call<{ error: { code: string; details: { field: string }[] } }>(t, 'PUT', `/api/v1/flows/${UNWATCHED}`, admin, {
      ...got.body,
      slo: { ...got.body.slo, maxSilenceSeconds: -5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual(['slo.maxSilenceSeconds']);
    const ok = await call<{ slo: Record<string, unknown> }>(t, 'PUT', `/api/v1/flows/${UNWATCHED}`, admin, {
      ...got.body,
      slo: { ...got.body.slo, maxSilenceSeconds: 7200 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.slo.maxSilenceSeconds).toBe(7200);
    const yaml = await fetch(`${t.url}/api/v1/catalog?format=yaml`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(await yaml.text()).toContain('maxSilenceSeconds: 7200');
  });
});

import { DataSource } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import {
  type CloseGateDto,
  type GateCallDto,
  type ReadinessChangedEvent,
  type ReadinessListResponse,
  type ReadinessRulesDto,
  type ReadinessTransitionDto,
  READINESS_REASON_KINDS,
} from '@closewatch/contracts/readiness';
import { previousPeriod } from '@closewatch/contracts/periods';
import { closeWindowAt } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, addSystems, call, ev, sendEvents, tick } from '../../test/sync-health-fixtures';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { LiveBus } from '../live/live-bus';
import { ReadinessService } from './readiness.service';

const DAY = 86_400_000;

describe('close readiness and the gate', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let gateKey: string;
  let eventsKey: string;
  let readiness: ReadinessService;
  let exceptions: ExceptionsService;
  let ds: DataSource;
  const changes: ReadinessChangedEvent[] = [];
  const now = new Date();
  // DE01 closes P in three days (its close has started); UK01's deadline of P passed yesterday.
  const P = previousPeriod(now.toISOString().slice(0, 7));

  const calendar = (entity: string, closeStart: Date, deadline: Date) => closeWindowAt(t, entity, P, closeStart, deadline);

  const gate = (entity: string, token: string, period = P) => call<CloseGateDto>(t, 'GET', `/api/v1/gates/close?entity=${entity}&period=${period}`, token);
  /** Every reason kind a verdict has given, to check the contract's list is covered. */
  const kindsSeen = new Set<string>();
  const verdict = async (entity = 'DE01') => {
    await readiness.pass();
    const res = await gate(entity, viewer);
    expect(res.status).toBe(200);
    for (const r of res.body.reasons) kindsSeen.add(r.kind);
    return res.body;
  };
  const kinds = (g: CloseGateDto) => g.reasons.map((r) => `${r.severity}:${r.kind}`);
  const finding = (over: Record<string, unknown>) =>
    exceptions.recordFinding({ type: 'delivery_failure', flow: 'gl', recordKey: `R-${Math.random()}`, entity: 'DE01', period: P, ...over } as never);
  /** Resolves every open exception through the workflow API, as a person would. */
  const resolveAll = async () => {
    const open: { id: string }[] = await ds.query(`select id from exceptions where status in ('open', 'acknowledged')`);
    for (const { id } of open) expect((await call(t, 'POST', `/api/v1/exceptions/${id}/resolve`, admin, { code: 'fixed', note: 'test' })).status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp();
    readiness = t.app.get(ReadinessService);
    exceptions = t.app.get(ExceptionsService);
    ds = t.app.get(DataSource);
    t.app.get(LiveBus).readiness$.subscribe((e) => changes.push(e));
    admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
    gateKey = await t.ingestKey(['gates']);
    eventsKey = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: 'gl', impacts: ['close'], entities: ['DE01', 'UK01'], materiality: { amount: '10000.00', currency: 'USD' } });
    await addFlow(t, admin, { id: 'fx-feed', impacts: ['close'], entities: ['DE01'], slo: { maxLagSeconds: 900 } });
    await addFlow(t, admin, { id: 'crm', impacts: ['cash'], entities: ['DE01'] });
    await calendar('DE01', new Date(now.getTime() - DAY), new Date(now.getTime() + 3 * DAY));
    await calendar('UK01', new Date(now.getTime() - 5 * DAY), new Date(now.getTime() - DAY));
  });
  afterAll(() => t.close());

  it('starts ready, with the first evaluation in the history', async () => {
    const g = await verdict();
    expect(g).toMatchObject({ entity: 'DE01', period: P, status: 'ready', reasons: [] });
    const list = await call<ReadinessListResponse>(t, 'GET', `/api/v1/close/readiness?period=${P}`, viewer);
    expect(list.body.items.map((i) => [i.entity, i.status])).toEqual([
      ['DE01', 'ready'],
      ['UK01', 'ready'],
    ]);
    expect(list.body.items[0]).toMatchObject({ deadlineAt: expect.any(String), workingDaysLeft: expect.any(Number), since: expect.any(String) });
    const history = await call<Page<ReadinessTransitionDto>>(t, 'GET', `/api/v1/close/readiness/history?entity=DE01&period=${P}`, viewer);
    expect(history.body.items).toEqual([expect.objectContaining({ from: null, to: 'ready' })]);
  });

  it('a material exception blocks, linked to it; resolving it makes the entity ready again, with each change in the history', async () => {
    changes.length = 0;
    const { id } = await finding({ amount: '25000.00', currency: 'USD' });
    const blocked = await verdict();
    expect(blocked.status).toBe('blocked');
    expect(blocked.reasons).toEqual([expect.objectContaining({ kind: 'material_exception', severity: 'blocked', flow: 'gl', exceptionId: id })]);
    expect(changes.flatMap((c) => c.changes)).toContainEqual({ entity: 'DE01', period: P, from: 'ready', to: 'blocked' });
    // Other entities the flow serves are not touched by an exception of DE01.
    expect((await verdict('UK01')).status).toBe('ready');

    await resolveAll();
    expect((await verdict()).status).toBe('ready');
    const history = await call<Page<ReadinessTransitionDto>>(t, 'GET', `/api/v1/close/readiness/history?entity=DE01&period=${P}`, viewer);
    expect(history.body.items.map((h) => `${h.from}→${h.to}`)).toEqual(['blocked→ready', 'ready→blocked', 'null→ready']);
    expect(history.body.items[1]!.reasons[0]).toMatchObject({ kind: 'material_exception', exceptionId: id });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an exception below materiality', { amount: '50.00', currency: 'USD' }, 'at_risk:material_exception'],
    ['an unmapped dimension value', { type: 'unmapped_dimension', cause: 'UNMAPPED_ACCOUNT' }, 'at_risk:unmapped_dimension'],
    ['a missed batch run', { type: 'missed_run', recordKey: null, runId: 'slot-1' }, 'blocked:run_missing'],
    ['a failed batch run', { type: 'run_failed', recordKey: null, runId: 'run-7' }, 'blocked:run_failed'],
    ['a stale flow (no entity, no period)', { type: 'flow_stale', recordKey: null, entity: null, period: null }, 'at_risk:flow_stale'],
  ])('%s', async (_name, over, expected) => {
    await finding(over);
    const g = await verdict();
    expect(kinds(g)).toEqual([expected]);
    expect(g.status).toBe(expected.split(':')[0]);
    expect(g.reasons[0]!.exceptionId).toEqual(expect.any(String));
    await resolveAll();
  });

  it('a failing close-tagged flow blocks while the period is open', async () => {
    const at = (s: number) => new Date(Date.now() - s * 1000);
    await sendEvents(t, eventsKey, [
      ev('fx-feed', 'FX-1', 'emitted', at(120)),
      ev('fx-feed', 'FX-1', 'failed', at(110), { error: { class: 'transient' } }),
      ev('fx-feed', 'FX-2', 'emitted', at(100)),
      ev('fx-feed', 'FX-2', 'dead_lettered', at(90), { error: { class: 'transient' } }),
    ]);
    await tick(t);
    const g = await verdict();
    expect(g.reasons).toContainEqual(expect.objectContaining({ kind: 'flow_failing', severity: 'blocked', flow: 'fx-feed' }));
    expect(g.status).toBe('blocked');
    // UK01's period is closed (deadline passed): today's failures are not its problem.
    expect(kinds(await verdict('UK01'))).not.toContain('blocked:flow_failing');
    await ds.query(`update flows set impacts = '{}' where id = 'fx-feed'`);
    await resolveAll();
    expect((await verdict()).status).toBe('ready');
  });

  it('reconciliations of the period: missing puts at risk, failed or material breaks block, a clean run clears', async () => {
    await ds.query(
      `insert into recon_definitions (id, name, flow_id, definition) values ('gl-recon', 'GL vs bank', 'gl', '{"scope": {"period": "previous"}}')`,
    );
    expect(kinds(await verdict())).toEqual(['at_risk:recon_missing']);
    const run = async (status: string, material: boolean | null, breaks: number) => {
      const [row]: { id: string }[] = await ds.query(
        `insert into recon_runs (recon_id, flow_id, status, trigger, scope, material, amount_mismatch, finished_at, queued_at)
         values ('gl-recon', 'gl', $1, 'manual', $2, $3, $4, now(), clock_timestamp()) returning id`,
        [status, JSON.stringify({ period: P, entity: 'DE01' }), material, breaks],
      );
      return row!.id;
    };
    const failed = await run('failed', null, 0);
    let g = await verdict();
    expect(g.reasons).toEqual([expect.objectContaining({ kind: 'recon_failed', severity: 'blocked', reconId: 'gl-recon', runId: failed })]);
    const material = await run('succeeded', true, 7);
    g = await verdict();
    expect(g.reasons).toEqual([expect.objectContaining({ kind: 'recon_material_breaks', reconId: 'gl-recon', runId: material })]);
    expect(g.reasons[0]!.message).toContain('7 breaks');
    // A run of another period does not count for this one.
    await ds.query(
      `insert into recon_runs (recon_id, flow_id, status, trigger, scope, material, finished_at, queued_at) values ('gl-recon', 'gl', 'succeeded', 'manual', $1, false, now(), clock_timestamp())`,
      [JSON.stringify({ period: previousPeriod(P) })],
    );
    expect((await verdict()).status).toBe('blocked');
    await run('succeeded', false, 0);
    expect((await verdict()).status).toBe('ready');
    // The runs name DE01; UK01's reconciliation of the period is still to run.
    expect(kinds(await verdict('UK01'))).toEqual(['at_risk:recon_missing']);
    await ds.query(
      `insert into recon_runs (recon_id, flow_id, status, trigger, scope, material, finished_at, queued_at) values ('gl-recon', 'gl', 'succeeded', 'manual', $1, false, now(), clock_timestamp())`,
      [JSON.stringify({ period: P, entity: 'UK01' })],
    );
    expect((await verdict('UK01')).status).toBe('ready');
  });

  it('postings into a period after its deadline are late postings', async () => {
    await sendEvents(t, eventsKey, [ev('gl', 'LATE-1', 'posted', new Date(), { entity: 'UK01', period: P, amount: '10.00', currency: 'USD' })]);
    const g = await verdict('UK01');
    expect(g.reasons).toEqual([expect.objectContaining({ kind: 'late_posting', severity: 'at_risk', flow: 'gl' })]);
    expect(g.reasons[0]!.message).toContain('LATE-1');
    // DE01's deadline has not passed: its postings are on time.
    await sendEvents(t, eventsKey, [ev('gl', 'ONTIME-1', 'posted', new Date(), { entity: 'DE01', period: P })]);
    expect((await verdict()).status).toBe('ready');
  });

  it('rules per entity: a kind can block, only put at risk, or be ignored; deleting them restores the defaults', async () => {
    const put = await call<ReadinessRulesDto>(t, 'PUT', '/api/v1/close/readiness-rules/UK01', admin, { rules: { late_posting: 'blocked' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ entity: 'UK01', overrides: { late_posting: 'blocked' }, rules: { late_posting: 'blocked', recon_missing: 'at_risk' } });
    expect((await verdict('UK01')).status).toBe('blocked');
    await call(t, 'PUT', '/api/v1/close/readiness-rules/UK01', admin, { rules: { late_posting: 'ignore' } });
    expect(await verdict('UK01')).toMatchObject({ status: 'ready', reasons: [] });
    const bad = await call<{ error: { details: { field: string }[] } }>(t, 'PUT', '/api/v1/close/readiness-rules/UK01', admin, {
      rules: { late_posting: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]!.field).toBe('rules.late_posting');
    expect((await call(t, 'PUT', '/api/v1/close/readiness-rules/UK01', viewer, { rules: {} })).status).toBe(403);
    expect((await call(t, 'DELETE', '/api/v1/close/readiness-rules/UK01', admin)).status).toBe(204);
    expect((await verdict('UK01')).status).toBe('at_risk');
  });

  it('ingest keys with the gates scope may ask the gate, other keys may not; every call is recorded', async () => {
    const byKey = await gate('UK01', gateKey);
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({ entity: 'UK01', period: P, status: 'at_risk', evaluatedAt: expect.any(String) });
    expect(Object.keys(byKey.body.reasons[0]!).sort()).toEqual(['exceptionId', 'flow', 'kind', 'message', 'reconId', 'runId', 'severity']);
    expect((await gate('UK01', eventsKey)).status).toBe(401);
    expect((await call(t, 'GET', `/api/v1/close/readiness?period=${P}`, gateKey)).status).toBe(401);
    const calls = await call<Page<GateCallDto>>(t, 'GET', '/api/v1/gates/close/calls?entity=UK01&limit=1', admin);
    expect(calls.body.items).toEqual([expect.objectContaining({ caller: expect.objectContaining({ kind: 'ingest' }), entity: 'UK01', status: 'at_risk' })]);
    expect((await call(t, 'GET', '/api/v1/gates/close/calls', viewer)).status).toBe(403);
  });

  it('answers 400 naming the field for bad input and 404 for an entity it knows nothing of', async () => {
    const missing = await call<{ error: { details: { field: string }[] } }>(t, 'GET', '/api/v1/gates/close?entity=DE01', viewer);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d) => d.field)).toEqual(['period']);
    expect((await call(t, 'GET', '/api/v1/gates/close?entity=DE01&period=2026-13', viewer)).status).toBe(400);
    expect((await gate('NOPE01', viewer)).status).toBe(404);
  });

  it('the gate evaluates again itself when the stored verdict is older than twice the pass interval', async () => {
    await ds.query(`update close_readiness set evaluated_at = now() - interval '1 hour' where entity = 'DE01' and period = $1`, [P]);
    const { id } = await finding({ amount: '99999.00', currency: 'USD' });
    const g = (await gate('DE01', viewer)).body;
    expect(g.status).toBe('blocked');
    expect(g.reasons[0]!.exceptionId).toBe(id);
    expect(Date.now() - Date.parse(g.evaluatedAt)).toBeLessThan(60_000);
    await resolveAll();
  });

  it('has given every reason kind of the contract, and only those', () => {
    expect([...kindsSeen].sort()).toEqual([...READINESS_REASON_KINDS].sort());
  });
});

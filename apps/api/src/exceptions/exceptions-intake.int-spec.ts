import { DataSource } from 'typeorm';
import { type ExceptionDetailDto, type ExceptionDto, type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { client, closeDueAt, hoursAgo, seedFlows, signedIn, type TestUser } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { FxRatesService } from '../close/fx-rates.service';
import { LiveBus } from '../live/live-bus';
import { ExceptionsService } from './exceptions.service';
import { type ExceptionFinding } from './finding';
import { fingerprintOf } from './fingerprint';

describe('exception intake', () => {
  let t: TestApp;
  let intake: ExceptionsService;
  let ops: TestUser;
  let ops2: TestUser;
  let api: ReturnType<typeof client>;
  const events: ExceptionsChangedEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    intake = t.app.get(ExceptionsService);
    t.app.get(LiveBus).exceptions$.subscribe((e) => events.push(e));
    await seedFlows(t, [
      { id: 'coupa-to-netsuite', materiality: { amount: '10000.00', currency: 'USD' }, impacts: ['close', 'cash'] },
      { id: 'netsuite-to-anaplan', materiality: { amount: '50000.00', currency: 'USD' }, impacts: ['close', 'board_metric'], boardMetrics: ['ARR'] },
    ]);
    ops = await signedIn(t, 'finance_ops');
    ops2 = await signedIn(t, 'it_ops');
    api = client(t, ops.token);
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await api.get<Page<ExceptionDto>>(`/api/v1/exceptions?${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const detail = async (id: string) => (await api.get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;
  const rowCount = async (fingerprint: string) =>
    Number(((await t.app.get(DataSource).query('select count(*) as n from exceptions where fingerprint = $1', [fingerprint])) as { n: string }[])[0]!.n);

  it('turns each kind of finding into an exception with its finance context', async () => {
    const findings: ExceptionFinding[] = [
      {
        type: 'delivery_failure',
        flow: 'coupa-to-netsuite',
        recordKey: 'INV-100',
        cause: 'target_rejected',
        amount: '2500.00',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
        detail: 'period closed in target',
        context: { stage: 'failed', system: 'netsuite' },
      },
      {
        type: 'sync_delay',
        flow: 'coupa-to-netsuite',
        recordKey: 'INV-101',
        amount: '12000.00',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
        context: { lagSeconds: 7200 },
      },
      { type: 'missed_run', flow: 'netsuite-to-anaplan', runId: '2026-11-20T02:00:00Z', entity: 'US01', period: '2026-11' },
      { type: 'run_failed', flow: 'netsuite-to-anaplan', runId: 'run-77', cause: 'failed', detail: 'rows rejected: 12' },
      {
        type: 'unmapped_dimension',
        flow: 'coupa-to-netsuite',
        recordKey: 'INV-102',
        cause: 'mapping',
        amount: '10.00',
        currency: 'USD',
        context: { dimension: 'cost_center', value: 'CC-991' },
      },
      { type: 'unregistered_flow', flow: 'shadow-etl' },
      {
        type: 'recon_break',
        flow: 'coupa-to-netsuite',
        recordKey: 'INV-103',
        cause: 'amount_mismatch',
        amount: '75000.00',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
      },
    ];
    const result = await intake.recordFindings(findings, { actor: 'evaluator:test' });
    expect(result).toMatchObject({ created: 7, recurred: 0, reopened: 0, rejected: [] });

    const byType = new Map((await list('limit=100')).map((e) => [e.type, e]));
    expect(byType.get('delivery_failure')).toMatchObject({
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-100',
      cause: 'target_rejected',
      status: 'open',
      severity: 'medium',
      amountAtRisk: '2500.00',
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
      occurrences: 1,
      assignee: null,
      ageBucket: '<1d',
      overdue: false,
      incidentId: expect.any(String),
    });
    // 12000 ≥ 10000 materiality on a cash flow: high, raised to critical.
    expect(byType.get('sync_delay')).toMatchObject({ severity: 'critical', amountAtRisk: '12000.00' });
    expect(byType.get('missed_run')).toMatchObject({ runId: '2026-11-20T02:00:00Z', severity: 'high', amountAtRisk: null });
    expect(byType.get('run_failed')).toMatchObject({ runId: 'run-77', title: 'Run run-77 of netsuite-to-anaplan failed (failed)' });
    expect(byType.get('unmapped_dimension')).toMatchObject({ cause: 'mapping', severity: 'low' });
    expect(byType.get('unregistered_flow')).toMatchObject({ flow: 'shadow-etl', severity: 'low', recordKey: null });
    expect(byType.get('recon_break')).toMatchObject({ cause: 'amount_mismatch', severity: 'critical' });

    const d = await detail(byType.get('delivery_failure')!.id);
    expect(d.context).toEqual({ stage: 'failed', system: 'netsuite' });
    expect(d.detail).toBe('period closed in target');
    expect(d.severityReasons.join(' ')).toMatch(/materiality/);
    expect(d.history).toEqual([
      expect.objectContaining({ action: 'created', actor: { kind: 'system', name: 'evaluator:test' }, fromStatus: null, toStatus: 'open' }),
    ]);
    expect(new Date(d.slaDueAt).getTime() - new Date(d.firstSeenAt).getTime()).toBe(72 * 3_600_000);

    const event = events.find((e) => e.cause === 'intake' && e.exceptionIds.includes(d.id));
    expect(event?.incidentIds.length).toBeGreaterThan(0);
  });

  it('makes the same problem seen again the same exception: occurrences and last-seen grow, one row', async () => {
    const finding: ExceptionFinding = {
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-200',
      cause: 'transient',
      amount: '100.00',
      currency: 'USD',
    };
    const first = await intake.recordFinding({ ...finding, observedAt: hoursAgo(5) });
    const again = await intake.recordFinding({ ...finding, observedAt: hoursAgo(1), detail: 'timeout again' });
    expect(first.outcome).toBe('created');
    expect(again).toEqual({ ...first, outcome: 'recurred' });
    const batch = await intake.recordFindings([finding, finding, { ...finding, observedAt: hoursAgo(6) }]);
    expect(batch).toMatchObject({ created: 0, recurred: 1 });
    expect(await rowCount(first.fingerprint)).toBe(1);
    const d = await detail(first.id);
    expect(d.occurrences).toBe(5);
    expect(new Date(d.firstSeenAt).getTime()).toBeLessThan(hoursAgo(5.9).getTime());
    expect(new Date(d.lastSeenAt).getTime()).toBeGreaterThan(hoursAgo(0.1).getTime());
    expect(d.detail).toBe('timeout again');
    expect(d.history.map((h) => h.action)).toEqual(['created']);
  });

  it('stays one exception under concurrent intake of the same finding', async () => {
    const finding: ExceptionFinding = { type: 'sync_delay', flow: 'coupa-to-netsuite', recordKey: 'INV-300', amount: '50.00', currency: 'USD' };
    const others = (i: number): ExceptionFinding[] => [
      { type: 'sync_delay', flow: 'coupa-to-netsuite', recordKey: `INV-30${i % 3}-x`, amount: '1.00', currency: 'USD' },
      { type: 'sync_delay', flow: 'coupa-to-netsuite', recordKey: `INV-30${(i + 1) % 3}-x`, amount: '1.00', currency: 'USD' },
    ];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => intake.recordFindings(i % 2 ? [finding, ...others(i)] : [...others(i).reverse(), finding])),
    );
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(4);
    expect(await rowCount(fingerprintOf(finding))).toBe(1);
    const [row] = await list('recordKey=INV-300');
    expect(row!.occurrences).toBe(20);
    const spread = await list('q=-x&limit=10');
    expect(spread).toHaveLength(3);
    expect(spread.reduce((n, e) => n + e.occurrences, 0)).toBe(40);
    const d = await detail(row!.id);
    expect(d.history.filter((h) => h.action === 'created')).toHaveLength(1);
  });

  it('auto-resolves a condition that cleared, and reopens it when the finding recurs', async () => {
    const finding: ExceptionFinding = { type: 'delivery_failure', flow: 'coupa-to-netsuite', recordKey: 'INV-400', cause: 'transient' };
    const { id } = await intake.recordFinding(finding);
    const other = await intake.recordFinding({ ...finding, recordKey: 'INV-401' });
    const { resolved } = await intake.autoResolve({ type: 'delivery_failure', flow: 'coupa-to-netsuite', recordKey: 'INV-400' }, 'record posted in netsuite', {
      actor: 'evaluator:delivery',
    });
    expect(resolved).toEqual([id]);
    let d = await detail(id);
    expect(d.status).toBe('resolved');
    expect(d.resolution).toMatchObject({ code: 'auto_resolved', note: 'record posted in netsuite', by: { kind: 'system', name: 'closewatch' } });
    expect(d.history.at(-1)).toMatchObject({
      action: 'auto_resolved',
      actor: { kind: 'system', name: 'evaluator:delivery' },
      fromStatus: 'open',
      toStatus: 'resolved',
      reason: 'record posted in netsuite',
    });
    expect((await detail(other.id)).status).toBe('open');
    expect((await intake.autoResolve({ fingerprint: fingerprintOf(finding) }, 'again')).resolved).toEqual([]);

    expect((await intake.recordFinding(finding)).outcome).toBe('reopened');
    d = await detail(id);
    expect(d).toMatchObject({ status: 'open', resolution: null, occurrences: 2 });
    expect(d.history.at(-1)).toMatchObject({ action: 'reopened', fromStatus: 'resolved', toStatus: 'open', reason: 'seen again after it cleared' });
  });

  it('auto-resolves failed runs of a flow when a run succeeds', async () => {
    const a = await intake.recordFinding({ type: 'run_failed', flow: 'netsuite-to-anaplan', runId: 'r-1', entity: 'DE01' });
    const b = await intake.recordFinding({ type: 'run_failed', flow: 'netsuite-to-anaplan', runId: 'r-2', entity: 'DE01' });
    const c = await intake.recordFinding({ type: 'run_failed', flow: 'netsuite-to-anaplan', runId: 'r-3', entity: 'FR01' });
    const { resolved } = await intake.autoResolve({ type: 'run_failed', flow: 'netsuite-to-anaplan', entity: 'DE01' }, 'run r-4 succeeded');
    expect(resolved.sort()).toEqual([a.id, b.id].sort());
    expect((await detail(c.id)).status).toBe('open');
    await expect(intake.autoResolve({ type: 'run_failed', flow: '' } as never, 'x')).rejects.toThrow(/type and a flow/);
  });

  it('reopens a manually resolved exception when the finding recurs', async () => {
    const finding: ExceptionFinding = { type: 'unmapped_dimension', flow: 'coupa-to-netsuite', recordKey: 'INV-500', cause: 'mapping' };
    const { id } = await intake.recordFinding(finding);
    expect((await api.post(`/api/v1/exceptions/${id}/resolve`, { code: 'mapping_updated', note: 'added CC-991' })).status).toBe(200);
    expect((await intake.recordFinding(finding)).outcome).toBe('reopened');
    const d = await detail(id);
    expect(d.status).toBe('open');
    expect(d.history.map((h) => h.action)).toEqual(['created', 'resolved', 'reopened']);
    expect(d.history.at(-1)!.reason).toMatch(/resolved \(mapping_updated\)/);
  });

  it('keeps a dismissed exception dismissed on recurrence, unless it became material without a second approval', async () => {
    const finding: ExceptionFinding = { type: 'sync_delay', flow: 'coupa-to-netsuite', recordKey: 'INV-600', amount: '10.00', currency: 'USD' };
    const { id } = await intake.recordFinding(finding);
    expect((await api.post(`/api/v1/exceptions/${id}/dismiss`, { reason: 'test record' })).status).toBe(200);
    expect((await intake.recordFinding(finding)).outcome).toBe('recurred');
    let d = await detail(id);
    expect(d).toMatchObject({ status: 'dismissed', occurrences: 2 });

    expect((await intake.recordFinding({ ...finding, amount: '20000.00' })).outcome).toBe('reopened');
    d = await detail(id);
    expect(d).toMatchObject({ status: 'open', dismissal: null, amountAtRisk: '20000.00', severity: 'critical' });
    expect(d.history.find((h) => h.action === 'reopened')!.reason).toMatch(/materiality/);

    // Dismissed with a second person's approval: stays dismissed even when material.
    expect((await api.post(`/api/v1/exceptions/${id}/dismiss`, { reason: 'known duplicate feed' })).status).toBe(200);
    expect((await client(t, ops2.token).post(`/api/v1/exceptions/${id}/approve-dismissal`)).status).toBe(200);
    expect((await intake.recordFinding({ ...finding, amount: '30000.00' })).outcome).toBe('recurred');
    expect((await detail(id)).status).toBe('dismissed');
  });

  it('raises severity when a recurrence brings a bigger amount, and never lowers it', async () => {
    const finding: ExceptionFinding = {
      type: 'delivery_failure',
      flow: 'netsuite-to-anaplan',
      recordKey: 'JE-1',
      cause: 'policy',
      amount: '100.00',
      currency: 'USD',
    };
    const { id } = await intake.recordFinding(finding);
    expect((await detail(id)).severity).toBe('low');
    await intake.recordFinding({ ...finding, amount: '60000.00' });
    let d = await detail(id);
    expect(d).toMatchObject({ severity: 'critical', amountAtRisk: '60000.00' });
    expect(d.history.at(-1)).toMatchObject({ action: 'severity_changed', reason: 'severity low → critical' });
    await intake.recordFinding({ ...finding, amount: '1.00' });
    d = await detail(id);
    expect(d).toMatchObject({ severity: 'critical', amountAtRisk: '1.00' });
    expect(d.severityReasons[0]).toMatch(/kept at critical/);
  });

  it('raises severity near the close deadline given with the finding', async () => {
    const near = await intake.recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-700',
      cause: 'transient',
      amount: '1500.00',
      currency: 'USD',
      closeDeadline: new Date(Date.now() + 24 * 3_600_000),
    });
    const d = await detail(near.id);
    expect(d.severity).toBe('high');
    expect(d.closeDeadline).not.toBeNull();
    expect(d.severityReasons.join(' ')).toMatch(/close deadline/);
  });

  it('ranks an amount in another currency by its conversion at the period rate, naming the rate', async () => {
    await t.app.get(FxRatesService).put({ date: '2026-11-30', base: 'EUR', rates: { USD: '1.0842' } });
    const eur = await intake.recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-710',
      amount: '10000.00',
      currency: 'EUR',
      entity: 'FR01',
      period: '2026-11',
    });
    const d = await detail(eur.id);
    // 10,842 USD is at or above the 10,000 USD materiality (high), on a cash flow (critical).
    expect(d).toMatchObject({ severity: 'critical', amountAtRisk: '10000.00', currency: 'EUR' });
    expect(d.severityReasons[0]).toBe('10,000.00 EUR = 10,842.00 USD at 1.0842 (EUR→USD, rate of 2026-11-30)');
  });

  it('says so when no rate converts the amount, without comparing it', async () => {
    const chf = await intake.recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-711',
      amount: '90000.00',
      currency: 'CHF',
      entity: 'FR01',
      period: '2026-11',
    });
    const d = await detail(chf.id);
    expect(d.severity).toBe('medium');
    expect(d.severityReasons).toContain('no CHF→USD rate on or before 2026-11-30: amount not compared');
  });

  it("takes the close deadline from the entity's calendar and raises severity near it", async () => {
    const deadline = new Date(Date.now() + 24 * 3_600_000);
    deadline.setUTCMilliseconds(0);
    const period = await closeDueAt(t, 'DE01', deadline);
    const near = await intake.recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-712',
      amount: '1500.00',
      currency: 'USD',
      entity: 'DE01',
      period,
    });
    const d = await detail(near.id);
    expect(d.severity).toBe('high');
    expect(d.closeDeadline).toBe(deadline.toISOString());
    expect(d.severityReasons).toContain('the close deadline is within 72 hours');
  });

  it('skips invalid findings, reporting each by index, and writes the rest', async () => {
    const result = await intake.recordFindings([
      { type: 'delivery_failure', flow: 'coupa-to-netsuite', recordKey: 'INV-800', amount: '12,50', currency: 'USD' },
      { type: 'delivery_failure', flow: 'coupa-to-netsuite', recordKey: 'INV-801' },
      { type: 'made_up' as never, flow: 'coupa-to-netsuite' },
    ]);
    expect(result.created).toBe(1);
    expect(result.rejected).toEqual([
      { index: 0, errors: [{ field: 'amount', message: expect.stringMatching(/decimal/) }] },
      { index: 2, errors: [{ field: 'type', message: expect.any(String) }] },
    ]);
    expect(await list('recordKey=INV-800')).toEqual([]);
    await expect(intake.recordFinding({ type: 'sync_delay', flow: 'x', amount: '1' })).rejects.toThrow(/currency/);
  });
});

import { type ExceptionDetailDto, type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';
import { DataSource } from 'typeorm';
import { client, closeDueAt, seedFlows, signedIn } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { FxRatesService } from '../close/fx-rates.service';
import { LiveBus } from '../live/live-bus';
import { ExceptionsService } from './exceptions.service';
import { SeverityRecomputeService } from './severity-recompute.service';

describe('severity recomputation near the close', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  const events: ExceptionsChangedEvent[] = [];
  const deadline = new Date(Date.now() + 10 * 86_400_000);
  deadline.setUTCMilliseconds(0);
  let period: string;
  const hoursBeforeDeadline = (h: number) => new Date(deadline.getTime() - h * 3_600_000);

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(LiveBus).exceptions$.subscribe((e) => events.push(e));
    await seedFlows(t, [{ id: 'coupa-to-netsuite', materiality: { amount: '10000.00', currency: 'USD' }, impacts: ['close', 'cash'] }]);
    api = client(t, (await signedIn(t, 'finance_ops')).token);
  });
  afterAll(() => t.close());

  const detail = async (id: string) => (await api.get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;

  it('raises severity once now is inside the near window of the entity deadline, with history, reasons and an event', async () => {
    // The period is the calendar's; the calendar is stored after intake, so intake knows no deadline.
    period = new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const { id } = await t.app.get(ExceptionsService).recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-900',
      amount: '1500.00',
      currency: 'USD',
      entity: 'DE02',
      period,
    });
    expect((await detail(id)).severity).toBe('medium');
    await closeDueAt(t, 'DE02', deadline);
    const recompute = t.app.get(SeverityRecomputeService);

    // Four days out: not near yet.
    expect((await recompute.recompute(hoursBeforeDeadline(96))).raised).toEqual([]);
    expect((await detail(id)).severity).toBe('medium');

    events.length = 0;
    const result = await recompute.recompute(hoursBeforeDeadline(48));
    expect(result.raised).toEqual([id]);
    const d = await detail(id);
    expect(d).toMatchObject({ severity: 'high', closeDeadline: deadline.toISOString() });
    expect(d.severityReasons).toContain('the close deadline is within 72 hours');
    expect(d.history.at(-1)).toMatchObject({
      action: 'severity_changed',
      reason: `severity medium → high: the close deadline of DE02 ${period} is near`,
    });
    expect(events).toEqual([expect.objectContaining({ cause: 'severity', exceptionIds: [id] })]);

    // Run again: nothing more to raise, no new history.
    expect((await recompute.recompute(hoursBeforeDeadline(47))).raised).toEqual([]);
    expect((await detail(id)).history.filter((h) => h.action === 'severity_changed')).toHaveLength(1);
  });

  it('makes a foreign amount material once a rate shows it at or above materiality, and raises its severity', async () => {
    const { id } = await t.app.get(ExceptionsService).recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-901',
      amount: '10000.00',
      currency: 'CHF',
      entity: 'CH01',
      period: '2026-10',
    });
    const material = async () =>
      ((await t.app.get(DataSource).query(`select material from exceptions where id = $1`, [id])) as { material: boolean }[])[0]!.material;
    // No CHF rate: the amount cannot be compared, so it neither blocks the close nor rises.
    expect(await material()).toBe(false);
    expect((await detail(id)).severity).toBe('medium');
    const recompute = t.app.get(SeverityRecomputeService);
    expect((await recompute.recompute(new Date())).materialChanged).not.toContain(id);

    // Finance enters the month-end rate: 10,000 CHF = 12,500 USD, above the 10,000 USD materiality.
    await t.app.get(FxRatesService).put({ date: '2026-10-31', base: 'USD', rates: { CHF: '0.8000' } });
    events.length = 0;
    const result = await recompute.recompute(new Date());
    expect(result.materialChanged).toContain(id);
    expect(result.raised).toContain(id);
    expect(await material()).toBe(true);
    const d = await detail(id);
    // At or above materiality (high), on a flow that feeds cash (critical).
    expect(d.severity).toBe('critical');
    expect(d.history.at(-1)?.reason).toMatch(/^severity medium → critical: 10,000\.00 CHF = 12,500\.00 USD at 1\//);
    expect(events).toEqual([expect.objectContaining({ cause: 'severity', exceptionIds: expect.arrayContaining([id]) })]);
  });

  it('does nothing while another replica holds the recomputation lock', async () => {
    const runner = t.app.get(DataSource).createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`select pg_advisory_xact_lock(hashtextextended('closewatch:severity-recompute', 0))`);
      expect(await t.app.get(SeverityRecomputeService).recompute(hoursBeforeDeadline(1))).toEqual({ ran: false, examined: 0, raised: [], materialChanged: [] });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('severity recomputation with schedulers on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_SEVERITY_RECOMPUTE_INTERVAL_SECONDS: '1' });
    await seedFlows(t, [{ id: 'coupa-to-netsuite', materiality: { amount: '10000.00', currency: 'USD' }, impacts: ['close'] }]);
  });
  afterAll(() => t.close());

  it('raises severity by itself once a calendar puts the deadline near', async () => {
    const deadline = new Date(Date.now() + 24 * 3_600_000);
    const period = new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const { id } = await t.app.get(ExceptionsService).recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-950',
      amount: '1500.00',
      currency: 'USD',
      entity: 'DE03',
      period,
    });
    const severity = async () =>
      ((await t.app.get(DataSource).query('select severity from exceptions where id = $1', [id])) as { severity: string }[])[0]!.severity;
    expect(await severity()).toBe('medium');
    await closeDueAt(t, 'DE03', deadline);
    const until = Date.now() + 10_000;
    while ((await severity()) !== 'high' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(await severity()).toBe('high');
  });
});

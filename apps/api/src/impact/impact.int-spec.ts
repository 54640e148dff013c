import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { type BoardMetricDto, type BoardMetricsResponse, type CashImpactResponse, type CashSeriesResponse } from '@closewatch/contracts/impact';
import { type ReconRunDto } from '@closewatch/contracts/recon';
import { client, signedIn } from '../../test/exception-fixtures';
import { api, runRecon } from '../../test/support/recon-fixtures';
import { addFlow, addSystems, ev, sendEvents, tick } from '../../test/sync-health-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { ReconWorkerService } from '../recon/runs/recon-worker.service';

const PERIOD = '2026-11';

describe('finance impact API: cash at risk and board metrics', () => {
  let t: TestApp;
  let csvDir: string;
  let intake: ExceptionsService;
  let admin: ReturnType<typeof api>;
  let viewer: ReturnType<typeof client>;
  let worker: ReconWorkerService;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    csvDir = mkdtempSync(join(tmpdir(), 'cw-impact-'));
    t = await startTestApp({ CLOSEWATCH_CSV_DIR: csvDir, CLOSEWATCH_RECON_RETRIES: '0', CLOSEWATCH_REPORTING_CURRENCY: 'USD' });
    intake = t.app.get(ExceptionsService);
    worker = t.app.get(ReconWorkerService);
    const adminToken = await t.tokenFor('admin');
    admin = api(t, adminToken);
    viewer = client(t, (await signedIn(t, 'viewer')).token);
    await addSystems(t, adminToken, ['coupa', 'netsuite']);
    const usd1000 = { amount: '1000.00', currency: 'USD' };
    await addFlow(t, adminToken, { id: 'pay-cash', impacts: ['cash'], materiality: usd1000 });
    await addFlow(t, adminToken, { id: 'pay-close', impacts: ['close'], materiality: usd1000 });
    await addFlow(t, adminToken, { id: 'arr-feed', impacts: ['board_metric'], boardMetrics: ['ARR'], materiality: usd1000 });
    await addFlow(t, adminToken, { id: 'crm-feed', impacts: ['board_metric'], boardMetrics: ['ARR', 'bookings'], materiality: usd1000 });
    await addFlow(t, adminToken, { id: 'nrr-feed', impacts: ['board_metric'], boardMetrics: ['NRR'], materiality: usd1000 });
    // The November rate, and a December one the November conversion must not use.
    expect((await admin.put('/api/v1/fx-rates', { date: '2026-11-20', base: 'EUR', rates: { USD: '1.10' } })).status).toBe(200);
    expect((await admin.put('/api/v1/fx-rates', { date: '2026-12-01', base: 'EUR', rates: { USD: '2.00' } })).status).toBe(200);

    const cash = (key: string, amount: string, currency: string, entity: string, observedAt: string, over: { flow?: string; period?: string } = {}) =>
      intake.recordFinding({
        type: 'delivery_failure',
        flow: over.flow ?? 'pay-cash',
        recordKey: key,
        cause: 'mapping',
        amount,
        currency,
        entity,
        period: over.period ?? PERIOD,
        observedAt,
      });
    ids.a = (await cash('PAY-A', '100.10', 'USD', 'US01', '2026-11-01T12:00:00Z')).id;
    ids.b = (await cash('PAY-B', '200.00', 'EUR', 'DE01', '2026-11-02T12:00:00Z')).id;
    ids.c = (await cash('PAY-C', '50.50', 'EUR', 'DE01', '2026-11-03T12:00:00Z')).id;
    ids.d = (await cash('PAY-D', '1000', 'JPY', 'DE01', '2026-11-03T12:00:00Z')).id;
    ids.g = (await cash('PAY-G', '7.00', 'USD', 'US01', '2026-11-01T06:00:00Z')).id;
    await cash('PAY-OCT', '999.00', 'USD', 'US01', '2026-10-10T00:00:00Z', { period: '2026-10' });
    await cash('CLOSE-1', '5000.00', 'USD', 'US01', '2026-11-02T00:00:00Z', { flow: 'pay-close' });
    const fin = client(t, (await signedIn(t, 'finance_ops')).token);
    expect((await fin.post(`/api/v1/exceptions/${ids.g}/resolve`, { code: 'fixed' })).status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    rmSync(csvDir, { recursive: true, force: true });
  });

  describe('cash', () => {
    it('sums unresolved cash exceptions by entity and currency, converted with the period rate, a missing rate named', async () => {
      const res = await viewer.get<CashImpactResponse>(`/api/v1/impact/cash?period=${PERIOD}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ period: PERIOD, entity: null, reportingCurrency: 'USD', exceptions: 4 });
      expect(res.body.rows.map((r) => [r.entity, r.currency, r.amount, r.exceptions, r.flows])).toEqual([
        ['DE01', 'EUR', '250.5', 2, ['pay-cash']],
        ['DE01', 'JPY', '1000', 1, ['pay-cash']],
        ['US01', 'USD', '100.1', 1, ['pay-cash']],
      ]);
      const [eur, jpy, usd] = res.body.rows;
      expect(eur!.converted).toEqual({ ok: true, currency: 'USD', amount: '275.55', rates: [{ date: '2026-11-20', base: 'EUR', quote: 'USD', rate: '1.10' }] });
      expect(jpy!.converted).toEqual({ ok: false, currency: 'USD', reason: 'missing_rate', message: expect.stringContaining('JPY/USD') });
      expect(usd!.converted).toMatchObject({ ok: true, amount: '100.1' });
      // The exceptions behind a row, largest first, with what a link needs.
      expect(eur!.items).toEqual([
        {
          id: ids.b,
          type: 'delivery_failure',
          flow: 'pay-cash',
          amountAtRisk: '200',
          currency: 'EUR',
          severity: expect.any(String),
          firstSeenAt: '2026-11-02T12:00:00.000Z',
        },
        expect.objectContaining({ id: ids.c, amountAtRisk: '50.5' }),
      ]);
      expect(res.body.total).toEqual({ currency: 'USD', amount: '375.65', complete: false, missingCurrencies: ['JPY'] });
      expect(res.body.byCurrency.map((c) => [c.currency, c.amount, c.converted.ok])).toEqual([
        ['EUR', '250.5', true],
        ['JPY', '1000', false],
        ['USD', '100.1', true],
      ]);
    });

    it('filters by entity and converts into the currency asked for', async () => {
      const res = await viewer.get<CashImpactResponse>(`/api/v1/impact/cash?period=${PERIOD}&entity=US01&currency=EUR`);
      expect(res.status).toBe(200);
      expect(res.body.rows).toHaveLength(1);
      expect(res.body.rows[0]).toMatchObject({ entity: 'US01', currency: 'USD', amount: '100.1', converted: { ok: true, currency: 'EUR', amount: '91' } });
      expect(res.body.total).toEqual({ currency: 'EUR', amount: '91', complete: true, missingCurrencies: [] });
    });

    it('gives the amount open at each step, by currency, from first sighting to closing', async () => {
      const res = await viewer.get<CashSeriesResponse>(
        `/api/v1/impact/cash/series?period=${PERIOD}&from=2026-11-01T00:00:00Z&to=2026-11-04T00:00:00Z&step=day`,
      );
      expect(res.status).toBe(200);
      expect(res.body.currencies).toEqual(['EUR', 'JPY', 'USD']);
      expect(res.body.points.map((p) => [p.at.slice(0, 10), p.byCurrency.map((c) => `${c.amount} ${c.currency}`), p.total.amount, p.total.complete])).toEqual([
        ['2026-11-01', [], '0', true],
        ['2026-11-02', ['107.1 USD'], '107.1', true],
        ['2026-11-03', ['200 EUR', '107.1 USD'], '327.1', true],
        ['2026-11-04', ['250.5 EUR', '1000 JPY', '107.1 USD'], '382.65', false],
      ]);
      // Up to now: the resolved exception is no longer open.
      const now = await viewer.get<CashSeriesResponse>(`/api/v1/impact/cash/series?period=${PERIOD}&from=2026-12-01T00:00:00Z&step=day`);
      expect(now.status).toBe(200);
      const last = now.body.points.at(-1)!;
      expect(last.byCurrency).toContainEqual({ currency: 'USD', amount: '100.1', exceptions: 1 });
      expect(new Date(last.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
      // Without `to`, a period not started yet and a long-past one still give a series.
      expect((await viewer.get<CashSeriesResponse>('/api/v1/impact/cash/series?period=2099-01')).body.points).toHaveLength(2);
      expect((await viewer.get<CashSeriesResponse>('/api/v1/impact/cash/series?period=2001-01&step=hour')).body.points).toHaveLength(1440);
    });

    it('refuses bad parameters naming the field', async () => {
      const field = async (qs: string) => {
        const res = await viewer.get<ApiErrorBody>(`/api/v1/impact/${qs}`);
        expect(res.status).toBe(400);
        return res.body.error.details!.map((d) => d.field);
      };
      expect(await field('cash?period=2026-13')).toEqual(['period']);
      expect(await field('cash?period=2026-11&currency=usd')).toEqual(['currency']);
      expect(await field('cash?period=2026-11&colour=blue')).toEqual(['colour']);
      expect(await field('cash/series?period=2026-11&step=week')).toEqual(['step']);
      expect(await field('cash/series?period=2026-11&from=yesterday')).toEqual(['from']);
      expect(await field('cash/series?period=2026-11&from=2026-11-05T00:00:00Z&to=2026-11-01T00:00:00Z')).toEqual(['from']);
      expect(await field('cash/series?period=2026-11&from=2020-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&step=hour')).toEqual(['step']);
      expect(await field('board-metrics?period=11-2026')).toEqual(['period']);
      expect(await field('board-metrics?currency=EURO')).toEqual(['currency']);
      expect((await fetch(`${t.url}/api/v1/impact/cash`)).status).toBe(401);
    });
  });

  describe('board metrics', () => {
    const csv = (name: string, rows: [string, string][]) =>
      writeFileSync(join(csvDir, name), `id,amount,currency,period\n${rows.map(([id, amount]) => `${id},${amount},USD,${PERIOD}`).join('\n')}\n`);
    const reconBody = (id: string, flow: string, target: string) => ({
      id,
      name: id,
      flow,
      source: { connector: 'csv', path: 'source.csv' },
      target: { connector: 'csv', path: target },
      key: ['id'],
      compare: [{ source: 'amount', target: 'amount', tolerance: { abs: '0.01' } }, 'currency'],
      totals: { amount: { source: 'amount', target: 'amount' }, groupBy: ['currency'] },
      scope: { period: PERIOD },
      materiality: { amount: '1000.00', currency: 'USD' },
    });
    const metrics = async () => {
      const res = await viewer.get<BoardMetricsResponse>(`/api/v1/impact/board-metrics?period=${PERIOD}`);
      expect(res.status).toBe(200);
      return Object.fromEntries(res.body.items.map((m) => [m.metric, m])) as Record<string, BoardMetricDto>;
    };
    const runs: Record<string, ReconRunDto> = {};

    beforeAll(async () => {
      csv('source.csv', [
        ['1', '100.00'],
        ['2', '6000.00'],
      ]);
      csv('same.csv', [
        ['1', '100.00'],
        ['2', '6000.00'],
      ]);
      for (const [id, flow] of [
        ['arr-recon', 'arr-feed'],
        ['crm-recon', 'crm-feed'],
        ['nrr-recon', 'nrr-feed'],
      ] as const) {
        expect((await admin.post('/api/v1/recons', reconBody(id, flow, 'same.csv'))).status).toBe(201);
        runs[id] = await runRecon(admin, worker, id);
        expect(runs[id]).toMatchObject({ status: 'succeeded', material: false });
      }
    });

    it('trusts every metric whose flows are healthy and reconciled for the period', async () => {
      const m = await metrics();
      expect(Object.keys(m)).toEqual(['ARR', 'bookings', 'NRR']);
      expect(m.ARR).toMatchObject({ trustworthy: true, reasons: [], amountAtRisk: { currency: 'USD', amount: '0', complete: true } });
      expect(m.ARR!.flows.map((f) => [f.flow, f.health.healthy, f.reconciled, f.recons.map((r) => [r.reconId, r.state, r.runId])])).toEqual([
        ['arr-feed', true, true, [['arr-recon', 'reconciled', runs['arr-recon']!.runId]]],
        ['crm-feed', true, true, [['crm-recon', 'reconciled', runs['crm-recon']!.runId]]],
      ]);
      expect(m.bookings!.trustworthy).toBe(true);
      // Another period has no run: not reconciled.
      const oct = await viewer.get<BoardMetricsResponse>('/api/v1/impact/board-metrics?period=2026-10');
      expect(oct.body.items.every((i) => !i.trustworthy && i.reasons.every((r) => r.kind === 'recon_not_run'))).toBe(true);
    });

    it('stops trusting a metric fed by a flow with a material reconciliation break, naming the run and the exception', async () => {
      csv('arr-target.csv', [
        ['1', '100.00'],
        ['2', '1000.00'],
      ]);
      expect((await admin.put('/api/v1/recons/arr-recon', reconBody('arr-recon', 'arr-feed', 'arr-target.csv'))).status).toBe(200);
      const run = await runRecon(admin, worker, 'arr-recon');
      expect(run).toMatchObject({ status: 'succeeded', material: true });
      const m = await metrics();
      expect(m.ARR!.trustworthy).toBe(false);
      expect(m.ARR!.reasons).toContainEqual({
        kind: 'recon_material_breaks',
        flow: 'arr-feed',
        message: expect.stringContaining('arr-recon'),
        exceptionId: null,
        reconId: 'arr-recon',
        runId: run.runId,
      });
      const material = m.ARR!.reasons.find((r) => r.kind === 'material_exception');
      expect(material).toMatchObject({ flow: 'arr-feed', exceptionId: expect.any(String), message: expect.stringContaining('5000') });
      expect(m.ARR!.amountAtRisk).toEqual({ currency: 'USD', amount: '5000', complete: true, missingCurrencies: [] });
      expect(m.ARR!.flows.find((f) => f.flow === 'arr-feed')).toMatchObject({ reconciled: false, exceptions: 1 });
      // bookings is fed by crm-feed only, which is still clean.
      expect(m.bookings).toMatchObject({ trustworthy: true, reasons: [] });
      // The amount at risk over time, on the metric's feeding flows only.
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const arr = await viewer.get<CashSeriesResponse>(`/api/v1/impact/board-metrics/series?metric=ARR&period=${PERIOD}&from=${from}&step=hour`);
      expect(arr.status).toBe(200);
      expect(arr.body).toMatchObject({ metric: 'ARR', entity: null, step: 'hour' });
      expect(arr.body.points.at(-1)!.total).toMatchObject({ currency: 'USD', amount: '5000', complete: true });
      const bookings = await viewer.get<CashSeriesResponse>(`/api/v1/impact/board-metrics/series?metric=bookings&period=${PERIOD}&from=${from}&step=hour`);
      expect(bookings.body.points.at(-1)!.total.amount).toBe('0');
      const missing = await viewer.get<{ error: { details: { field: string }[] } }>(`/api/v1/impact/board-metrics/series?period=${PERIOD}`);
      expect(missing.status).toBe(400);
      expect(missing.body.error.details.map((d) => d.field)).toEqual(['metric']);
    });

    it('stops trusting a metric whose flow reconciliation failed', async () => {
      expect((await admin.put('/api/v1/recons/crm-recon', reconBody('crm-recon', 'crm-feed', 'gone.csv'))).status).toBe(200);
      const run = await runRecon(admin, worker, 'crm-recon');
      expect(run.status).toBe('failed');
      const m = await metrics();
      expect(m.bookings).toMatchObject({
        trustworthy: false,
        reasons: [
          { kind: 'recon_failed', flow: 'crm-feed', message: expect.stringContaining('crm-recon'), exceptionId: null, reconId: 'crm-recon', runId: run.runId },
        ],
      });
    });

    it('stops trusting a metric whose flow is failing', async () => {
      expect((await metrics()).NRR).toMatchObject({ trustworthy: true });
      const key = await t.ingestKey(['events']);
      const at = new Date(Date.now() - 60_000);
      await sendEvents(
        t,
        key,
        ['N-1', 'N-2', 'N-3'].flatMap((k) => [
          ev('nrr-feed', k, 'emitted', at, { system: 'coupa' }),
          ev('nrr-feed', k, 'failed', new Date(at.getTime() + 1000), { error: { class: 'target_rejected', message: 'period closed' } }),
        ]),
      );
      await tick(t);
      const nrr = (await metrics()).NRR!;
      expect(nrr.trustworthy).toBe(false);
      expect(nrr.flows[0]!.health).toMatchObject({ status: 'failing', healthy: false });
      expect(nrr.reasons).toContainEqual(
        expect.objectContaining({ kind: 'flow_unhealthy', flow: 'nrr-feed', message: expect.stringMatching(/^Flow nrr-feed is failing: /) }),
      );
    });
  });
});

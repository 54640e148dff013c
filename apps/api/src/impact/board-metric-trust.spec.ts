import { type FxConversionDto } from '@closewatch/contracts/close';
import { boardMetrics, type FeedingFlowFacts, flowReasons, reconState } from './board-metric-trust';

const usd = (amount: string, from = 'USD'): FxConversionDto => ({ ok: true, amount, from, to: 'USD', asOf: '2026-11-30', method: 'identity', rates: [] });
const noRate = (from: string): FxConversionDto => ({
  ok: false,
  reason: 'missing_rate',
  amount: '1',
  from,
  to: 'USD',
  asOf: '2026-11-30',
  message: `no ${from}/USD rate`,
});

const clean = (over: Partial<FeedingFlowFacts> = {}): FeedingFlowFacts => ({
  flow: 'billing-to-erp',
  name: 'Billing to ERP',
  boardMetrics: ['ARR'],
  materiality: { amount: '1000', currency: 'USD' },
  health: { status: 'healthy', reason: 'within the SLO of 15m' },
  recons: [
    {
      reconId: 'billing-recon',
      name: 'Billing recon',
      run: { id: 'run-1', status: 'succeeded', material: false, finishedAt: new Date('2026-12-01T02:00:00Z'), breaks: 1, error: null },
    },
  ],
  atRisk: [],
  largest: [],
  ...over,
});

describe('board metric trust', () => {
  it('trusts a metric whose flows are healthy, reconciled and without material exceptions', () => {
    const [arr] = boardMetrics([clean({ atRisk: [{ currency: 'USD', amount: '10', exceptions: 2, converted: usd('10') }] })], '2026-11', 'USD');
    expect(arr).toMatchObject({
      metric: 'ARR',
      trustworthy: true,
      reasons: [],
      exceptions: 2,
      amountAtRisk: { currency: 'USD', amount: '10', complete: true },
      flows: [{ flow: 'billing-to-erp', reconciled: true, health: { healthy: true }, recons: [{ state: 'reconciled', runId: 'run-1', breaks: 1 }] }],
    });
  });

  it('names the flow and the ids behind each reason', () => {
    const reasons = flowReasons(
      clean({
        health: { status: 'failing', reason: '9 of 10 hops failed in the window (90%)' },
        recons: [
          { reconId: 'a', name: 'A', run: null },
          { reconId: 'b', name: 'B', run: { id: 'run-b', status: 'failed', material: null, finishedAt: null, breaks: 0, error: 'file not found' } },
          { reconId: 'c', name: 'C', run: { id: 'run-c', status: 'succeeded', material: true, finishedAt: null, breaks: 3, error: null } },
        ],
        largest: [{ exceptionId: 'ex-1', amount: '2500.00', currency: 'USD', toMateriality: null }],
      }),
      '2026-11',
    );
    expect(reasons).toEqual([
      {
        kind: 'flow_unhealthy',
        flow: 'billing-to-erp',
        message: 'Flow billing-to-erp is failing: 9 of 10 hops failed in the window (90%).',
        exceptionId: null,
        reconId: null,
        runId: null,
      },
      {
        kind: 'recon_not_run',
        flow: 'billing-to-erp',
        message: expect.stringContaining('no finished run for 2026-11'),
        exceptionId: null,
        reconId: 'a',
        runId: null,
      },
      {
        kind: 'recon_failed',
        flow: 'billing-to-erp',
        message: expect.stringContaining('failed: file not found'),
        exceptionId: null,
        reconId: 'b',
        runId: 'run-b',
      },
      {
        kind: 'recon_material_breaks',
        flow: 'billing-to-erp',
        message: expect.stringContaining('found 3 breaks'),
        exceptionId: null,
        reconId: 'c',
        runId: 'run-c',
      },
      {
        kind: 'material_exception',
        flow: 'billing-to-erp',
        message: expect.stringContaining('ex-1 of 2500.00 USD'),
        exceptionId: 'ex-1',
        reconId: null,
        runId: null,
      },
    ]);
  });

  it('counts a flow without reconciliation as not reconciled', () => {
    expect(flowReasons(clean({ recons: [] }), '2026-11').map((r) => r.kind)).toEqual(['recon_missing']);
  });

  it('compares exceptions in other currencies once converted, and one without a rate as material', () => {
    const eur = (amount: string, converted: FxConversionDto) => ({ exceptionId: `ex-${amount}`, amount, currency: 'EUR', toMateriality: converted });
    expect(flowReasons(clean({ largest: [eur('900', usd('990', 'EUR'))] }), '2026-11')).toEqual([]);
    expect(flowReasons(clean({ largest: [eur('950', usd('1045', 'EUR'))] }), '2026-11')).toEqual([
      expect.objectContaining({ kind: 'material_exception', exceptionId: 'ex-950', message: expect.stringContaining('(1045 USD)') }),
    ]);
    expect(flowReasons(clean({ largest: [eur('5', noRate('EUR'))] }), '2026-11')).toEqual([
      expect.objectContaining({ kind: 'material_exception', message: expect.stringContaining('cannot be compared') }),
    ]);
    expect(flowReasons(clean({ materiality: null, largest: [eur('5', noRate('EUR'))] }), '2026-11')).toEqual([]);
  });

  it('lists every metric once, with each feeding flow, and an incomplete total when a rate is missing', () => {
    const other = clean({
      flow: 'crm-to-erp',
      boardMetrics: ['ARR', 'bookings'],
      health: { status: 'degraded', reason: 'lag p95 20m is above the SLO of 15m' },
      atRisk: [{ currency: 'JPY', amount: '100', exceptions: 1, converted: noRate('JPY') }],
    });
    const metrics = boardMetrics([clean({ atRisk: [{ currency: 'USD', amount: '7.5', exceptions: 1, converted: usd('7.5') }] }), other], '2026-11', 'USD');
    expect(metrics.map((m) => [m.metric, m.trustworthy, m.flows.map((f) => f.flow)])).toEqual([
      ['ARR', false, ['billing-to-erp', 'crm-to-erp']],
      ['bookings', false, ['crm-to-erp']],
    ]);
    expect(metrics[0]!.amountAtRisk).toEqual({ currency: 'USD', amount: '7.5', complete: false, missingCurrencies: ['JPY'] });
    expect(metrics[0]!.reasons.map((r) => r.flow)).toEqual(['crm-to-erp']);
  });

  it('states a recon by its latest run', () => {
    expect(reconState({ reconId: 'r', name: 'R', run: null })).toMatchObject({ state: 'not_run', runId: null, breaks: null });
  });
});

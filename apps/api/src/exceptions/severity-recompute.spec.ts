import { DEFAULT_SLA_HOURS } from '../config/exception-settings';
import { closeKey, conversionKey } from './intake-plan';
import { deadlineIsNear, planRecompute, type RecomputeCandidate, recomputeConversions } from './severity-recompute';
import { type FlowImpact } from './severity';

const now = new Date('2026-12-05T12:00:00.000Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const flows = new Map<string, FlowImpact>([['f', { materiality: { amount: '10000', currency: 'USD' }, impacts: ['close'], boardMetrics: [] }]]);
const candidate = (over: Partial<RecomputeCandidate> = {}): RecomputeCandidate => ({
  id: 'e1',
  type: 'delivery_failure',
  flow_id: 'f',
  status: 'acknowledged',
  severity: 'medium',
  material: false,
  amount_at_risk: '1500',
  currency: 'USD',
  entity: 'DE01',
  period: '2026-11',
  close_deadline: null,
  opened_at: hours(-10),
  incident_id: 'i1',
  ...over,
});
/** The conversion of 10,000 EUR into USD at `rate`, giving `amount`, as FxRatesService answers it. */
const eurToUsd = (amount: string, rate: string) =>
  new Map([
    [
      conversionKey('10000', 'EUR', 'USD', '2026-11'),
      {
        ok: true as const,
        amount,
        from: 'EUR',
        to: 'USD',
        asOf: '2026-11-30',
        method: 'direct' as const,
        rates: [{ date: '2026-11-30', base: 'EUR', quote: 'USD', rate }],
      },
    ],
  ]);
const run = (c: RecomputeCandidate[], deadline: Date | null, extra: Partial<Parameters<typeof planRecompute>[0]> = {}) =>
  planRecompute({
    candidates: c,
    flows,
    deadlines: new Map(deadline ? [[closeKey('DE01', '2026-11'), deadline]] : []),
    conversions: new Map(),
    now,
    slaHours: DEFAULT_SLA_HOURS,
    ...extra,
  });

describe(deadlineIsNear.name, () => {
  it('is near within 72 hours, and when passed', () => {
    expect(deadlineIsNear(hours(72), now)).toBe(true);
    expect(deadlineIsNear(hours(72.01), now)).toBe(false);
    expect(deadlineIsNear(hours(-1), now)).toBe(true);
    expect(deadlineIsNear(null, now)).toBe(false);
  });
});

describe(planRecompute.name, () => {
  it('raises one level near the deadline, keeping the status, with a history entry and a new SLA', () => {
    const p = run([candidate()], hours(24));
    expect(p.raises).toEqual([
      {
        id: 'e1',
        severity: 'high',
        severity_reasons: ["amount at risk is at least 10% of the flow's materiality (10,000.00 USD)", 'the close deadline is within 72 hours'],
        close_deadline: hours(24).toISOString(),
        sla_due_at: new Date(hours(-10).getTime() + DEFAULT_SLA_HOURS.high * 3_600_000).toISOString(),
        incident_id: 'i1',
      },
    ]);
    expect(p.history).toEqual([
      expect.objectContaining({
        exceptionId: 'e1',
        action: 'severity_changed',
        fromStatus: 'acknowledged',
        toStatus: 'acknowledged',
        details: expect.objectContaining({ from: 'medium', to: 'high' }),
      }),
    ]);
    expect(p.history[0]!.reason).toBe('severity medium → high: the close deadline of DE01 2026-11 is near');
    expect(run([candidate()], hours(-2)).history[0]!.reason).toMatch(/is passed$/);
  });

  it('leaves exceptions far from their deadline, without a deadline, or already as high', () => {
    expect(run([candidate()], hours(100)).raises).toEqual([]);
    expect(run([candidate()], null).raises).toEqual([]);
    expect(run([candidate({ severity: 'high' })], hours(24)).raises).toEqual([]);
  });

  it('never lowers: a higher stored severity stays', () => {
    expect(run([candidate({ severity: 'high', amount_at_risk: '1' })], hours(24)).raises).toEqual([]);
  });

  it('uses the stored deadline when the entity has no calendar', () => {
    expect(run([candidate({ close_deadline: hours(10) })], null).raises).toHaveLength(1);
  });

  it('converts an amount in another currency with the conversion given', () => {
    const c = candidate({ amount_at_risk: '10000', currency: 'EUR' });
    const requests = recomputeConversions([c], flows);
    expect([...requests.values()]).toEqual([{ amount: '10000', from: 'EUR', to: 'USD', period: '2026-11' }]);
    const p = run([c], hours(24), { conversions: eurToUsd('10842', '1.0842') });
    expect(p.raises[0]!.severity).toBe('critical');
    expect(p.raises[0]!.severity_reasons[0]).toBe('10,000.00 EUR = 10,842.00 USD at 1.0842 (EUR→USD, rate of 2026-11-30)');
  });

  it('raises far from the deadline once a rate shows a foreign amount at or above materiality, and marks it material', () => {
    const c = candidate({ amount_at_risk: '10000', currency: 'EUR' });
    expect(run([c], hours(200)).materialChanges).toEqual([]); // no rate yet: not comparable, not material
    const p = run([c], hours(200), { conversions: eurToUsd('10842', '1.0842') });
    expect(p.materialChanges).toEqual([{ id: 'e1', material: true, incident_id: 'i1' }]);
    expect(p.raises).toEqual([expect.objectContaining({ id: 'e1', severity: 'high', close_deadline: hours(200).toISOString() })]);
    expect(p.history[0]!.reason).toBe('severity medium → high: 10,000.00 EUR = 10,842.00 USD at 1.0842 (EUR→USD, rate of 2026-11-30)');
  });

  it('stops counting an amount as material when a corrected rate puts it below, keeping the severity', () => {
    const p = run([candidate({ amount_at_risk: '10000', currency: 'EUR', severity: 'high', material: true })], null, {
      conversions: eurToUsd('9000', '0.9000'),
    });
    expect(p.materialChanges).toEqual([{ id: 'e1', material: false, incident_id: 'i1' }]);
    expect(p.raises).toEqual([]);
  });

  it('follows materiality on critical exceptions too, which cannot rise', () => {
    const p = run([candidate({ severity: 'critical', amount_at_risk: '60000' })], null);
    expect(p.materialChanges).toEqual([{ id: 'e1', material: true, incident_id: 'i1' }]);
    expect(p.raises).toEqual([]);
  });
});

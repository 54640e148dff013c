import { type NormalizedFinding, normalizeFinding } from './finding';
import { closeKey, conversionKey, type ExistingException, type IntakePlanInput, neededConversion, planIntake, severityFacts } from './intake-plan';
import { type FlowImpact } from './severity';
import { DEFAULT_SLA_HOURS } from '../config/exception-settings';

const now = new Date('2026-11-20T12:00:00.000Z');
const hoursBefore = (h: number) => new Date(now.getTime() - h * 3_600_000);
const FLOW = 'coupa-to-netsuite';
const flows = new Map<string, FlowImpact>([[FLOW, { materiality: { amount: '10000.00', currency: 'USD' }, impacts: [], boardMetrics: [] }]]);

const finding = (input: Record<string, unknown>): NormalizedFinding => {
  const r = normalizeFinding({ type: 'delivery_failure', flow: FLOW, recordKey: 'INV-1', cause: 'mapping', ...input }, now);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.finding;
};

const existing = (f: NormalizedFinding, over: Partial<ExistingException> = {}): ExistingException => ({
  id: `id-${f.recordKey}`,
  fingerprint: f.fingerprint,
  status: 'open',
  severity: 'medium',
  resolution_code: null,
  assignee_id: null,
  dismissal_requested_by: null,
  dismissal_approved_by: null,
  amount_at_risk: null,
  currency: null,
  entity: null,
  period: null,
  close_deadline: null,
  opened_at: hoursBefore(48),
  incident_id: 'incident-1',
  ...over,
});

const plan = (findings: NormalizedFinding[], known: ExistingException[] = [], over: Partial<IntakePlanInput> = {}) =>
  planIntake({ findings, existing: new Map(known.map((e) => [e.fingerprint, e])), flows, now, slaHours: DEFAULT_SLA_HOURS, ...over });

describe(planIntake.name, () => {
  it('inserts a new fingerprint as an open exception, to place in an incident, with its created history', () => {
    const f = finding({ amount: '2500.00', currency: 'USD', entity: 'US01', period: '2026-11', observedAt: hoursBefore(2), context: { stage: 'failed' } });
    const p = plan([f]);
    expect(p.updates).toEqual([]);
    expect(p.inserts).toEqual([
      {
        fingerprint: f.fingerprint,
        type: 'delivery_failure',
        flow_id: FLOW,
        record_key: 'INV-1',
        run_id: null,
        cause: 'mapping',
        title: f.title,
        detail: null,
        context: { stage: 'failed' },
        status: 'open',
        severity: 'medium',
        severity_reasons: ["amount at risk is at least 10% of the flow's materiality (10,000.00 USD)"],
        material: false,
        amount_at_risk: '2500.00',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
        close_deadline: null,
        occurrences: 1,
        first_seen_at: hoursBefore(2).toISOString(),
        last_seen_at: hoursBefore(2).toISOString(),
        opened_at: hoursBefore(2).toISOString(),
        // Medium: 72 hours from when it was first seen.
        sla_due_at: new Date(hoursBefore(2).getTime() + 72 * 3_600_000).toISOString(),
        reopen: false,
      },
    ]);
    expect(p.toPlace).toEqual([
      {
        ref: f.fingerprint,
        flow: FLOW,
        type: 'delivery_failure',
        cause: 'mapping',
        entity: 'US01',
        period: '2026-11',
        firstSeenAt: hoursBefore(2),
        lastSeenAt: hoursBefore(2),
      },
    ]);
    expect(p.outcomes).toEqual([{ fingerprint: f.fingerprint, outcome: 'created' }]);
    expect(p.history).toEqual([
      { fingerprint: f.fingerprint, action: 'created', fromStatus: null, toStatus: 'open', details: { occurrences: 1, severity: 'medium' } },
    ]);
    expect(p.knownIncidentIds).toEqual([]);
  });

  it('counts a recurrence of an unresolved exception, keeping its status, opening time and incident', () => {
    const f = finding({ amount: '2500.00', currency: 'USD' });
    const prev = existing(f, { status: 'acknowledged', severity: 'medium', incident_id: 'incident-7' });
    const p = plan([f], [prev]);
    expect(p.inserts).toEqual([]);
    expect(p.toPlace).toEqual([]);
    expect(p.updates).toHaveLength(1);
    expect(p.updates[0]).toMatchObject({ status: 'acknowledged', severity: 'medium', reopen: false, opened_at: prev.opened_at.toISOString(), occurrences: 1 });
    expect(p.updates[0]!.sla_due_at).toBe(new Date(prev.opened_at.getTime() + 72 * 3_600_000).toISOString());
    expect(p.outcomes).toEqual([{ fingerprint: f.fingerprint, outcome: 'recurred' }]);
    expect(p.history).toEqual([]);
    expect(p.knownIncidentIds).toEqual(['incident-7']);
  });

  it('never lowers the severity of an exception that lives on, and says why it kept it', () => {
    const f = finding({ amount: '10.00', currency: 'USD' });
    const p = plan([f], [existing(f, { severity: 'high' })]);
    expect(p.updates[0]).toMatchObject({ severity: 'high', amount_at_risk: '10.00' });
    expect(p.updates[0]!.severity_reasons).toEqual([
      'kept at high, the highest it has been',
      "amount at risk is below 10% of the flow's materiality (10,000.00 USD)",
    ]);
    expect(p.history).toEqual([]);
  });

  it('raises the severity, in the history, when the amount grows', () => {
    const f = finding({ amount: '60000.00', currency: 'USD' });
    const p = plan([f], [existing(f, { status: 'acknowledged', severity: 'medium' })]);
    expect(p.updates[0]).toMatchObject({ severity: 'critical', status: 'acknowledged' });
    expect(p.history).toEqual([
      {
        fingerprint: f.fingerprint,
        action: 'severity_changed',
        fromStatus: 'acknowledged',
        toStatus: 'acknowledged',
        reason: 'severity medium → critical',
        details: { from: 'medium', to: 'critical' },
      },
    ]);
  });

  it('reopens an auto-resolved exception afresh: open now, its severity recomputed and its SLA clock restarted', () => {
    const f = finding({ amount: '10.00', currency: 'USD' });
    const p = plan([f], [existing(f, { status: 'resolved', resolution_code: 'auto_resolved', severity: 'high' })]);
    expect(p.updates[0]).toMatchObject({ status: 'open', reopen: true, severity: 'low', opened_at: now.toISOString() });
    expect(p.updates[0]!.sla_due_at).toBe(new Date(now.getTime() + 168 * 3_600_000).toISOString());
    expect(p.outcomes).toEqual([{ fingerprint: f.fingerprint, outcome: 'reopened' }]);
    expect(p.history).toEqual([
      {
        fingerprint: f.fingerprint,
        action: 'reopened',
        fromStatus: 'resolved',
        toStatus: 'open',
        reason: 'seen again after it cleared',
        details: { occurrences: 1 },
      },
      {
        fingerprint: f.fingerprint,
        action: 'severity_changed',
        fromStatus: 'open',
        toStatus: 'open',
        reason: 'severity high → low',
        details: { from: 'high', to: 'low' },
      },
    ]);
  });

  it('reopens an exception a person resolved, naming the code it was resolved with', () => {
    const f = finding({});
    const p = plan([f], [existing(f, { status: 'resolved', resolution_code: 'fixed' })]);
    expect(p.history[0]).toMatchObject({ action: 'reopened', reason: 'seen again after it was resolved (fixed)' });
  });

  it('leaves a dismissed exception dismissed unless it is now material and its dismissal had no second approval', () => {
    const f = finding({ amount: '15000.00', currency: 'USD' });
    const approved = plan([f], [existing(f, { status: 'dismissed', dismissal_requested_by: 'u1', dismissal_approved_by: 'u2', severity: 'high' })]);
    expect(approved.updates[0]).toMatchObject({ status: 'dismissed', reopen: false });
    expect(approved.outcomes[0]!.outcome).toBe('recurred');

    const small = finding({ amount: '10.00', currency: 'USD' });
    const stillSmall = plan([small], [existing(small, { status: 'dismissed', dismissal_requested_by: 'u1' })]);
    expect(stillSmall.updates[0]).toMatchObject({ status: 'dismissed', reopen: false });

    const unapproved = plan([f], [existing(f, { status: 'dismissed', dismissal_requested_by: 'u1', severity: 'low' })]);
    expect(unapproved.updates[0]).toMatchObject({ status: 'open', reopen: true });
    expect(unapproved.history[0]).toMatchObject({ action: 'reopened', reason: 'seen again at or above materiality; its dismissal had no second approval' });
  });

  it('keeps the known amount, entity, period and close deadline when the finding has none', () => {
    const f = finding({});
    const closeDeadline = new Date('2026-11-30T00:00:00.000Z');
    const p = plan([f], [existing(f, { amount_at_risk: '2500.00', currency: 'USD', entity: 'US01', period: '2026-11', close_deadline: closeDeadline })]);
    expect(p.updates[0]).toMatchObject({
      amount_at_risk: '2500.00',
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
      close_deadline: closeDeadline.toISOString(),
    });
  });

  it('takes the finding amount with its currency over the known one', () => {
    const f = finding({ amount: '7.00', currency: 'EUR' });
    const p = plan([f], [existing(f, { amount_at_risk: '2500.00', currency: 'USD' })]);
    expect(p.updates[0]).toMatchObject({ amount_at_risk: '7.00', currency: 'EUR' });
  });

  it('rates a flow outside the catalog low', () => {
    const f = finding({ flow: 'shadow-etl', amount: '60000.00', currency: 'USD' });
    expect(plan([f]).inserts[0]).toMatchObject({ severity: 'low', severity_reasons: ['the flow is not in the catalog, so its finance impact is unknown'] });
  });

  it('plans a mixed chunk in the order given, with the incidents of every known exception', () => {
    const a = finding({ recordKey: 'INV-A' });
    const b = finding({ recordKey: 'INV-B' });
    const c = finding({ recordKey: 'INV-C' });
    const p = plan(
      [a, b, c],
      [existing(a, { incident_id: null }), existing(c, { status: 'resolved', resolution_code: 'auto_resolved', incident_id: 'incident-c' })],
    );
    expect(p.outcomes.map((o) => [o.fingerprint, o.outcome])).toEqual([
      [a.fingerprint, 'recurred'],
      [b.fingerprint, 'created'],
      [c.fingerprint, 'reopened'],
    ]);
    expect(p.updates.map((u) => u.fingerprint)).toEqual([a.fingerprint, c.fingerprint]);
    expect(p.inserts.map((u) => u.fingerprint)).toEqual([b.fingerprint]);
    expect(p.toPlace.map((e) => e.ref)).toEqual([b.fingerprint]);
    expect(p.knownIncidentIds).toEqual([null, 'incident-c']);
  });

  it('uses the SLA hours given', () => {
    const f = finding({});
    const p = plan([f], [], { slaHours: { ...DEFAULT_SLA_HOURS, medium: 1 } });
    expect(p.inserts[0]!.sla_due_at).toBe(new Date(now.getTime() + 3_600_000).toISOString());
  });
});

describe('planIntake with close calendars and FX rates', () => {
  const closeFlows = new Map<string, FlowImpact>([[FLOW, { materiality: { amount: '10000.00', currency: 'USD' }, impacts: ['close'], boardMetrics: [] }]]);

  it("takes the entity calendar's deadline and raises severity when it is near", () => {
    const f = finding({ amount: '2500.00', currency: 'USD', entity: 'US01', period: '2026-11', observedAt: hoursBefore(1) });
    const deadline = new Date(now.getTime() + 24 * 3_600_000);
    const p = plan([f], [], { flows: closeFlows, deadlines: new Map([[closeKey('US01', '2026-11'), deadline]]) });
    expect(p.inserts[0]!.close_deadline).toBe(deadline.toISOString());
    expect(p.inserts[0]!.severity).toBe('high');
    expect(p.inserts[0]!.severity_reasons).toContain('the close deadline is within 72 hours');
    // Another entity's deadline does not apply.
    const other = plan([f], [], { flows: closeFlows, deadlines: new Map([[closeKey('DE01', '2026-11'), deadline]]) });
    expect(other.inserts[0]!.close_deadline).toBeNull();
    expect(other.inserts[0]!.severity).toBe('medium');
  });

  it("keeps a deadline the finding carries over the calendar's", () => {
    const own = new Date(now.getTime() + 200 * 3_600_000);
    const f = finding({ amount: '2500.00', currency: 'USD', entity: 'US01', period: '2026-11', closeDeadline: own });
    const p = plan([f], [], { flows: closeFlows, deadlines: new Map([[closeKey('US01', '2026-11'), now]]) });
    expect(p.inserts[0]!.close_deadline).toBe(own.toISOString());
  });

  it('ranks an amount in another currency by its conversion, keyed by amount, currencies and period', () => {
    const f = finding({ amount: '1250.00', currency: 'EUR', entity: 'DE01', period: '2026-11' });
    const facts = severityFacts(f, undefined);
    const needed = neededConversion(facts, flows.get(FLOW)!);
    expect(needed).toEqual({ amount: '1250.00', from: 'EUR', to: 'USD', period: '2026-11' });
    const conversions = new Map([
      [
        conversionKey('1250.00', 'EUR', 'USD', '2026-11'),
        {
          ok: true as const,
          amount: '1355.25',
          from: 'EUR',
          to: 'USD',
          asOf: '2026-11-30',
          method: 'direct' as const,
          rates: [{ date: '2026-11-30', base: 'EUR', quote: 'USD', rate: '1.0842' }],
        },
      ],
    ]);
    const p = plan([f], [], { conversions });
    expect(p.inserts[0]!.severity).toBe('medium');
    expect(p.inserts[0]!.severity_reasons[0]).toBe('1,250.00 EUR = 1,355.25 USD at 1.0842 (EUR→USD, rate of 2026-11-30)');
    // The stored amount stays in its own currency.
    expect(p.inserts[0]!.amount_at_risk).toBe('1250.00');
    expect(p.inserts[0]!.currency).toBe('EUR');
  });

  it('needs no conversion for the same currency, without a period or without a materiality', () => {
    const flow = flows.get(FLOW)!;
    expect(neededConversion(severityFacts(finding({ amount: '1', currency: 'USD', period: '2026-11' }), undefined), flow)).toBeNull();
    expect(neededConversion(severityFacts(finding({ amount: '1', currency: 'EUR' }), undefined), flow)).toBeNull();
    expect(neededConversion(severityFacts(finding({ amount: '1', currency: 'EUR', period: '2026-11' }), undefined), { ...flow, materiality: null })).toBeNull();
  });
});

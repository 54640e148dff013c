import { businessEventSchema } from '@closewatch/contracts/events';
import { CURRENCY_PATTERN, STAGES } from '@closewatch/contracts/finance';
import { RECORD_FLOWS } from './flows';
import { RecordGenerator } from './generator';
import { FAULT_KINDS, type RecordJourney, SCENARIOS } from './model';
import { eventOfHop } from './transports/event-of-hop';

const NOW = new Date('2026-11-22T10:00:00Z');

function generate(n: number, seed = 1, faultRate = 0, scenarios = [...SCENARIOS]): RecordJourney[] {
  const g = new RecordGenerator({ seed, scenarios, faultRate });
  return Array.from({ length: n }, () => g.next(NOW));
}

describe(RecordGenerator.name, () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generate(200, 11, 0.3)).toEqual(generate(200, 11, 0.3));
    expect(generate(50, 11).map((j) => j.recordKey)).not.toEqual(generate(50, 12).map((j) => j.recordKey));
  });

  it('gives every record a unique key with its flow prefix', () => {
    const records = generate(5000, 2, 0.2);
    expect(new Set(records.map((r) => r.recordKey)).size).toBe(records.length);
    const keyPattern: Record<string, RegExp> = {
      'salesforce-to-netsuite-orders': /^SO-\d{7}$/,
      'stripe-to-snowflake-subscriptions': /^sub_1\d{9}$/,
      'mes-to-sap-production': /^MO-\d{7}$/,
      'coupa-to-oracle-invoices': /^INV-\d{5}$/,
      'coupa-to-oracle-purchase-orders': /^PO-\d{6}$/,
      'oracle-to-coupa-suppliers': /^SUP-\d{5}$/,
    };
    expect(records.filter((r) => !keyPattern[r.flow]!.test(r.recordKey)).map((r) => r.recordKey)).toEqual([]);
  });

  it('walks each flow through its whole path on the happy path', () => {
    const records = generate(600, 3);
    const paths = new Map(records.map((r) => [r.flow, r.hops.map((h) => `${h.stage}@${h.system}`)]));
    expect(paths.get('salesforce-to-netsuite-orders')).toEqual(['emitted@salesforce', 'received@workato', 'transformed@workato', 'posted@netsuite']);
    expect(paths.get('stripe-to-snowflake-subscriptions')).toEqual(['emitted@stripe', 'received@snowflake', 'transformed@snowflake', 'published@snowflake']);
    expect(paths.get('mes-to-sap-production')).toEqual(['emitted@mes', 'received@boomi', 'transformed@boomi', 'posted@sap']);
    expect(paths.get('coupa-to-oracle-invoices')).toEqual([
      'emitted@coupa',
      'received@ap-automation',
      'transformed@ap-automation',
      'validated@ap-automation',
      'posted@oracle-fusion',
    ]);
    expect(paths.get('coupa-to-oracle-purchase-orders')).toEqual(['emitted@coupa', 'received@mulesoft', 'transformed@mulesoft', 'posted@oracle-fusion']);
    expect(paths.get('oracle-to-coupa-suppliers')).toEqual(['emitted@oracle-fusion', 'received@mulesoft', 'transformed@mulesoft', 'posted@coupa']);
    const wrong = records.filter(
      (r) =>
        r.fault !== null ||
        !r.hops.every((h) => h.status === 'ok' && h.error === null) ||
        // Steps move forward in time, the amount is the same at every step.
        !r.hops.every((h, i) => i === 0 || h.offsetMs > r.hops[i - 1]!.offsetMs) ||
        new Set(r.hops.map((h) => h.amount)).size !== 1 ||
        // Mapping versions start at the transformation.
        r.hops[0]!.mappingVersion !== null ||
        r.hops[r.hops.length - 1]!.mappingVersion === null,
    );
    expect(wrong).toEqual([]);
  });

  it('carries exact two-decimal amounts, currencies, entities and the current period', () => {
    const wrong: string[] = [];
    for (const r of generate(1000, 4)) {
      const spec = RECORD_FLOWS.find((f) => f.id === r.flow)!;
      for (const h of r.hops) {
        const ok =
          h.period === '2026-11' &&
          spec.entities.includes(h.entity) &&
          (spec.amount ? /^\d+\.\d{2}$/.test(h.amount ?? '') && CURRENCY_PATTERN.test(h.currency ?? '') : h.amount === null && h.currency === null);
        if (!ok) wrong.push(`${h.recordKey} ${h.stage}: ${h.amount} ${h.currency} ${h.entity} ${h.period}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('only generates the enabled scenarios', () => {
    const records = generate(300, 5, 0, ['manufacturer']);
    expect(new Set(records.map((r) => r.flow))).toEqual(new Set(['mes-to-sap-production']));
    expect(new Set(generate(300, 5, 0, ['saas', 'source_to_pay']).map((r) => r.scenario))).toEqual(new Set(['saas', 'source_to_pay']));
  });

  it('injects faults at about the configured rate, every record fault kind occurring', () => {
    const records = generate(4000, 6, 0.25);
    const faulty = records.filter((r) => r.fault !== null);
    expect(faulty.length / records.length).toBeGreaterThan(0.2);
    expect(faulty.length / records.length).toBeLessThan(0.3);
    expect(new Set(faulty.map((r) => r.fault))).toEqual(new Set(FAULT_KINDS.filter((k) => k !== 'late_batch')));
    expect(generate(2000, 6, 0).some((r) => r.fault !== null)).toBe(false);
    expect(generate(300, 6, 1).every((r) => r.fault !== null)).toBe(true);
  });

  it('produces steps that are valid business events and valid stages', () => {
    const problems: unknown[] = [];
    for (const r of generate(1500, 7, 0.5)) {
      for (const h of r.hops) {
        if (!STAGES.includes(h.stage)) problems.push(`${h.recordKey}: stage ${h.stage}`);
        const parsed = businessEventSchema.safeParse(eventOfHop(h, NOW));
        if (!parsed.success) problems.push({ key: h.recordKey, stage: h.stage, issues: parsed.error.issues });
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every first delivery its own event id; a re-delivery repeats its original id', () => {
    const records = generate(2000, 8, 0.3);
    const ids = records.flatMap((r) => r.hops.filter((h) => h.resendOf === null).map((h) => h.eventId));
    expect(new Set(ids).size).toBe(ids.length);
    const resends = records.flatMap((r) => r.hops.filter((h) => h.resendOf !== null).map((h) => [h.eventId, r.hops[h.resendOf!]!.eventId]));
    expect(resends.length).toBeGreaterThan(0);
    expect(resends.filter(([a, b]) => a !== b)).toEqual([]);
  });
});

import { injectFault, nextVersion } from './faults';
import { RECORD_FLOWS, type RecordFlowSpec } from './flows';
import { planJourney } from './journey';
import { type RecordFaultKind, type RecordJourney } from './model';
import { Random } from './random';

const NOW = new Date('2026-11-22T10:00:00Z');
const spec = (id: string) => RECORD_FLOWS.find((f) => f.id === id) as RecordFlowSpec;

function faulty(flow: string, kind: RecordFaultKind, seed = 1): { happy: RecordJourney; broken: RecordJourney } {
  const s = spec(flow);
  const happy = planJourney(s, 'KEY-1', NOW, new Random(seed));
  return { happy, broken: injectFault(s, happy, kind, new Random(seed + 1000)) };
}

describe(injectFault.name, () => {
  it('unmapped cost centre: fails at transformed with a mapping error naming the cost centre, nothing after', () => {
    for (const flow of ['salesforce-to-netsuite-orders', 'mes-to-sap-production', 'coupa-to-oracle-invoices', 'coupa-to-oracle-purchase-orders']) {
      const { broken } = faulty(flow, 'unmapped_cost_centre');
      const last = broken.hops[broken.hops.length - 1]!;
      expect(broken.fault).toBe('unmapped_cost_centre');
      expect(last.stage).toBe('transformed');
      expect(last.status).toBe('error');
      expect(last.error?.class).toBe('mapping');
      const cc = last.attributes['finance.cost_centre'] as string;
      expect(cc).toMatch(/^CC-9\d{3}$/);
      expect(spec(flow).costCentres).not.toContain(cc);
      expect(last.error?.message).toContain(`cost centre ${cc}`);
      expect(broken.hops.some((h) => h.stage === 'posted')).toBe(false);
      expect(broken.hops.slice(0, -1).every((h) => h.status === 'ok')).toBe(true);
    }
  });

  it('duplicate event: one step is delivered again later with the same event id and content', () => {
    for (let seed = 1; seed < 40; seed++) {
      const { happy, broken } = faulty('coupa-to-oracle-invoices', 'duplicate_event', seed);
      expect(broken.hops).toHaveLength(happy.hops.length + 1);
      const resends = broken.hops.filter((h) => h.resendOf !== null);
      expect(resends).toHaveLength(1);
      const resend = resends[0]!;
      const original = broken.hops[resend.resendOf!]!;
      expect(original.resendOf).toBeNull();
      expect(resend.offsetMs).toBeGreaterThan(original.offsetMs);
      expect({ ...resend, offsetMs: 0, resendOf: null }).toEqual({ ...original, offsetMs: 0 });
      // Still time ordered; the first deliveries are the happy path unchanged.
      for (let i = 1; i < broken.hops.length; i++) expect(broken.hops[i]!.offsetMs).toBeGreaterThanOrEqual(broken.hops[i - 1]!.offsetMs);
      expect(broken.hops.filter((h) => h.resendOf === null)).toEqual(happy.hops);
    }
  });

  it('ERP outage: transient failures with replays in the deliverer, then dead-lettered, never posted', () => {
    for (let seed = 1; seed < 20; seed++) {
      const { happy, broken } = faulty('salesforce-to-netsuite-orders', 'erp_outage', seed);
      const tail = broken.hops.slice(happy.hops.length - 1).map((h) => h.stage);
      expect(broken.hops.slice(0, happy.hops.length - 1)).toEqual(happy.hops.slice(0, -1));
      expect(tail.join(',')).toMatch(/^failed,replayed,failed,replayed,failed(,replayed,failed)?,dead_lettered$/);
      for (const h of broken.hops.slice(happy.hops.length - 1)) {
        expect(h.system).toBe('workato');
        if (h.stage === 'failed') {
          expect(h.status).toBe('error');
          expect(h.error).toMatchObject({ class: 'transient', code: 'HTTP_503' });
          expect(h.error?.message).toContain('NetSuite unavailable');
          expect(h.call?.status).toBe(503);
        }
      }
      const dead = broken.hops[broken.hops.length - 1]!;
      expect(dead).toMatchObject({ stage: 'dead_lettered', status: 'error', error: { class: 'transient', code: 'RETRIES_EXHAUSTED' } });
      expect(broken.hops.some((h) => h.stage === 'posted')).toBe(false);
      // Backoff: the gaps between attempts grow.
      const failedAt = broken.hops.filter((h) => h.stage === 'failed').map((h) => h.offsetMs);
      const gaps = failedAt.slice(1).map((t, i) => t - failedAt[i]!);
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
    }
  });

  it('amount changed: the target books a different amount than the source emitted, under a new mapping version', () => {
    for (let seed = 1; seed < 30; seed++) {
      const { happy, broken } = faulty('coupa-to-oracle-invoices', 'amount_changed', seed);
      const emitted = broken.hops.find((h) => h.stage === 'emitted')!;
      const posted = broken.hops.find((h) => h.stage === 'posted')!;
      expect(emitted.amount).toBe(happy.hops[0]!.amount);
      expect(posted.amount).toMatch(/^\d+\.\d{2}$/);
      expect(posted.amount).not.toBe(emitted.amount);
      expect(posted.currency).toBe(emitted.currency);
      expect(posted.mappingVersion).toBe('v22');
      expect(broken.hops.map((h) => h.stage)).toEqual(happy.hops.map((h) => h.stage));
    }
  });

  it('refuses a fault the flow cannot have, and leaves the input journey untouched', () => {
    const s = spec('oracle-to-coupa-suppliers');
    const happy = planJourney(s, 'SUP-1', NOW, new Random(1));
    expect(() => injectFault(s, happy, 'amount_changed', new Random(2))).toThrow(/does not apply/);
    const orders = spec('salesforce-to-netsuite-orders');
    const j = planJourney(orders, 'SO-1', NOW, new Random(1));
    const before = structuredClone(j);
    injectFault(orders, j, 'unmapped_cost_centre', new Random(2));
    injectFault(orders, j, 'amount_changed', new Random(2));
    expect(j).toEqual(before);
  });
});

describe(nextVersion.name, () => {
  it('bumps the last number', () => {
    expect(nextVersion('v12')).toBe('v13');
    expect(nextVersion('fct_subscriptions@2.4')).toBe('fct_subscriptions@2.5');
    expect(nextVersion('v9')).toBe('v10');
  });
});

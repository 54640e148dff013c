import { defaultTitle, mergeFindings, type NormalizedFinding, normalizeFinding } from './finding';
import { fingerprintOf } from './fingerprint';

const now = new Date('2026-11-20T12:00:00.000Z');
const ok = (input: unknown): NormalizedFinding => {
  const r = normalizeFinding(input, now);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.finding;
};

describe(normalizeFinding.name, () => {
  it('fingerprints the finding and fills in defaults', () => {
    const f = ok({ type: 'delivery_failure', flow: 'coupa-to-netsuite', recordKey: 'INV-1', cause: 'mapping', amount: '-125.50', currency: 'USD' });
    expect(f.fingerprint).toBe(fingerprintOf({ type: 'delivery_failure', flow: 'coupa-to-netsuite', recordKey: 'INV-1', cause: 'mapping' }));
    expect(f.amount).toBe('125.50');
    expect(f.firstSeenAt).toEqual(now);
    expect(f.title).toBe('Delivery of INV-1 failed (mapping)');
    expect(f.count).toBe(1);
  });

  it('names every invalid field', () => {
    const r = normalizeFinding({ type: 'nope', flow: '', amount: '1e5', period: '2026-13', extra: 1 }, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['', 'amount', 'flow', 'period', 'type'].map((f) => f || 'finding').sort());
  });

  it('needs a currency with an amount', () => {
    const r = normalizeFinding({ type: 'sync_delay', flow: 'f', recordKey: 'K', amount: '10' }, now);
    expect(r).toMatchObject({ ok: false, errors: [{ field: 'currency' }] });
  });

  it('accepts observedAt as an ISO string or a Date', () => {
    expect(ok({ type: 'run_failed', flow: 'f', runId: 'r1', observedAt: '2026-11-19T00:00:00Z' }).lastSeenAt.toISOString()).toBe('2026-11-19T00:00:00.000Z');
    expect(ok({ type: 'run_failed', flow: 'f', runId: 'r1', observedAt: new Date(0) }).lastSeenAt.getTime()).toBe(0);
  });
});

describe(mergeFindings.name, () => {
  it('merges findings with one fingerprint: counts, seen span, latest details', () => {
    const a = ok({
      type: 'delivery_failure',
      flow: 'f',
      recordKey: 'K',
      cause: 'transient',
      amount: '10',
      currency: 'USD',
      observedAt: '2026-11-20T10:00:00Z',
      entity: 'US01',
    });
    const b = ok({ type: 'delivery_failure', flow: 'f', recordKey: 'K', cause: 'transient', detail: 'timeout', observedAt: '2026-11-20T11:00:00Z' });
    const c = ok({ type: 'delivery_failure', flow: 'f', recordKey: 'OTHER', cause: 'transient' });
    const merged = mergeFindings([b, c, a]);
    expect(merged).toHaveLength(2);
    const k = merged.find((m) => m.recordKey === 'K')!;
    expect(k.count).toBe(2);
    expect(k.firstSeenAt.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(k.lastSeenAt.toISOString()).toBe('2026-11-20T11:00:00.000Z');
    expect(k).toMatchObject({ amount: '10', currency: 'USD', entity: 'US01', detail: 'timeout' });
  });

  it('answers in fingerprint order (the order intake locks in)', () => {
    const fs = ['A', 'B', 'C', 'D', 'E'].map((k) => ok({ type: 'sync_delay', flow: 'f', recordKey: k }));
    const order = mergeFindings(fs).map((f) => f.fingerprint);
    expect(order).toEqual([...order].sort());
  });
});

describe(defaultTitle.name, () => {
  it('says what happened for each type', () => {
    const t = (type: Parameters<typeof defaultTitle>[0]['type'], over: Partial<Parameters<typeof defaultTitle>[0]> = {}) =>
      defaultTitle({ type, flow: 'f', recordKey: null, runId: null, cause: null, ...over });
    expect(t('run_failed', { runId: 'r7' })).toBe('Run r7 of f failed');
    expect(t('missed_run', { runId: '2026-11-20T02:00:00Z' })).toBe('Expected run 2026-11-20T02:00:00Z of f did not start');
    expect(t('unregistered_flow')).toBe('Telemetry from unregistered flow f');
    expect(t('recon_break', { recordKey: 'INV-9', cause: 'amount_mismatch' })).toBe('Reconciliation break (amount mismatch) on INV-9');
    expect(t('sync_delay', { recordKey: 'INV-9' })).toBe("INV-9 in flight past the flow's SLO");
    expect(t('unmapped_dimension', { recordKey: 'JE-1', cause: 'cost_center' })).toBe('Unmapped dimension value (cost center) on JE-1');
  });
});

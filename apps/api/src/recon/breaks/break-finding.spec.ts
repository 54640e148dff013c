import { breakCause, breakDetail, breakFinding, breakFingerprint, type RaisableBreak } from './break-finding';
import { fingerprintOf } from '../../exceptions/fingerprint';
import { normalizeFinding } from '../../exceptions/finding';

const base: RaisableBreak = {
  type: 'amount_mismatch',
  recordKey: 'INV-3',
  key: { inv_no: 'INV-3', entity: 'DE01' },
  amountAtRisk: '5',
  currency: 'EUR',
  entity: 'DE01',
  period: '2026-11',
  classification: {
    kind: 'failed_at_hop',
    exception: true,
    system: 'ap-automation',
    stage: 'failed',
    errorClass: 'mapping',
    occurredAt: '2026-11-20T00:00:00.000000Z',
  },
  differences: [{ field: 'amount', targetField: 'amt', source: '75.50', target: '80.50', difference: '5' }],
  side: null,
  rows: null,
};
const ctx = {
  flow: 'coupa-to-oracle-invoices',
  reconId: 'ap',
  reconName: 'AP invoices',
  runId: 'run-1',
  scope: { period: '2026-11' },
  observedAt: new Date('2026-11-21T00:00:00Z'),
};

describe(breakFinding.name, () => {
  it('is a valid recon_break finding about the record, with the break type and reconciliation as cause and the amount at risk', () => {
    const finding = breakFinding(base, ctx);
    expect(finding).toMatchObject({
      type: 'recon_break',
      flow: ctx.flow,
      recordKey: 'INV-3',
      cause: 'amount_mismatch@ap',
      amount: '5',
      currency: 'EUR',
      entity: 'DE01',
      period: '2026-11',
    });
    expect(finding.title).toBe('Amount mismatch: INV-3 (AP invoices)');
    expect(finding.context).toMatchObject({ reconId: 'ap', runId: 'run-1', key: base.key });
    const checked = normalizeFinding(finding, new Date());
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.finding.fingerprint).toBe(breakFingerprint(ctx.flow, 'ap', 'INV-3', 'amount_mismatch'));
    expect(breakFingerprint(ctx.flow, 'ap', 'INV-3', 'amount_mismatch')).toBe(
      fingerprintOf({ type: 'recon_break', flow: ctx.flow, recordKey: 'INV-3', cause: 'amount_mismatch@ap' }),
    );
  });

  it('is one exception per reconciliation, record key and break type', () => {
    const fps = new Set([
      breakFingerprint(ctx.flow, 'ap', 'INV-3', 'amount_mismatch'),
      breakFingerprint(ctx.flow, 'ap-telemetry', 'INV-3', 'amount_mismatch'),
      breakFingerprint(ctx.flow, 'ap', 'INV-4', 'amount_mismatch'),
      breakFingerprint(ctx.flow, 'ap', 'INV-3', 'field_mismatch'),
    ]);
    expect(fps.size).toBe(4);
  });

  it('leaves the amount out without a currency', () => {
    const finding = breakFinding({ ...base, currency: null }, ctx);
    expect(finding).toMatchObject({ amount: null, currency: null });
    expect(normalizeFinding(finding, new Date()).ok).toBe(true);
  });
});

describe(breakCause.name, () => {
  it('stays within 200 characters, distinct for distinct ids', () => {
    const long = 'a'.repeat(200);
    expect(breakCause(long, 'duplicate_key').length).toBeLessThanOrEqual(200);
    expect(breakCause(long, 'duplicate_key')).not.toBe(breakCause(`${'a'.repeat(199)}b`, 'duplicate_key'));
    expect(normalizeFinding(breakFinding(base, { ...ctx, reconId: long }), new Date()).ok).toBe(true);
  });
});

describe(breakDetail.name, () => {
  it('says what differs and why', () => {
    expect(breakDetail(base)).toBe('amount: 75.50 → 80.50 (5); failed at failed in ap-automation (mapping)');
    expect(breakDetail({ type: 'duplicate_key', differences: null, side: 'target', rows: 2, classification: { kind: 'never_emitted', exception: true } })).toBe(
      '2 rows in the target; never emitted through the flow',
    );
    expect(
      breakDetail({
        type: 'missing_in_target',
        differences: null,
        side: null,
        rows: null,
        classification: { kind: 'posted_late', exception: true, since: 'S', postedAt: null, lagMs: 1 },
      }),
    ).toBe("not posted since S, beyond the flow's SLO");
  });
});

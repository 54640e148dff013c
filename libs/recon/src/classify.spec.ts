import { type HopDto } from '@closewatch/contracts/telemetry';
import { classifyBreak, type LineageHop } from './classify';

const HOUR = 3_600_000;
const now = '2026-11-20T12:00:00.000Z';
const maxLagMs = 2 * HOUR;

function hop(stage: string, system: string, occurredAt: string, status = 'ok', errorClass: string | null = null): LineageHop {
  return { stage, system, status, occurredAt, error: errorClass ? { class: errorClass } : null };
}

describe(classifyBreak.name, () => {
  it('accepts lineage hops as the lineage API answers them', () => {
    const dto: HopDto = {
      flow: 'coupa-to-oracle-invoices',
      recordKey: 'INV-1',
      recordType: 'invoice',
      stage: 'failed',
      system: 'mulesoft',
      status: 'error',
      occurredAt: '2026-11-20T11:00:00.000Z',
      amount: '10.00',
      currency: 'USD',
      entity: 'E1',
      period: '2026-11',
      dataStatus: null,
      mappingVersion: null,
      batchId: null,
      traceId: null,
      spanId: null,
      error: { class: 'mapping', code: 'E42', message: 'no GL account' },
      source: 'event',
      registered: true,
    };
    expect(classifyBreak({ type: 'missing_in_target', hops: [dto], maxLagMs, now }).kind).toBe('failed_at_hop');
  });

  it('never_emitted: no lineage at all', () => {
    expect(classifyBreak({ type: 'missing_in_target', hops: [], maxLagMs, now })).toEqual({ kind: 'never_emitted', exception: true });
  });

  it('never_emitted: a row in the target that the source never emitted through the flow', () => {
    const hops = [hop('posted', 'oracle', '2026-11-20T09:00:00Z')];
    expect(classifyBreak({ type: 'unexpected_in_target', hops, maxLagMs, now }).kind).toBe('never_emitted');
  });

  it('failed_at_hop: names the system, stage and error class of the last unresolved failure', () => {
    const hops = [
      hop('emitted', 'coupa', '2026-11-20T08:00:00Z'),
      hop('transformed', 'mulesoft', '2026-11-20T08:01:00Z', 'error', 'transient'),
      hop('replayed', 'mulesoft', '2026-11-20T08:05:00Z'),
      hop('dead_lettered', 'oracle', '2026-11-20T08:06:00Z', 'error', 'target_rejected'),
    ];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now })).toEqual({
      kind: 'failed_at_hop',
      exception: true,
      system: 'oracle',
      stage: 'dead_lettered',
      errorClass: 'target_rejected',
      occurredAt: '2026-11-20T08:06:00.000Z',
    });
  });

  it('does not blame a failure that a later posting resolved', () => {
    const hops = [
      hop('emitted', 'coupa', '2026-11-20T08:00:00Z'),
      hop('failed', 'mulesoft', '2026-11-20T08:01:00Z', 'error', 'transient'),
      hop('posted', 'oracle', '2026-11-20T08:02:00Z'),
    ];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now }).kind).toBe('unexplained');
  });

  it('failed_at_hop for a duplicate: the failure whose retry posted the record twice', () => {
    const hops = [
      hop('emitted', 'coupa', '2026-11-20T08:00:00Z'),
      hop('posted', 'oracle', '2026-11-20T08:01:00Z'),
      hop('failed', 'mulesoft', '2026-11-20T08:01:30Z', 'error', 'transient'),
      hop('replayed', 'mulesoft', '2026-11-20T08:03:00Z'),
      hop('posted', 'oracle', '2026-11-20T08:04:00Z'),
    ];
    expect(classifyBreak({ type: 'duplicate_key', hops, maxLagMs, now })).toMatchObject({ kind: 'failed_at_hop', system: 'mulesoft', errorClass: 'transient' });
    expect(classifyBreak({ type: 'duplicate_key', hops: hops.filter((h) => h.stage !== 'failed'), maxLagMs, now }).kind).toBe('unexplained');
  });

  it('in_flight: emitted, not posted, within the max lag (exactly at it included); not an exception', () => {
    const hops = [hop('emitted', 'coupa', '2026-11-20T10:00:00Z'), hop('received', 'mulesoft', '2026-11-20T10:00:01Z')];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now })).toEqual({
      kind: 'in_flight',
      exception: false,
      since: '2026-11-20T10:00:00.000Z',
      ageMs: 2 * HOUR,
    });
  });

  it('in_flight: posted within the max lag but after the snapshot the run read', () => {
    const hops = [hop('emitted', 'coupa', '2026-11-20T10:00:00Z'), hop('posted', 'oracle', '2026-11-20T10:30:00Z')];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now, snapshotAt: '2026-11-20T10:15:00Z' }).kind).toBe('in_flight');
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now, snapshotAt: '2026-11-20T10:45:00Z' }).kind).toBe('unexplained');
  });

  it('posted_late: still not posted one millisecond past the max lag', () => {
    const hops = [hop('emitted', 'coupa', '2026-11-20T09:59:59.999Z')];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now })).toEqual({
      kind: 'posted_late',
      exception: true,
      since: '2026-11-20T09:59:59.999Z',
      postedAt: null,
      lagMs: 2 * HOUR + 1,
    });
  });

  it('posted_late: posted after the snapshot, later than the max lag', () => {
    const hops = [hop('emitted', 'coupa', '2026-11-20T06:00:00Z'), hop('posted', 'oracle', '2026-11-20T11:00:00Z')];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now, snapshotAt: '2026-11-20T10:00:00Z' })).toEqual({
      kind: 'posted_late',
      exception: true,
      since: '2026-11-20T06:00:00.000Z',
      postedAt: '2026-11-20T11:00:00.000Z',
      lagMs: 5 * HOUR,
    });
  });

  it('classifies a mismatch whose update is still on its way by the update, not the first posting', () => {
    const posted = [hop('emitted', 'coupa', '2026-11-19T08:00:00Z'), hop('posted', 'oracle', '2026-11-19T08:05:00Z')];
    const fresh = [...posted, hop('emitted', 'coupa', '2026-11-20T11:30:00Z')];
    const stale = [...posted, hop('emitted', 'coupa', '2026-11-20T07:00:00Z')];
    expect(classifyBreak({ type: 'amount_mismatch', hops: fresh, maxLagMs, now }).kind).toBe('in_flight');
    expect(classifyBreak({ type: 'field_mismatch', hops: stale, maxLagMs, now })).toMatchObject({ kind: 'posted_late', postedAt: null });
    expect(classifyBreak({ type: 'amount_mismatch', hops: posted, maxLagMs, now }).kind).toBe('unexplained');
  });

  it('unexplained: posted in time and visible to the run, yet missing', () => {
    const hops = [hop('emitted', 'coupa', '2026-11-20T08:00:00Z'), hop('posted', 'oracle', '2026-11-20T08:10:00Z')];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now })).toEqual({ kind: 'unexplained', exception: true });
  });

  it('unexpected_in_target: emitted after the source was read is a timing difference', () => {
    const hops = [hop('emitted', 'coupa', '2026-11-20T11:00:00Z'), hop('posted', 'oracle', '2026-11-20T11:01:00Z')];
    expect(classifyBreak({ type: 'unexpected_in_target', hops, maxLagMs, now, snapshotAt: '2026-11-20T10:59:00Z' }).kind).toBe('in_flight');
    expect(classifyBreak({ type: 'unexpected_in_target', hops, maxLagMs, now, snapshotAt: '2026-11-20T11:30:00Z' }).kind).toBe('unexplained');
  });

  it('orders hops by time whatever order they come in', () => {
    const hops = [
      hop('posted', 'oracle', '2026-11-20T08:02:00Z'),
      hop('failed', 'mulesoft', '2026-11-20T08:01:00Z', 'error', 'mapping'),
      hop('emitted', 'coupa', '2026-11-20T08:00:00Z'),
    ];
    expect(classifyBreak({ type: 'missing_in_target', hops, maxLagMs, now }).kind).toBe('unexplained');
  });
});

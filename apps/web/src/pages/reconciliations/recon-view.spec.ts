import { type ReconRunHistoryDto } from '@closewatch/contracts/recon';
import {
  classificationText,
  fieldRefText,
  formatDuration,
  groupText,
  isNonZeroDecimal,
  keyRangesText,
  keyText,
  nonZeroBreaks,
  progressShare,
  trendPoints,
  valueText,
} from './recon-view';

const zero = { missing_in_target: 0, unexpected_in_target: 0, amount_mismatch: 0, field_mismatch: 0, duplicate_key: 0 };

const run = (over: Partial<ReconRunHistoryDto>): ReconRunHistoryDto => ({
  runId: 'r',
  status: 'succeeded',
  trigger: 'manual',
  scope: {},
  queuedAt: '2026-11-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  sourceRows: 10,
  targetRows: 10,
  matched: 9,
  matchedPct: 90,
  breaks: { ...zero, amount_mismatch: 1 },
  totalBreaks: 1,
  error: null,
  ...over,
});

describe('recon view helpers', () => {
  it('lists only the break types that occurred, in contract order', () => {
    expect(nonZeroBreaks({ ...zero, duplicate_key: 1, missing_in_target: 2 })).toEqual([
      { type: 'missing_in_target', count: 2 },
      { type: 'duplicate_key', count: 1 },
    ]);
    expect(nonZeroBreaks(null)).toEqual([]);
  });

  it('describes every classification', () => {
    expect(
      classificationText({ kind: 'failed_at_hop', exception: true, system: 'ap-automation', stage: 'failed', errorClass: 'mapping', occurredAt: 'x' }),
    ).toBe('Failed at failed in ap-automation (mapping)');
    expect(classificationText({ kind: 'in_flight', exception: false, since: 'x', ageMs: 65_000 })).toBe('In flight for 1 min, within the SLO');
    expect(classificationText({ kind: 'posted_late', exception: true, since: 'x', postedAt: null, lagMs: 7_500_000 })).toBe('Posted late (after 2 h 5 min)');
    expect(classificationText({ kind: 'never_emitted', exception: true })).toMatch(/^Never emitted/);
    expect(classificationText(null)).toBe('not classified');
  });

  it('formats durations', () => {
    expect([formatDuration(120), formatDuration(4_000), formatDuration(3_600_000), formatDuration(90_000_000)]).toEqual(['120 ms', '4 s', '1 h', '1 d 1 h']);
  });

  it('shows keys, groups and values as text', () => {
    expect(keyText({ inv_no: 'INV-1', entity: null })).toBe('inv_no=INV-1, entity=∅');
    expect(groupText({ currency: 'USD', entity: 'US01' })).toBe('currency=USD, entity=US01');
    expect(groupText({})).toBe('all');
    expect([valueText('100.10'), valueText(null), valueText(3), valueText({ a: 1 })]).toEqual(['100.10', '—', '3', '{"a":1}']);
  });

  it('names key and compared fields per side', () => {
    expect([
      fieldRefText('entity'),
      fieldRefText({ source: 'inv_no', target: 'doc_ref' }),
      fieldRefText({ field: 'entity', type: 'string' }),
      fieldRefText({ source: 'a', target: 'a' }),
    ]).toEqual(['entity', 'inv_no → doc_ref', 'entity', 'a']);
  });

  it('measures progress against the rows expected, or not at all', () => {
    expect(progressShare(50, 200)).toBe(0.25);
    expect(progressShare(300, 200)).toBe(1);
    expect(progressShare(5, null)).toBeNull();
    expect(progressShare(5, 0)).toBeNull();
  });

  it('keeps succeeded runs, oldest first, for the trend', () => {
    const points = trendPoints([
      run({ runId: 'b', finishedAt: '2026-11-03T00:00:00.000Z', matchedPct: 95 }),
      run({ runId: 'f', status: 'failed', matchedPct: null, breaks: null }),
      run({ runId: 'a', finishedAt: '2026-11-02T00:00:00.000Z', matchedPct: 80, totalBreaks: 4 }),
    ]);
    expect(points.map((p) => [p.runId, p.matchedPct, p.totalBreaks])).toEqual([
      ['a', 80, 4],
      ['b', 95, 1],
    ]);
  });

  it('tells zero from non-zero decimal strings', () => {
    expect(['0', '-0.00', '+0.0', '0.01', '-5'].map(isNonZeroDecimal)).toEqual([false, false, false, true, true]);
    expect(isNonZeroDecimal(null)).toBe(false);
  });

  it('says which key ranges a run was read in', () => {
    expect(
      keyRangesText([
        { from: null, to: 'INV-5' },
        { from: 'INV-5', to: null },
      ]),
    ).toBe('range 1: from the first key up to "INV-5"\nrange 2: from "INV-5" to the last');
  });
});

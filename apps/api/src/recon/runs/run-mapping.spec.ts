import { matchedPct, type RunRow, toHistoryDto, toRunDto } from './run-mapping';

const row = (over: Partial<RunRow> = {}): RunRow => ({
  id: 'r1',
  recon_id: 'ap',
  flow_id: 'f',
  status: 'succeeded',
  trigger: 'manual',
  mode: 'merge',
  requested_scope: { period: 'previous' },
  scope: { period: '2026-11' },
  attempt: 1,
  retry_of: null,
  queued_at: '2026-11-20T00:00:00Z',
  started_at: '2026-11-20T00:00:01Z',
  finished_at: '2026-11-20T00:00:03.5Z',
  cancel_requested_at: null,
  source_rows: '10',
  target_rows: '8',
  progress_at: '2026-11-20T00:00:03Z',
  matched: '7',
  missing_in_target: '2',
  unexpected_in_target: '0',
  amount_mismatch: '1',
  field_mismatch: '0',
  duplicate_key: '0',
  summary: { source: { rows: 10, totals: [], invalidAmounts: 0 }, target: { rows: 8, totals: [], invalidAmounts: 0 }, groups: [] },
  classifications: { never_emitted: 3 },
  amount_at_risk: [],
  material: null,
  bisect: null,
  exceptions_raised: 3,
  exceptions_resolved: 0,
  exceptions_skipped: 0,
  error_code: null,
  error_message: null,
  error_retryable: null,
  ...over,
});

describe(toRunDto.name, () => {
  it('returns the documented run summary once the run succeeded, with timing and matched %', () => {
    const dto = toRunDto(row());
    expect(dto.summary).toEqual({
      source: { rows: 10, totals: [], invalidAmounts: 0 },
      target: { rows: 8, totals: [], invalidAmounts: 0 },
      matched: 7,
      breaks: { missing_in_target: 2, unexpected_in_target: 0, amount_mismatch: 1, field_mismatch: 0, duplicate_key: 0 },
    });
    expect(dto).toMatchObject({ durationMs: 2500, matchedPct: 70, scope: { period: '2026-11' }, progress: { source: 10, target: 8 } });
  });

  it('has no summary before it succeeded, and shows the requested scope while queued', () => {
    const queued = toRunDto(row({ status: 'queued', started_at: null, finished_at: null, matched: null, summary: null }));
    expect(queued).toMatchObject({ summary: null, matchedPct: null, durationMs: null, scope: { period: 'previous' } });
    const failed = toRunDto(row({ status: 'failed', error_code: 'statement_timeout', error_message: 'too slow', error_retryable: true }));
    expect(failed).toMatchObject({ summary: null, error: { code: 'statement_timeout', message: 'too slow', retryable: true } });
  });
});

describe(toHistoryDto.name, () => {
  it('counts breaks for the trend', () => {
    expect(toHistoryDto(row())).toMatchObject({ totalBreaks: 3, matched: 7, matchedPct: 70 });
    expect(toHistoryDto(row({ status: 'running' }))).toMatchObject({ totalBreaks: null, matched: null, breaks: null });
  });
});

describe(matchedPct.name, () => {
  it('is matched over the larger side, 100 for two empty sides', () => {
    expect(matchedPct(2, 9, 7)).toBe(22.22);
    expect(matchedPct(0, 0, 0)).toBe(100);
    expect(matchedPct(null, 1, 1)).toBeNull();
  });
});

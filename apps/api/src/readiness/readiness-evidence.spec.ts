import { closeStarted, type ClosePair, findingsFor, periodOpen, type ReadinessEvidence } from './readiness-evidence';

const NOW = new Date('2026-12-03T12:00:00Z');
const window = { closeStartAt: new Date('2026-11-27T00:00:00Z'), deadlineAt: new Date('2026-12-07T17:00:00Z') };
const pair: ClosePair = { entity: 'DE01', period: '2026-11', window };

const empty: ReadinessEvidence = {
  flows: [
    { id: 'gl', name: 'GL', entities: ['DE01', 'UK01'] },
    { id: 'all', name: 'All entities', entities: [] },
    { id: 'us', name: 'US only', entities: ['US01'] },
  ],
  exceptions: [],
  health: new Map(),
  recons: [],
  reconRuns: [],
  latePostings: [],
};

const group = (over: Partial<ReadinessEvidence['exceptions'][number]>): ReadinessEvidence['exceptions'][number] => ({
  flowId: 'gl',
  entity: 'DE01',
  period: '2026-11',
  type: 'delivery_failure',
  material: false,
  count: 1,
  exampleId: 'e1',
  exampleRunId: null,
  reconId: null,
  exampleTitle: 'Posting failed',
  ...over,
});

describe('periodOpen and closeStarted', () => {
  it('uses the calendar window when there is one', () => {
    expect(periodOpen(pair, NOW)).toBe(true);
    expect(periodOpen(pair, new Date('2026-12-08T00:00:00Z'))).toBe(false);
    expect(closeStarted(pair, new Date('2026-11-26T23:59:59Z'))).toBe(false);
    expect(closeStarted(pair, NOW)).toBe(true);
  });

  it('without a calendar: open until the end of the month after the period, started when the period ends', () => {
    const bare: ClosePair = { entity: 'XX', period: '2026-11', window: null };
    expect(periodOpen(bare, new Date('2026-12-31T23:59:59Z'))).toBe(true);
    expect(periodOpen(bare, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    expect(closeStarted(bare, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(closeStarted(bare, new Date('2026-12-01T00:00:00Z'))).toBe(true);
  });
});

describe('findingsFor', () => {
  it('finds nothing for an entity no close flow serves... except flows serving every entity', () => {
    expect(findingsFor({ ...pair, entity: 'FR01' }, { ...empty, exceptions: [group({ entity: null })] }, NOW)).toEqual([]);
    expect(findingsFor({ ...pair, entity: 'FR01' }, { ...empty, exceptions: [group({ flowId: 'all', entity: null })] }, NOW)).toHaveLength(1);
  });

  it('maps exception types to reason kinds, material ones uncapped and others capped at at_risk', () => {
    const ev = {
      ...empty,
      exceptions: [
        group({ type: 'missed_run', exampleId: 'm', exampleRunId: 'r1' }),
        group({ type: 'run_failed', exampleId: 'f' }),
        group({ type: 'unmapped_dimension', exampleId: 'u' }),
        group({ type: 'delivery_failure', material: true, count: 3, exampleId: 'd' }),
        group({ type: 'sync_delay', material: false, exampleId: 's' }),
      ],
    };
    const f = findingsFor(pair, ev, NOW);
    expect(f.map((x) => [x.kind, x.exceptionId, x.ceiling ?? null])).toEqual([
      ['run_missing', 'm', null],
      ['run_failed', 'f', null],
      ['unmapped_dimension', 'u', null],
      ['material_exception', 'd', null],
      ['material_exception', 's', 'at_risk'],
    ]);
    expect(f[0]!.runId).toBe('r1');
    expect(f[3]!.message).toBe('3 open delivery_failure exceptions at or above materiality on gl (e.g. "Posting failed")');
  });

  it("ignores other entities' and periods' exceptions; ones without a period count only while the period is open", () => {
    const ev = { ...empty, exceptions: [group({ entity: 'UK01' }), group({ period: '2026-10' }), group({ period: null, exampleId: 'np' })] };
    expect(findingsFor(pair, ev, NOW).map((x) => x.exceptionId)).toEqual(['np']);
    expect(findingsFor(pair, ev, new Date('2026-12-09T00:00:00Z'))).toEqual([]);
  });

  it('takes failing and stale flows from sync health while the period is open, a stale flow once', () => {
    const health = new Map([
      ['gl', { flow: 'gl', status: 'failing' as const, reason: '9 of 10 hops failed' }],
      ['all', { flow: 'all', status: 'stale' as const, reason: 'no hop for 2h' }],
    ]);
    expect(findingsFor(pair, { ...empty, health }, NOW).map((x) => [x.kind, x.flow])).toEqual([
      ['flow_failing', 'gl'],
      ['flow_stale', 'all'],
    ]);
    const raised = { ...empty, health, exceptions: [group({ flowId: 'all', entity: null, period: null, type: 'flow_stale', exampleId: 'st' })] };
    expect(findingsFor(pair, raised, NOW).filter((x) => x.kind === 'flow_stale')).toEqual([expect.objectContaining({ exceptionId: 'st' })]);
    expect(findingsFor(pair, { ...empty, health }, new Date('2026-12-09T00:00:00Z'))).toEqual([]);
  });

  const run = (reconId: string, over: Partial<ReadinessEvidence['reconRuns'][number]> = {}) => ({
    reconId,
    period: '2026-11',
    entity: null,
    runId: `${reconId}-run`,
    status: 'succeeded' as const,
    material: false,
    breaks: 0,
    errorMessage: null,
    finishedAt: new Date('2026-12-02T00:00:00Z'),
    ...over,
  });
  const recon = (id: string, over: Partial<ReadinessEvidence['recons'][number]> = {}) => ({
    id,
    flowId: 'gl',
    name: id,
    scopeEntity: null,
    scopePeriod: null,
    ...over,
  });

  it('judges reconciliations by their latest finished run of the period, or one covering every period', () => {
    const recons = [recon('r-missing'), recon('r-failed'), recon('r-ok'), recon('r-uk', { scopeEntity: 'UK01' }), recon('r-oct', { scopePeriod: '2026-10' })];
    const reconRuns = [run('r-missing', { period: '2026-10' }), run('r-failed', { status: 'failed', errorMessage: 'statement timeout' }), run('r-ok')];
    const f = findingsFor(pair, { ...empty, recons, reconRuns }, NOW);
    expect(f.map((x) => [x.kind, x.reconId, x.runId])).toEqual([
      ['recon_missing', 'r-missing', null],
      ['recon_failed', 'r-failed', 'r-failed-run'],
    ]);
    expect(f[1]!.message).toContain('statement timeout');
    // Before the close starts, a reconciliation not run yet is not a reason.
    expect(findingsFor(pair, { ...empty, recons, reconRuns }, new Date('2026-11-20T00:00:00Z')).map((x) => x.kind)).not.toContain('recon_missing');
  });

  it('blames a material run on the entities with open material breaks of it, and says them once', () => {
    const recons = [recon('r-breaks'), recon('r-all')];
    const reconRuns = [run('r-breaks', { material: true, breaks: 40 }), run('r-all', { period: null, material: true, breaks: 2 })];
    const exceptions = [
      group({ type: 'recon_break', reconId: 'r-breaks', material: true, count: 3, exampleId: 'b1' }),
      group({ type: 'recon_break', reconId: 'r-breaks', material: false, count: 5, exampleId: 'b2' }),
      group({ type: 'recon_break', reconId: 'r-breaks', entity: 'UK01', material: false, count: 9, exampleId: 'b3' }),
    ];
    const ev = { ...empty, recons, reconRuns, exceptions };
    // r-all raised no break exceptions (in flight, or resolved since): it blocks nobody.
    expect(findingsFor(pair, ev, NOW).map((x) => [x.kind, x.reconId, x.exceptionId, x.count, x.ceiling ?? null])).toEqual([
      ['recon_material_breaks', 'r-breaks', 'b1', 3, null],
      ['material_exception', 'r-breaks', 'b2', 5, 'at_risk'],
    ]);
    // UK01 has only breaks below materiality: at risk from them, not blocked by the run.
    expect(findingsFor({ ...pair, entity: 'UK01' }, ev, NOW).map((x) => [x.kind, x.reconId, x.ceiling ?? null])).toEqual([
      ['material_exception', 'r-breaks', 'at_risk'],
    ]);
    // A run whose scope names the entity blocks it by itself.
    const scoped = { ...ev, reconRuns: [reconRuns[0]!, run('r-all', { period: null, entity: 'UK01', material: true, breaks: 2 })] };
    expect(findingsFor({ ...pair, entity: 'UK01' }, scoped, NOW).map((x) => [x.kind, x.reconId, x.count])).toEqual([
      ['recon_material_breaks', 'r-all', 2],
      ['material_exception', 'r-breaks', 9],
    ]);
  });

  it('reports late postings of its own entity and period', () => {
    const late = { entity: 'DE01', period: '2026-11', flowId: 'gl', count: 2, latestAt: new Date('2026-12-08T09:00:00Z'), exampleRecordKey: 'INV-9' };
    const f = findingsFor(pair, { ...empty, latePostings: [late, { ...late, entity: 'UK01' }] }, NOW);
    expect(f).toEqual([expect.objectContaining({ kind: 'late_posting', flow: 'gl', count: 2 })]);
    expect(f[0]!.message).toContain('INV-9');
  });
});

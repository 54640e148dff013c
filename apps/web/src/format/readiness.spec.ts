import { type ReadinessDto } from '@closewatch/contracts/readiness';
import { readinessMatrix } from './readiness';

const cell = (entity: string, period: string, status: ReadinessDto['status']): ReadinessDto => ({
  entity,
  period,
  status,
  deadlineAt: null,
  workingDaysLeft: null,
  since: '2026-12-01T00:00:00.000Z',
  evaluatedAt: '2026-12-01T00:00:00.000Z',
  reasons: [],
});

describe('readinessMatrix', () => {
  it('lays cells out by entity and period, newest period first, and counts the statuses', () => {
    const m = readinessMatrix([
      cell('UK01', '2026-10', 'ready'),
      cell('DE01', '2026-11', 'blocked'),
      cell('DE01', '2026-10', 'at_risk'),
      cell('UK01', '2026-11', 'ready'),
    ]);
    expect(m.entities).toEqual(['DE01', 'UK01']);
    expect(m.periods).toEqual(['2026-11', '2026-10']);
    expect(m.cell('DE01', '2026-10')?.status).toBe('at_risk');
    expect(m.cell('MX01', '2026-10')).toBeUndefined();
    expect(m.counts).toEqual({ ready: 2, at_risk: 1, blocked: 1 });
  });
});

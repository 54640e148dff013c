import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { previousPeriod } from '@closewatch/contracts/periods';
import { currentPeriod, periodInProgress } from './close-periods';

const cal: CloseCalendarDto = {
  entity: 'DE01',
  timezone: 'Europe/Berlin',
  workweek: [1, 2, 3, 4, 5],
  holidays: [],
  closeStart: 'WD-2',
  deadline: 'WD+5',
  deadlineTime: '18:00',
  periods: {},
};

describe(periodInProgress.name, () => {
  it('is last month until its deadline (Monday 2026-12-07 17:00 UTC), then this month', () => {
    expect(periodInProgress(cal, new Date('2026-12-07T16:59:00Z'))).toBe('2026-11');
    expect(periodInProgress(cal, new Date('2026-12-07T17:00:00Z'))).toBe('2026-12');
  });

  it('reads the month in the entity zone and steps back over the year', () => {
    expect(currentPeriod(cal, new Date('2026-12-31T23:30:00Z'))).toBe('2027-01');
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(previousPeriod('2026-10')).toBe('2026-09');
  });
});

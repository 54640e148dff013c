import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { closeStatus, closeWindow, workingDayOffset } from './close-window';

const berlin: CloseCalendarDto = {
  entity: 'DE01',
  timezone: 'Europe/Berlin',
  workweek: [1, 2, 3, 4, 5],
  holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
  closeStart: 'WD-2',
  deadline: 'WD+5',
  deadlineTime: '18:00',
  periods: {},
};
const iso = (w: { closeStartAt: Date; deadlineAt: Date }) => [w.closeStartAt.toISOString(), w.deadlineAt.toISOString()];

describe('workingDayOffset', () => {
  it('reads the sign and the count', () => {
    expect(workingDayOffset('WD+5')).toBe(5);
    expect(workingDayOffset('WD-2')).toBe(-2);
    expect(() => workingDayOffset('BD+1')).toThrow(RangeError);
  });
});

describe('closeWindow', () => {
  it.each([
    // Monday 2026-11-30: close starts Thursday 26th at midnight, due Monday 7 December 18:00
    ['Europe/Berlin', '2026-11', '2026-11-25T23:00:00.000Z', '2026-12-07T17:00:00.000Z'],
    ['America/New_York', '2026-11', '2026-11-26T05:00:00.000Z', '2026-12-07T23:00:00.000Z'],
    ['Asia/Kolkata', '2026-11', '2026-11-25T18:30:00.000Z', '2026-12-07T12:30:00.000Z'],
    ['Pacific/Auckland', '2026-11', '2026-11-25T11:00:00.000Z', '2026-12-07T05:00:00.000Z'],
    // December, with the holidays: WD-2 skips the 31st and 25th/24th, WD+5 skips 1 January
    ['Europe/Berlin', '2026-12', '2026-12-28T23:00:00.000Z', '2027-01-08T17:00:00.000Z'],
    // September ends on a Wednesday in summer time; WD+5 is Wednesday 7 October, still summer time
    ['Europe/Berlin', '2026-09', '2026-09-27T22:00:00.000Z', '2026-10-07T16:00:00.000Z'],
    // January ends on a Saturday; February 2028 on Tuesday the 29th (docs/close.md's table)
    ['Europe/Berlin', '2026-01', '2026-01-28T23:00:00.000Z', '2026-02-06T17:00:00.000Z'],
    ['Europe/Berlin', '2028-02', '2028-02-24T23:00:00.000Z', '2028-03-07T17:00:00.000Z'],
    // October ends on a Saturday after the change to winter time
    ['Europe/Berlin', '2026-10', '2026-10-28T23:00:00.000Z', '2026-11-06T17:00:00.000Z'],
  ])('%s %s', (timezone, period, start, deadline) => {
    expect(iso(closeWindow({ ...berlin, timezone }, period))).toEqual([start, deadline]);
  });

  it('puts a deadline on the day New York springs forward at 18:00 EDT (Sunday-Thursday week)', () => {
    const cal: CloseCalendarDto = { ...berlin, timezone: 'America/New_York', workweek: [1, 2, 3, 4, 7], holidays: [], deadline: 'WD+6' };
    const w = closeWindow(cal, '2026-02');
    expect(w.deadlineDate).toBe('2026-03-08');
    expect(w.deadlineAt.toISOString()).toBe('2026-03-08T22:00:00.000Z');
    expect(w.closeStartAt.toISOString()).toBe('2026-02-25T05:00:00.000Z');
  });

  it('lets a period override win, for either instant', () => {
    const cal: CloseCalendarDto = {
      ...berlin,
      periods: {
        '2026-11': { closeStart: null, deadline: '2026-12-08T18:00:00+01:00' },
        '2026-10': { closeStart: '2026-10-27T09:00:00+01:00', deadline: null },
      },
    };
    const nov = closeWindow(cal, '2026-11');
    expect(iso(nov)).toEqual(['2026-11-25T23:00:00.000Z', '2026-12-08T17:00:00.000Z']);
    expect(nov.overridden).toEqual({ closeStart: false, deadline: true });
    expect(nov.deadlineDate).toBe('2026-12-08');
    const oct = closeWindow(cal, '2026-10');
    expect(iso(oct)).toEqual(['2026-10-27T08:00:00.000Z', '2026-11-06T17:00:00.000Z']);
    expect(oct.overridden).toEqual({ closeStart: true, deadline: false });
  });

  it('counts working days left in the entity zone', () => {
    expect(closeStatus(berlin, '2026-11', new Date('2026-12-01T10:00:00Z')).workingDaysLeft).toBe(4);
    expect(closeStatus(berlin, '2026-12', new Date('2026-12-30T10:00:00Z')).workingDaysLeft).toBe(5);
    expect(closeStatus(berlin, '2026-11', new Date('2026-12-08T10:00:00Z')).workingDaysLeft).toBe(-1);
  });
});

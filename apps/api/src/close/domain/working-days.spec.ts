import fc from 'fast-check';
import { isWorkingDay, periodLastDay, shiftWorkingDays, workingDaysBetween, workingDaysLeft, zonedInstant, type WorkingCalendar } from './working-days';

const monFri: WorkingCalendar = { timezone: 'Europe/Berlin', workweek: [1, 2, 3, 4, 5], holidays: [] };
const withHolidays: WorkingCalendar = { ...monFri, holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'] };
const sunThu: WorkingCalendar = { timezone: 'America/New_York', workweek: [7, 1, 2, 3, 4], holidays: [] };

describe('periodLastDay', () => {
  it.each([
    ['2026-01', '2026-01-31'],
    ['2026-04', '2026-04-30'],
    ['2026-02', '2026-02-28'],
    ['2028-02', '2028-02-29'],
    ['2024-02', '2024-02-29'],
    ['2100-02', '2100-02-28'],
    ['2026-12', '2026-12-31'],
  ])('%s ends on %s', (period, last) => expect(periodLastDay(period)).toBe(last));
});

describe('shiftWorkingDays', () => {
  // Weekdays checked against a printed 2026-2028 calendar.
  it.each([
    // month ending on a Saturday: WD+1 is the Monday, WD-1 the Friday before
    [monFri, '2026-01-31', 1, '2026-02-02'],
    [monFri, '2026-01-31', 5, '2026-02-06'],
    [monFri, '2026-01-31', -1, '2026-01-30'],
    [monFri, '2026-01-31', -2, '2026-01-29'],
    // February, non-leap (Saturday 28th) and leap (Tuesday 2028-02-29, Thursday 2024-02-29)
    [monFri, '2026-02-28', 1, '2026-03-02'],
    [monFri, '2026-02-28', -1, '2026-02-27'],
    [monFri, '2028-02-29', 1, '2028-03-01'],
    [monFri, '2028-02-29', -1, '2028-02-28'],
    [monFri, '2024-02-29', 2, '2024-03-04'],
    // a 30-day month ending on a Thursday; the last day itself never counts
    [monFri, '2026-04-30', 1, '2026-05-01'],
    [monFri, '2026-04-30', -1, '2026-04-29'],
    // Monday 2026-11-30: WD+5 is the following Monday
    [monFri, '2026-11-30', 5, '2026-12-07'],
    [monFri, '2026-11-30', -2, '2026-11-26'],
    // holidays: Thu 24, Fri 25 and Thu 31 December, Fri 1 January
    [withHolidays, '2026-12-31', 1, '2027-01-04'],
    [withHolidays, '2026-12-31', 5, '2027-01-08'],
    [withHolidays, '2026-12-31', -1, '2026-12-30'],
    [withHolidays, '2026-12-31', -4, '2026-12-23'],
    // Sunday to Thursday: Friday and Saturday are off
    [sunThu, '2026-02-28', 1, '2026-03-01'],
    [sunThu, '2026-02-28', 6, '2026-03-08'],
    [sunThu, '2026-07-31', -1, '2026-07-30'],
    [sunThu, '2026-07-31', 1, '2026-08-02'],
  ])('%#: %j from %s by %i is %s', (cal, from, n, expected) => expect(shiftWorkingDays(cal, from, n)).toBe(expected));

  it('throws instead of looping when no day is a working day', () => {
    const mondays: WorkingCalendar = { timezone: 'UTC', workweek: [1], holidays: [] };
    expect(shiftWorkingDays(mondays, '2026-11-30', 1)).toBe('2026-12-07');
    // every Monday of the next eleven years is a holiday
    const allMondays = Array.from({ length: 600 }, (_, i) => new Date(Date.UTC(2026, 11, 7 + 7 * i)).toISOString().slice(0, 10));
    expect(() => shiftWorkingDays({ ...mondays, holidays: allMondays }, '2026-11-30', 1)).toThrow(/no working day within/);
  });
});

describe('isWorkingDay', () => {
  it('uses ISO weekdays (7 = Sunday) and holidays', () => {
    expect(isWorkingDay(monFri, '2026-12-06')).toBe(false);
    expect(isWorkingDay(sunThu, '2026-12-06')).toBe(true);
    expect(isWorkingDay(sunThu, '2026-12-04')).toBe(false);
    expect(isWorkingDay(withHolidays, '2026-12-25')).toBe(false);
    expect(isWorkingDay(withHolidays, '2026-12-28')).toBe(true);
  });
});

describe('zonedInstant', () => {
  it.each([
    ['Europe/Berlin', '2026-12-07', '18:00', '2026-12-07T17:00:00.000Z'],
    ['Europe/Berlin', '2026-07-06', '18:00', '2026-07-06T16:00:00.000Z'],
    ['America/New_York', '2026-12-07', '18:00', '2026-12-07T23:00:00.000Z'],
    ['Asia/Kolkata', '2026-12-07', '18:00', '2026-12-07T12:30:00.000Z'],
    ['Pacific/Auckland', '2026-12-07', '18:00', '2026-12-07T05:00:00.000Z'],
    ['Pacific/Auckland', '2026-07-06', '18:00', '2026-07-06T06:00:00.000Z'],
    // DST changes: New York springs forward on Sunday 2026-03-08 and falls back on 2026-11-01
    ['America/New_York', '2026-03-07', '18:00', '2026-03-07T23:00:00.000Z'],
    ['America/New_York', '2026-03-08', '18:00', '2026-03-08T22:00:00.000Z'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'],
    ['America/New_York', '2026-11-01', '18:00', '2026-11-01T23:00:00.000Z'],
    // 01:30 happens twice that night: the second time (standard time) is taken
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T06:30:00.000Z'],
    // Berlin falls back on Sunday 2026-10-25: midnight is still summer time, 18:00 is winter time
    ['Europe/Berlin', '2026-10-25', '00:00', '2026-10-24T22:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25', '18:00', '2026-10-25T17:00:00.000Z'],
    // Auckland springs forward on Sunday 2026-09-27 at 02:00
    ['Pacific/Auckland', '2026-09-26', '18:00', '2026-09-26T06:00:00.000Z'],
    ['Pacific/Auckland', '2026-09-27', '18:00', '2026-09-27T05:00:00.000Z'],
  ])('%s %s %s is %s', (tz, date, time, utc) => expect(zonedInstant(tz, date, time).toISOString()).toBe(utc));
});

describe('workingDaysLeft', () => {
  // Deadline Monday 2026-12-07.
  it.each([
    [monFri, '2026-12-01T10:00:00Z', 4],
    [monFri, '2026-12-04T10:00:00Z', 1],
    [monFri, '2026-12-05T10:00:00Z', 1],
    [monFri, '2026-12-07T08:00:00Z', 0],
    [monFri, '2026-12-07T20:00:00Z', 0],
    [monFri, '2026-12-09T10:00:00Z', -2],
    [monFri, '2026-12-12T10:00:00Z', -4],
    // 23:30 UTC on Sunday is already Monday in Berlin, still Sunday afternoon in New York
    [monFri, '2026-12-06T23:30:00Z', 0],
    [{ ...monFri, timezone: 'America/New_York' }, '2026-12-06T23:30:00Z', 1],
    // Sunday counts in a Sunday-Thursday week
    [sunThu, '2026-12-04T15:00:00Z', 2],
  ])('%#: from %s', (cal, now, left) => expect(workingDaysLeft(cal, '2026-12-07', new Date(now))).toBe(left));

  it('is never 0 off the deadline day: late on the weekend after, due on a non-working deadline day', () => {
    // Friday 2026-12-04 deadline, Saturday and Sunday after it, Monday
    expect(workingDaysLeft(monFri, '2026-12-04', new Date('2026-12-05T12:00:00Z'))).toBe(-1);
    expect(workingDaysLeft(monFri, '2026-12-04', new Date('2026-12-06T12:00:00Z'))).toBe(-1);
    expect(workingDaysLeft(monFri, '2026-12-04', new Date('2026-12-07T12:00:00Z'))).toBe(-1);
    expect(workingDaysLeft(monFri, '2026-12-04', new Date('2026-12-08T12:00:00Z'))).toBe(-2);
    // an override due on Sunday 2026-12-06, seen on Saturday
    expect(workingDaysLeft(monFri, '2026-12-06', new Date('2026-12-05T12:00:00Z'))).toBe(1);
  });
});

describe('workingDaysBetween', () => {
  /** The definition, one day at a time. */
  const walked = (cal: WorkingCalendar, from: string, to: string) => {
    let n = 0;
    for (let d = new Date(`${from}T00:00:00Z`).getTime() + 86_400_000; d <= new Date(`${to}T00:00:00Z`).getTime(); d += 86_400_000) {
      if (isWorkingDay(cal, new Date(d).toISOString().slice(0, 10))) n++;
    }
    return n;
  };
  const date = fc.integer({ min: 20_000, max: 21_500 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

  it('counts as walking the days would, for any workweek, holidays and range', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        fc.array(date, { maxLength: 30 }),
        date,
        date,
        (workweek, holidays, from, to) => {
          const cal: WorkingCalendar = { timezone: 'UTC', workweek, holidays };
          expect(workingDaysBetween(cal, from, to)).toBe(walked(cal, from, to));
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { DateTime } from 'luxon';

/**
 * Working-day arithmetic of close calendars: which calendar days are working days for an entity,
 * and the N-th working day before or after a date. Dates are ISO calendar dates (`2026-12-31`)
 * and carry no time zone: a date is a day of the entity's own calendar.
 */

/** The days an entity works: ISO weekdays (1 = Monday … 7 = Sunday) minus its holidays. */
export interface WorkingCalendar {
  /** IANA time zone such as `Europe/Berlin`; days and deadlines are counted in it. */
  timezone: string;
  workweek: readonly number[];
  holidays: readonly string[];
}

/** How far the search for a working day may run before the calendar is declared unusable (10 years). */
const MAX_SCAN_DAYS = 3660;

/** Thrown when a calendar has no working day within ten years of a date (e.g. every day a holiday). */
export class NoWorkingDayError extends Error {
  constructor(readonly from: string) {
    super(`no working day within ${MAX_SCAN_DAYS} days of ${from}`);
  }
}

/** Dates are stepped as UTC midnights, where every day has 24 hours, so DST never skips or repeats one. */
function day(isoDate: string): Date {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== isoDate) throw new RangeError(`not an ISO date: ${isoDate}`);
  return d;
}

const addDays = (isoDate: string, n: number) => new Date(day(isoDate).getTime() + n * 86_400_000).toISOString().slice(0, 10);

/** Monday = 1 … Sunday = 7. */
const isoWeekday = (isoDate: string) => day(isoDate).getUTCDay() || 7;

/** The last calendar day of a `YYYY-MM` period: `2028-02` → `2028-02-29`. */
export function periodLastDay(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function isWorkingDay(cal: WorkingCalendar, isoDate: string): boolean {
  return cal.workweek.includes(isoWeekday(isoDate)) && !cal.holidays.includes(isoDate);
}

/**
 * The n-th working day strictly after `isoDate` (n > 0) or strictly before it (n < 0); the date
 * itself never counts, working day or not. n = 0 returns the date unchanged.
 */
export function shiftWorkingDays(cal: WorkingCalendar, isoDate: string, n: number): string {
  const step = n < 0 ? -1 : 1;
  const holidays = new Set(cal.holidays);
  let current = isoDate;
  let found = 0;
  for (let scanned = 0; found < Math.abs(n); scanned++) {
    if (scanned >= MAX_SCAN_DAYS) throw new NoWorkingDayError(isoDate);
    current = addDays(current, step);
    if (cal.workweek.includes(isoWeekday(current)) && !holidays.has(current)) found++;
  }
  return current;
}

/**
 * Working days d with from < d ≤ to (0 when to ≤ from), counting at most ten years. Counted
 * without walking the days: whole weeks times the workweek, the remaining days one by one, then
 * the holidays in the range that fall on a workweek day.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  const start = day(from).getTime() / 86_400_000;
  const days = Math.min(Math.max(0, day(to).getTime() / 86_400_000 - start), MAX_SCAN_DAYS);
  const weeks = Math.floor(days / 7);
  let count = weeks * new Set(cal.workweek).size;
  // The days after the whole weeks: start + 7·weeks + 1 … start + days.
  for (let k = weeks * 7 + 1; k <= days; k++) if (cal.workweek.includes(((((start + k + 3) % 7) + 7) % 7) + 1)) count++;
  const last = addDays(from, days);
  for (const h of new Set(cal.holidays)) if (h > from && h <= last && cal.workweek.includes(isoWeekday(h))) count--;
  return count;
}

/** The calendar date an instant falls on in the zone: 2026-12-06T23:30Z is 2026-12-07 in Berlin. */
export function dateIn(timezone: string, instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
}

/**
 * The instant a wall-clock time on a date has in the zone. On the day clocks go forward a time
 * in the gap moves forward by the gap (02:30 becomes 03:30); on the day they go back a repeated
 * time is its second occurrence (standard time, the later instant), as luxon resolves it.
 */
export function zonedInstant(timezone: string, isoDate: string, time: string): Date {
  const local = DateTime.fromISO(`${isoDate}T${time}`, { zone: timezone });
  if (!local.isValid) throw new RangeError(`not a time in ${timezone}: ${isoDate}T${time} (${local.invalidExplanation ?? local.invalidReason})`);
  return local.toJSDate();
}

/**
 * Working days left until `deadlineDate`, counted in the entity's zone from the date `now` falls
 * on there. 0 only on the deadline day itself (before or after the deadline time). Before it:
 * the working days after today up to and including the deadline day, at least 1. After it:
 * minus the working days after the deadline day up to and including today, at most -1 (so the
 * weekend after a Friday deadline is already late, not "due today").
 */
export function workingDaysLeft(cal: WorkingCalendar, deadlineDate: string, now: Date): number {
  const today = dateIn(cal.timezone, now);
  if (today === deadlineDate) return 0;
  return today < deadlineDate ? Math.max(1, workingDaysBetween(cal, today, deadlineDate)) : -Math.max(1, workingDaysBetween(cal, deadlineDate, today));
}

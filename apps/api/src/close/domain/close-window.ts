import { DateTime } from 'luxon';
import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { dateIn, periodLastDay, shiftWorkingDays, workingDaysLeft, zonedInstant } from './working-days';

/**
 * When one entity's close of one period starts and is due (docs/close.md): the
 * calendar's working-day rules, unless the period names its own instants.
 */
export interface CloseWindow {
  entity: string;
  period: string;
  /** Midnight, in the entity's zone, at the start of the close-start working day. */
  closeStartAt: Date;
  /** The deadline time, in the entity's zone, on the deadline working day. */
  deadlineAt: Date;
  /** The deadline's calendar date in the entity's zone (what `workingDaysLeft` counts to). */
  deadlineDate: string;
  /** Which of the two instants came from the period's override rather than the rules. */
  overridden: { closeStart: boolean; deadline: boolean };
}

/** `WD+5` → 5, `WD-2` → -2 (the schema has checked the shape). */
export function workingDayOffset(rule: string): number {
  const m = /^WD([+-])(\d+)$/.exec(rule);
  if (!m) throw new RangeError(`not a working-day rule: ${rule}`);
  return (m[1] === '-' ? -1 : 1) * Number(m[2]);
}

/** An ISO instant with an offset (`2026-12-08T18:00:00+01:00`) as a Date. */
function instant(iso: string): Date {
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) throw new RangeError(`not an ISO instant: ${iso}`);
  return d.toJSDate();
}

export function closeWindow(cal: CloseCalendarDto, period: string): CloseWindow {
  const lastDay = periodLastDay(period);
  const override = cal.periods[period];
  const closeStartAt = override?.closeStart
    ? instant(override.closeStart)
    : zonedInstant(cal.timezone, shiftWorkingDays(cal, lastDay, workingDayOffset(cal.closeStart)), '00:00');
  let deadlineAt: Date;
  if (override?.deadline) deadlineAt = instant(override.deadline);
  else deadlineAt = zonedInstant(cal.timezone, shiftWorkingDays(cal, lastDay, workingDayOffset(cal.deadline)), cal.deadlineTime);
  return {
    entity: cal.entity,
    period,
    closeStartAt,
    deadlineAt,
    deadlineDate: dateIn(cal.timezone, deadlineAt),
    overridden: { closeStart: Boolean(override?.closeStart), deadline: Boolean(override?.deadline) },
  };
}

/** The window and the working days left from `now` (see working-days.ts for the count). */
export function closeStatus(cal: CloseCalendarDto, period: string, now: Date): CloseWindow & { workingDaysLeft: number } {
  const window = closeWindow(cal, period);
  return { ...window, workingDaysLeft: workingDaysLeft(cal, window.deadlineDate, now) };
}

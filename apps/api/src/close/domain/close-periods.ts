import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { closeWindow } from './close-window';
import { dateIn } from './working-days';

/** `2026-01` → `2025-12`. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The month `now` falls in, in the entity's zone. */
export function currentPeriod(cal: CloseCalendarDto, now: Date): string {
  return dateIn(cal.timezone, now).slice(0, 7);
}

/**
 * The close being worked on at `now`: last month's while its deadline has not passed (early in
 * a month), else this month's.
 */
export function periodInProgress(cal: CloseCalendarDto, now: Date): string {
  const current = currentPeriod(cal, now);
  const previous = previousPeriod(current);
  return closeWindow(cal, previous).deadlineAt > now ? previous : current;
}

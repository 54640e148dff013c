import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { previousPeriod } from '@closewatch/contracts/periods';
import { closeWindow } from './close-window';
import { dateIn } from './working-days';

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

import { CronExpressionParser } from 'cron-parser';

export interface SlotRange {
  /** Expected run times in (after, until], oldest first, at most `max` of them. */
  slots: Date[];
  /** Where evaluation may continue from: `until` when every slot was listed, else the last slot listed. */
  evaluatedUntil: Date;
}

/**
 * The times a batch flow's cron schedule (in its time zone) expects a run, strictly after
 * `after` and up to and including `until`. Bounded by `max`, so a schedule that fires every
 * second cannot make one evaluation unbounded: the rest comes at the next evaluation.
 */
export function expectedSlots(cron: string, timeZone: string, after: Date, until: Date, max: number): SlotRange {
  if (until.getTime() <= after.getTime()) return { slots: [], evaluatedUntil: after };
  const it = CronExpressionParser.parse(cron, { currentDate: after, endDate: until, tz: timeZone });
  const slots: Date[] = [];
  while (slots.length < max && it.hasNext()) slots.push(it.next().toDate());
  const complete = slots.length < max || !it.hasNext();
  return { slots, evaluatedUntil: complete ? until : slots[slots.length - 1]! };
}

/** The latest expected run at or before `at`, or null when the schedule never fired before it. */
export function latestSlotAtOrBefore(cron: string, timeZone: string, at: Date): Date | null {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(at.getTime() + 1), tz: timeZone });
  return it.hasPrev() ? it.prev().toDate() : null;
}

/** The next expected run strictly after `at`, or null when there is none. */
export function nextSlotAfter(cron: string, timeZone: string, at: Date): Date | null {
  const it = CronExpressionParser.parse(cron, { currentDate: at, tz: timeZone });
  return it.hasNext() ? it.next().toDate() : null;
}

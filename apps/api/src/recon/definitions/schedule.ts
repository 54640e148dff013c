import { CronExpressionParser } from 'cron-parser';
import { type ReconSchedule } from '@closewatch/contracts/recon';

/** The next time a reconciliation's schedule fires strictly after `after`, in its time zone; null when never. */
export function nextRunAfter(schedule: ReconSchedule | null | undefined, after: Date): Date | null {
  if (!schedule) return null;
  const it = CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: schedule.timezone });
  return it.hasNext() ? it.next().toDate() : null;
}

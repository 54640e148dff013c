import { type Severity } from '@closewatch/contracts/exceptions';
import { DEFAULT_SLA_HOURS, type SlaHours } from '../config/exception-settings';

/**
 * When an exception is due: its SLA clock starts when it is opened (first seen, or reopened) and
 * runs for the hours its severity allows. A severity raised later shortens the same clock.
 */
export function slaDueAt(openedAt: Date, severity: Severity, hours: SlaHours = DEFAULT_SLA_HOURS): Date {
  return new Date(openedAt.getTime() + hours[severity] * 60 * 60 * 1000);
}

/** Overdue: still unresolved and past its due time. */
export function isOverdue(status: string, dueAt: Date, now: Date): boolean {
  return (status === 'open' || status === 'acknowledged') && dueAt.getTime() < now.getTime();
}

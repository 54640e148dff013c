import { type Severity } from '@closewatch/contracts/exceptions';

/** Hours to resolve an exception, by severity; configurable with CLOSEWATCH_EXCEPTION_SLA_HOURS. */
export type SlaHours = Record<Severity, number>;

export const DEFAULT_SLA_HOURS: SlaHours = { critical: 4, high: 24, medium: 72, low: 168 };

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

/** Parses `critical=4,high=24,medium=72,low=168` (any subset; the rest keep their defaults). */
export function parseSlaHours(text: string): SlaHours {
  const out: SlaHours = { ...DEFAULT_SLA_HOURS };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(critical|high|medium|low)\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not severity=hours (severities: critical, high, medium, low)`);
    const hours = Number(m[2]);
    if (!(hours > 0) || hours > 24 * 365) throw new Error(`"${part}": hours must be between 0 and 8760`);
    out[m[1] as Severity] = hours;
  }
  return out;
}

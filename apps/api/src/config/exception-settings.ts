import { type Severity } from '@closewatch/contracts/exceptions';

/** Hours to resolve an exception, by severity; configurable with CLOSEWATCH_EXCEPTION_SLA_HOURS. */
export type SlaHours = Record<Severity, number>;

export const DEFAULT_SLA_HOURS: SlaHours = { critical: 4, high: 24, medium: 72, low: 168 };

/** Parses `critical=4,high=24,medium=72,low=168` (any subset; the rest keep their defaults). */
export function parseSlaHours(text: string): SlaHours {
  const out: SlaHours = { ...DEFAULT_SLA_HOURS };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(critical|high|medium|low)\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not severity=hours (severities: critical, high, medium, low)`);
    const hours = Number(m[2]);
    if (!(hours > 0) || hours > 24 * 365) throw new Error(`"${part}": hours must be between 0 and 8760`);
    out[m[1] as Severity] = hours;
  }
  return out;
}

/** Fields incidents can be grouped by (CLOSEWATCH_INCIDENT_GROUP_BY); `flow` is always one of them. */
export const INCIDENT_GROUP_KEYS = ['flow', 'cause', 'type', 'entity', 'period'] as const;
export type IncidentGroupKey = (typeof INCIDENT_GROUP_KEYS)[number];
export const DEFAULT_INCIDENT_GROUP_BY: readonly IncidentGroupKey[] = ['flow', 'cause'];
export const DEFAULT_INCIDENT_WINDOW_MINUTES = 60;

/** Parses `flow,cause` (comma-separated keys; `flow` is required, order does not matter). */
export function parseIncidentGroupBy(text: string): IncidentGroupKey[] {
  const keys = [
    ...new Set(
      text
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  for (const k of keys) {
    if (!(INCIDENT_GROUP_KEYS as readonly string[]).includes(k)) throw new Error(`"${k}" is not one of ${INCIDENT_GROUP_KEYS.join(', ')}`);
  }
  if (!keys.includes('flow')) throw new Error('must include flow (an incident belongs to one flow)');
  return INCIDENT_GROUP_KEYS.filter((k) => keys.includes(k));
}

import { type FxConversionDto } from '@closewatch/contracts/close';
import { type ExceptionStatus, type ExceptionType, type Severity } from '@closewatch/contracts/exceptions';
import { type SlaHours } from '../config/exception-settings';
import { type PlannedHistory, closeKey, conversionKey, neededConversion } from './intake-plan';
import { CLOSE_NEAR_HOURS, type FlowImpact, maxSeverity, severityOf } from './severity';
import { slaDueAt } from './sla';

/** An open or acknowledged exception with an entity and period, as the recomputation reads it. */
export interface RecomputeCandidate {
  id: string;
  type: ExceptionType;
  flow_id: string;
  status: ExceptionStatus;
  severity: Severity;
  /** At or above the flow's materiality as last decided (intake, or an earlier pass). */
  material: boolean;
  amount_at_risk: string | null;
  currency: string | null;
  entity: string;
  period: string;
  close_deadline: Date | null;
  opened_at: Date;
  incident_id: string | null;
}

export interface RecomputeInput {
  candidates: readonly RecomputeCandidate[];
  flows: ReadonlyMap<string, FlowImpact>;
  /** Close deadlines from the entities' calendars, keyed by closeKey. */
  deadlines: ReadonlyMap<string, Date>;
  /** Conversions keyed by conversionKey (recomputeConversions says which). */
  conversions: ReadonlyMap<string, FxConversionDto>;
  now: Date;
  slaHours: SlaHours;
}

/** One exception whose severity rises. */
export interface SeverityRaise {
  id: string;
  severity: Severity;
  severity_reasons: string[];
  /** The deadline that applies, null when none does (the stored one is kept). */
  close_deadline: string | null;
  sla_due_at: string;
  incident_id: string | null;
}

/** One exception whose materiality changes (a rate entered or corrected, the flow's materiality changed). */
export interface MaterialChange {
  id: string;
  material: boolean;
  incident_id: string | null;
}

/** The deadline that applies: the calendar's, else the one stored with the exception. */
const deadlineOf = (c: RecomputeCandidate, deadlines: ReadonlyMap<string, Date>): Date | null =>
  deadlines.get(closeKey(c.entity, c.period)) ?? c.close_deadline;

/** Whether a deadline is within the near window of severity (CLOSE_NEAR_HOURS) or passed. */
export function deadlineIsNear(deadline: Date | null, now: Date): deadline is Date {
  return deadline !== null && deadline.getTime() - now.getTime() <= CLOSE_NEAR_HOURS * 3_600_000;
}

/** The conversions the candidates need, as FxRatesService.convertManyForPeriod requests. */
export function recomputeConversions(candidates: readonly RecomputeCandidate[], flows: ReadonlyMap<string, FlowImpact>) {
  const out = new Map<string, { amount: string; from: string; to: string; period: string }>();
  for (const c of candidates) {
    const needed = neededConversion({ amount: c.amount_at_risk, currency: c.currency, entity: c.entity, period: c.period }, flows.get(c.flow_id) ?? null);
    if (needed) out.set(conversionKey(needed.amount, needed.from, needed.to, needed.period), needed);
  }
  return out;
}

/**
 * Severity and materiality again, with the calendars, rates and catalog of now (the scheduled
 * recomputation): each candidate is computed with the same rules as intake (severity.ts).
 * - Severity is written only when it rises: as the close deadline nears or passes, or when the
 *   amount can now be compared with the materiality (a rate entered since) and is larger than
 *   intake could tell. It never lowers: an exception keeps the highest severity it has had while
 *   it lives on, as at intake, so a calendar moved later or a new rate does not quietly
 *   downgrade work people are on. A raise gets its reasons, a new SLA due time (from opened_at,
 *   like intake) and a `severity_changed` history entry.
 * - Materiality (what blocks a close) follows the data both ways: an amount in another currency
 *   than the materiality is not material while no rate converts it, becomes material once a rate
 *   shows it at or above, and stops being so when a corrected rate or materiality puts it below.
 */
export function planRecompute({ candidates, flows, deadlines, conversions, now, slaHours }: RecomputeInput): {
  raises: SeverityRaise[];
  materialChanges: MaterialChange[];
  history: (Omit<PlannedHistory, 'fingerprint'> & { exceptionId: string })[];
} {
  const raises: SeverityRaise[] = [];
  const materialChanges: MaterialChange[] = [];
  const history: (Omit<PlannedHistory, 'fingerprint'> & { exceptionId: string })[] = [];
  for (const c of candidates) {
    const deadline = deadlineOf(c, deadlines);
    const flow = flows.get(c.flow_id) ?? null;
    const needed = neededConversion({ amount: c.amount_at_risk, currency: c.currency, entity: c.entity, period: c.period }, flow);
    const conversion = needed ? (conversions.get(conversionKey(needed.amount, needed.from, needed.to, needed.period)) ?? null) : null;
    const computed = severityOf({ type: c.type, amount: c.amount_at_risk, currency: c.currency, flow, closeDeadline: deadline, conversion, now });
    if (computed.material !== c.material) materialChanges.push({ id: c.id, material: computed.material, incident_id: c.incident_id });
    const severity = maxSeverity(c.severity, computed.severity);
    if (severity === c.severity) continue;
    raises.push({
      id: c.id,
      severity,
      severity_reasons: computed.reasons,
      close_deadline: deadline?.toISOString() ?? null,
      sla_due_at: slaDueAt(c.opened_at, severity, slaHours).toISOString(),
      incident_id: c.incident_id,
    });
    const near = deadlineIsNear(deadline, now);
    history.push({
      exceptionId: c.id,
      action: 'severity_changed',
      fromStatus: c.status,
      toStatus: c.status,
      reason: near
        ? `severity ${c.severity} → ${severity}: the close deadline of ${c.entity} ${c.period} is ${deadline.getTime() < now.getTime() ? 'passed' : 'near'}`
        : `severity ${c.severity} → ${severity}: ${computed.reasons[0] ?? 'recomputed'}`,
      details: { from: c.severity, to: severity, ...(deadline ? { closeDeadline: deadline.toISOString() } : {}) },
    });
  }
  return { raises, materialChanges, history };
}

import { type FxConversionDto } from '@closewatch/contracts/close';
import { type ExceptionHistoryAction, type ExceptionStatus, type ResolutionCode, type Severity } from '@closewatch/contracts/exceptions';
import { type HistoryEntry } from './exception-history';
import { type ExceptionRow } from './exception-row';
import { decide } from './exception-workflow';
import { type NormalizedFinding } from './finding';
import { type ExceptionToPlace } from './incident-grouping.port';
import { dismissalNeedsApproval, type FlowImpact, maxSeverity, severityOf } from './severity';
import { type SlaHours } from '../config/exception-settings';
import { slaDueAt } from './sla';

export type FindingOutcome = 'created' | 'recurred' | 'reopened';

/** An exception that already has a finding's fingerprint, as read (and locked) before planning. */
export interface ExistingException {
  id: string;
  fingerprint: string;
  status: ExceptionStatus;
  severity: Severity;
  resolution_code: ResolutionCode | null;
  assignee_id: string | null;
  dismissal_requested_by: string | null;
  dismissal_approved_by: string | null;
  amount_at_risk: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  close_deadline: Date | null;
  opened_at: Date;
  incident_id: string | null;
}

/**
 * One exception row to write, as the intake statements read it (jsonb_to_recordset): times as
 * ISO text, the amount as an exact decimal string. `reopen` clears the workflow fields of a known
 * row; `incident_id` is set on new rows once they are placed.
 */
export interface ExceptionWrite extends Pick<
  ExceptionRow,
  'type' | 'flow_id' | 'record_key' | 'run_id' | 'cause' | 'title' | 'detail' | 'status' | 'severity' | 'amount_at_risk' | 'currency' | 'entity' | 'period'
> {
  fingerprint: string;
  context: Record<string, unknown>;
  severity_reasons: string[];
  /** At or above the flow's materiality (severity.ts): blocks the close of its entity and period. */
  material: boolean;
  close_deadline: string | null;
  occurrences: number;
  first_seen_at: string;
  last_seen_at: string;
  opened_at: string;
  sla_due_at: string;
  reopen: boolean;
  incident_id?: string | null;
}

/** A history entry of a planned write, keyed by fingerprint (new rows get their id when inserted). */
export type PlannedHistory = Omit<HistoryEntry, 'exceptionId'> & { fingerprint: string; action: ExceptionHistoryAction };

export interface IntakePlanInput {
  /** Merged findings, one per fingerprint, in fingerprint order. */
  findings: readonly NormalizedFinding[];
  /** The exceptions found for these fingerprints under their advisory locks. */
  existing: ReadonlyMap<string, ExistingException>;
  /** The finance impact of the findings' flows (absent: not in the catalog). */
  flows: ReadonlyMap<string, FlowImpact>;
  now: Date;
  slaHours: SlaHours;
  /** Close deadlines from the entities' calendars, keyed by closeKey (absent: no calendar). */
  deadlines?: ReadonlyMap<string, Date>;
  /** Amounts converted into their flow's materiality currency, keyed by conversionKey. */
  conversions?: ReadonlyMap<string, FxConversionDto>;
}

/** Key of an entity's period in IntakePlanInput.deadlines. */
export const closeKey = (entity: string, period: string): string => `${entity}\u0000${period}`;
/** Key of a conversion in IntakePlanInput.conversions. */
export const conversionKey = (amount: string, from: string, to: string, period: string): string => [amount, from, to, period].join('\u0000');

/** What severity is computed on for a finding: its own values, else the exception's stored ones. */
export function severityFacts(
  f: NormalizedFinding,
  prev: ExistingException | undefined,
): { amount: string | null; currency: string | null; entity: string | null; period: string | null } {
  return {
    amount: f.amount ?? prev?.amount_at_risk ?? null,
    currency: f.amount !== null ? f.currency : (prev?.currency ?? null),
    entity: f.entity ?? prev?.entity ?? null,
    period: f.period ?? prev?.period ?? null,
  };
}

/**
 * The conversion severity needs for these facts on this flow: from the amount's currency into the
 * materiality's, for the period, when both are known and differ; null otherwise.
 */
export function neededConversion(
  facts: ReturnType<typeof severityFacts>,
  flow: FlowImpact | null,
): { amount: string; from: string; to: string; period: string } | null {
  const to = flow?.materiality?.currency;
  if (facts.amount === null || facts.currency === null || !to || facts.currency === to || facts.period === null) return null;
  return { amount: facts.amount, from: facts.currency, to, period: facts.period };
}

export interface IntakePlan {
  /** New fingerprints, to insert once placed in incidents (`toPlace`). */
  inserts: ExceptionWrite[];
  /** Known fingerprints: their new state, occurrences to add to the stored count (`reopen` for reopens). */
  updates: ExceptionWrite[];
  /** The new exceptions for the incidents to place, in the order of `inserts`. */
  toPlace: ExceptionToPlace[];
  /** One per finding, in the order given. */
  outcomes: { fingerprint: string; outcome: FindingOutcome }[];
  history: PlannedHistory[];
  /** Incidents of the known exceptions, to refresh after the writes (null: none). */
  knownIncidentIds: (string | null)[];
}

/**
 * What intake writes for a chunk of findings (the statements are in exceptions.queries.ts): a
 * new fingerprint opens an exception; a known one counts the occurrences, takes the latest
 * amount, entity, period and detail, and may raise (never lower) the severity; the workflow
 * (exception-workflow.ts) decides whether a recurrence reopens it, and a reopened one starts
 * afresh (severity and SLA clock).
 */
export function planIntake({ findings, existing, flows, now, slaHours, deadlines = new Map(), conversions = new Map() }: IntakePlanInput): IntakePlan {
  const plan: IntakePlan = { inserts: [], updates: [], toPlace: [], outcomes: [], history: [], knownIncidentIds: [] };
  for (const f of findings) {
    const prev = existing.get(f.fingerprint);
    const flow = flows.get(f.flow) ?? null;
    const facts = severityFacts(f, prev);
    const { amount, currency } = facts;
    // A deadline the finding carries wins; else the entity's calendar; else what was stored.
    const calendarDeadline = facts.entity !== null && facts.period !== null ? deadlines.get(closeKey(facts.entity, facts.period)) : undefined;
    const closeDeadline = f.closeDeadline ?? calendarDeadline ?? prev?.close_deadline ?? null;
    const needed = neededConversion(facts, flow);
    const conversion = needed ? (conversions.get(conversionKey(needed.amount, needed.from, needed.to, needed.period)) ?? null) : null;
    const computed = severityOf({ type: f.type, amount, currency, flow, closeDeadline, conversion, now });
    const decision = prev
      ? decide(
          {
            status: prev.status,
            resolutionCode: prev.resolution_code,
            assigneeId: prev.assignee_id,
            dismissalRequestedBy: prev.dismissal_requested_by,
            dismissalPending: prev.dismissal_requested_by !== null && prev.status !== 'dismissed',
            dismissalApprovedBy: prev.dismissal_approved_by,
          },
          { kind: 'recur', material: dismissalNeedsApproval(amount, currency, flow?.materiality ?? null) },
        )
      : null;
    const reopened = decision?.ok === true && decision.action === 'reopened';
    // While an exception lives on, a recurrence never lowers its severity; a reopened one starts afresh.
    const severity = prev && !reopened ? maxSeverity(prev.severity, computed.severity) : computed.severity;
    const status: ExceptionStatus = prev && !reopened ? prev.status : 'open';
    const openedAt = !prev ? f.firstSeenAt : reopened ? now : prev.opened_at;
    const row: ExceptionWrite = {
      fingerprint: f.fingerprint,
      type: f.type,
      flow_id: f.flow,
      record_key: f.recordKey,
      run_id: f.runId,
      cause: f.cause,
      title: f.title,
      detail: f.detail,
      context: f.context,
      status,
      severity,
      severity_reasons: severity === computed.severity ? computed.reasons : [`kept at ${severity}, the highest it has been`, ...computed.reasons],
      material: computed.material,
      amount_at_risk: amount,
      currency,
      entity: facts.entity,
      period: facts.period,
      close_deadline: closeDeadline?.toISOString() ?? null,
      occurrences: f.count,
      first_seen_at: f.firstSeenAt.toISOString(),
      last_seen_at: f.lastSeenAt.toISOString(),
      opened_at: openedAt.toISOString(),
      sla_due_at: slaDueAt(openedAt, severity, slaHours).toISOString(),
      reopen: reopened,
    };

    if (!prev) {
      plan.inserts.push(row);
      plan.toPlace.push({
        ref: f.fingerprint,
        flow: f.flow,
        type: f.type,
        cause: f.cause,
        entity: f.entity,
        period: f.period,
        firstSeenAt: f.firstSeenAt,
        lastSeenAt: f.lastSeenAt,
      });
      plan.outcomes.push({ fingerprint: f.fingerprint, outcome: 'created' });
      plan.history.push({ fingerprint: f.fingerprint, action: 'created', fromStatus: null, toStatus: 'open', details: { occurrences: f.count, severity } });
      continue;
    }
    plan.updates.push(row);
    plan.knownIncidentIds.push(prev.incident_id);
    if (reopened) {
      const reason = decision?.ok && decision.action ? decision.reason : undefined;
      plan.outcomes.push({ fingerprint: f.fingerprint, outcome: 'reopened' });
      plan.history.push({
        fingerprint: f.fingerprint,
        action: 'reopened',
        fromStatus: prev.status,
        toStatus: 'open',
        reason: reason ?? 'seen again',
        details: { occurrences: f.count },
      });
    } else {
      plan.outcomes.push({ fingerprint: f.fingerprint, outcome: 'recurred' });
    }
    if (severity !== prev.severity) {
      plan.history.push({
        fingerprint: f.fingerprint,
        action: 'severity_changed',
        fromStatus: status,
        toStatus: status,
        reason: `severity ${prev.severity} → ${severity}`,
        details: { from: prev.severity, to: severity },
      });
    }
  }
  return plan;
}

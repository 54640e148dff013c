import type { AutoResolveMatch } from '../exceptions/exceptions.service';
import type { ExceptionFinding } from '../exceptions/finding';
import { DECIMAL_PATTERN } from '@closewatch/contracts/finance';
import { type SourceSilence } from './source-silence';
import { duration } from './sync-status';

/**
 * What the sync-health evaluators hand to the exception intake, built from rows of their state:
 * findings (delivery_failure, unmapped_dimension, sync_delay, run_failed, missed_run,
 * unregistered_flow, flow_stale) and the signals that clear them. Items are queued in the outbox in the
 * order they happened and handed over in that order.
 */
export type OutboxItem = { kind: 'finding'; finding: ExceptionFinding } | { kind: 'resolve'; match: AutoResolveMatch; reason: string };

/** Who the exception history names for these findings. */
export const EVALUATOR_ACTOR = 'evaluator:sync-health';

export const RESOLVE_REASONS = {
  recordPosted: 'record posted',
  laterStepPosted: 'a later step of the record posted it',
  runSucceeded: 'a later run succeeded',
  flowRegistered: 'flow registered in the catalog',
  hopsArrived: 'hops of the flow arrived again',
  silenceUnwatched: 'the flow no longer has a silence threshold',
} as const;

/** A hop with status error, as the evaluator reads it. */
export interface ErrorHop {
  hopId: string;
  flowId: string;
  recordKey: string;
  recordType: string | null;
  system: string;
  stage: string;
  occurredAt: Date;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  dataStatus: string | null;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  traceId: string | null;
}

/**
 * A failed step: `unmapped_dimension` when its error class is `mapping` (the cause is the error
 * code, which names the dimension, e.g. UNMAPPED_COST_CENTRE), otherwise `delivery_failure`
 * with the error class as its cause (dead letters included, flagged in the context).
 */
export function errorHopFinding(h: ErrorHop): ExceptionFinding {
  const mapping = h.errorClass === 'mapping';
  return {
    type: mapping ? 'unmapped_dimension' : 'delivery_failure',
    flow: h.flowId,
    recordKey: h.recordKey,
    cause: mapping ? (h.errorCode ?? 'mapping') : h.errorClass,
    detail: h.errorMessage,
    ...money(h.amount, h.currency),
    entity: h.entity,
    period: h.period,
    observedAt: h.occurredAt,
    context: compact({
      stage: h.stage,
      system: h.system,
      recordType: h.recordType,
      dataStatus: h.dataStatus,
      errorClass: h.errorClass,
      errorCode: h.errorCode,
      traceId: h.traceId,
      deadLettered: h.stage === 'dead_lettered' ? true : null,
      hopId: h.hopId,
    }),
  };
}

/** A record in flight past its flow's maxLagSeconds. */
export interface DelayedRecord {
  flowId: string;
  recordKey: string;
  recordType: string | null;
  dataStatus: string | null;
  firstEmittedAt: Date;
  lastStage: string;
  lastSystem: string;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
}

export function delayFinding(r: DelayedRecord, maxLagSeconds: number, now: Date): ExceptionFinding {
  const ageSeconds = Math.round((now.getTime() - r.firstEmittedAt.getTime()) / 1000);
  return {
    type: 'sync_delay',
    flow: r.flowId,
    recordKey: r.recordKey,
    detail: `In flight for ${duration(ageSeconds)} (SLO ${duration(maxLagSeconds)}); last step ${r.lastStage} at ${r.lastSystem}`,
    ...money(r.amount, r.currency),
    entity: r.entity,
    period: r.period,
    observedAt: now,
    context: compact({
      firstEmittedAt: r.firstEmittedAt.toISOString(),
      ageSeconds,
      maxLagSeconds,
      lastStage: r.lastStage,
      lastSystem: r.lastSystem,
      recordType: r.recordType,
      dataStatus: r.dataStatus,
    }),
  };
}

/** A run report, as the evaluator reads it. */
export interface RunReport {
  flowId: string;
  runId: string;
  status: 'started' | 'succeeded' | 'failed';
  startedAt: Date | null;
  finishedAt: Date | null;
  receivedAt: Date;
  entity: string | null;
  period: string | null;
  rowsRead: string | null;
  rowsWritten: string | null;
  rowsRejected: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** What a run report means for the exceptions: a failure is a finding, a success clears the flow's (entity's) run findings. */
export function runReportItems(r: RunReport, now: Date): OutboxItem[] {
  if (r.status === 'failed') {
    return [
      {
        kind: 'finding',
        finding: {
          type: 'run_failed',
          flow: r.flowId,
          runId: r.runId,
          cause: r.errorCode,
          detail: r.errorMessage,
          entity: r.entity,
          period: r.period,
          observedAt: r.finishedAt ?? r.startedAt ?? now,
          context: compact({
            startedAt: r.startedAt?.toISOString() ?? null,
            finishedAt: r.finishedAt?.toISOString() ?? null,
            rowsRead: r.rowsRead,
            rowsWritten: r.rowsWritten,
            rowsRejected: r.rowsRejected,
            errorCode: r.errorCode,
          }),
        },
      },
    ];
  }
  if (r.status === 'succeeded') {
    const scope = { flow: r.flowId, entity: r.entity };
    return [
      { kind: 'resolve', match: { type: 'run_failed', ...scope }, reason: RESOLVE_REASONS.runSucceeded },
      { kind: 'resolve', match: { type: 'missed_run', ...scope }, reason: RESOLVE_REASONS.runSucceeded },
    ];
  }
  return [];
}

/** The run id a missed expected run is known by: the slot's UTC time, and the entity when per entity. */
export function missedRunId(slot: Date, entity: string | null): string {
  return entity ? `${slot.toISOString()}/${entity}` : slot.toISOString();
}

export interface MissedSlot {
  flowId: string;
  entity: string | null;
  slot: Date;
  graceSeconds: number;
  cron: string;
  timezone: string;
  /** A run that succeeded after the grace period had passed (the slot was evaluated late). */
  lateSuccess: boolean;
}

/** A missed expected run; resolved at once when a later run already succeeded. */
export function missedSlotItems(s: MissedSlot, now: Date): OutboxItem[] {
  const deadline = new Date(s.slot.getTime() + s.graceSeconds * 1000);
  const items: OutboxItem[] = [
    {
      kind: 'finding',
      finding: {
        type: 'missed_run',
        flow: s.flowId,
        runId: missedRunId(s.slot, s.entity),
        title: `Expected run of ${s.flowId} at ${s.slot.toISOString()}${s.entity ? ` for ${s.entity}` : ''} did not start`,
        detail: `No run started between ${s.slot.toISOString()} and ${deadline.toISOString()} (schedule ${s.cron} ${s.timezone}, grace ${duration(s.graceSeconds)})`,
        entity: s.entity,
        observedAt: deadline.getTime() < now.getTime() ? deadline : now,
        context: { expectedAt: s.slot.toISOString(), graceSeconds: s.graceSeconds, cron: s.cron, timezone: s.timezone },
      },
    },
  ];
  if (s.lateSuccess) {
    items.push({ kind: 'resolve', match: { type: 'missed_run', flow: s.flowId, runId: missedRunId(s.slot, s.entity) }, reason: RESOLVE_REASONS.runSucceeded });
  }
  return items;
}

/** An event flow whose source went silent past its threshold: one exception per flow (no record, no run). */
export function staleFlowFinding(flowId: string, s: SourceSilence, now: Date): ExceptionFinding {
  const last = s.lastHopAt ? `last hop at ${s.lastHopAt.toISOString()}` : `no hop since the flow was created at ${s.since.toISOString()}`;
  return {
    type: 'flow_stale',
    flow: flowId,
    title: `Source of ${flowId} silent for ${duration(s.seconds)}`,
    detail: `No hop for ${duration(s.seconds)} (threshold ${duration(s.thresholdSeconds)}); ${last}`,
    observedAt: now,
    context: compact({
      lastHopAt: s.lastHopAt?.toISOString() ?? null,
      silentSince: s.since.toISOString(),
      silentSeconds: Math.round(s.seconds),
      maxSilenceSeconds: s.thresholdSeconds,
    }),
  };
}

/** A silence ended: hops arrived again (`heard`), or the flow stopped watching its silence. */
export function silenceResolveItem(flowId: string, heard: boolean): OutboxItem {
  return {
    kind: 'resolve',
    match: { type: 'flow_stale', flow: flowId },
    reason: heard ? RESOLVE_REASONS.hopsArrived : RESOLVE_REASONS.silenceUnwatched,
  };
}

export function unregisteredFlowFinding(flowId: string, hops: number, firstSeenAt: Date, lastSeenAt: Date): ExceptionFinding {
  return {
    type: 'unregistered_flow',
    flow: flowId,
    detail: `${hops} ${hops === 1 ? 'hop' : 'hops'} of flow ${flowId}, which is not in the catalog`,
    observedAt: lastSeenAt,
    context: { hops, firstSeenAt: firstSeenAt.toISOString(), lastSeenAt: lastSeenAt.toISOString() },
  };
}

export function registeredFlowItem(flowId: string): OutboxItem {
  return { kind: 'resolve', match: { type: 'unregistered_flow', flow: flowId }, reason: RESOLVE_REASONS.flowRegistered };
}

/**
 * A record got a successful posting: its sync delay clears (when one was reported), and its
 * delivery failures and unmapped dimensions clear when the posting came after its last failure.
 */
export function postedRecordItems(flowId: string, recordKey: string, clears: { delay: boolean; failure: boolean }): OutboxItem[] {
  const items: OutboxItem[] = [];
  if (clears.delay) items.push({ kind: 'resolve', match: { type: 'sync_delay', flow: flowId, recordKey }, reason: RESOLVE_REASONS.recordPosted });
  if (clears.failure) {
    for (const type of ['delivery_failure', 'unmapped_dimension'] as const) {
      items.push({ kind: 'resolve', match: { type, flow: flowId, recordKey }, reason: RESOLVE_REASONS.laterStepPosted });
    }
  }
  return items;
}

/** One call of the intake; `size` is how many queued items it stands for. */
export type IntakeCall =
  { kind: 'finding'; findings: ExceptionFinding[]; size: number } | { kind: 'resolve'; reason: string; matches: AutoResolveMatch[]; size: number };

/** Consecutive items of one kind (and, for resolves, one reason) become one intake call, order kept. */
export function intakeCalls(items: readonly OutboxItem[]): IntakeCall[] {
  const calls: IntakeCall[] = [];
  for (const item of items) {
    const last = calls[calls.length - 1];
    if (item.kind === 'finding') {
      if (last?.kind === 'finding') {
        last.findings.push(item.finding);
        last.size++;
      } else calls.push({ kind: 'finding', findings: [item.finding], size: 1 });
    } else if (last?.kind === 'resolve' && last.reason === item.reason) {
      last.matches.push(item.match);
      last.size++;
    } else {
      calls.push({ kind: 'resolve', reason: item.reason, matches: [item.match], size: 1 });
    }
  }
  return calls;
}

/** An amount the intake accepts (exact decimal, with its currency), else none. */
function money(amount: string | null, currency: string | null): { amount: string | null; currency: string | null } {
  if (amount === null || currency === null) return { amount: null, currency: null };
  if (DECIMAL_PATTERN.test(amount)) return { amount, currency };
  // numeric text may carry more fraction digits than the intake takes: trailing zeros say nothing.
  const trimmed = amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount;
  return DECIMAL_PATTERN.test(trimmed) ? { amount: trimmed, currency } : { amount: null, currency: null };
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

import { type ExceptionType } from '@closewatch/contracts/exceptions';
import { type ReadinessReasonKind } from '@closewatch/contracts/readiness';
import { type FlowSyncStatus } from '@closewatch/contracts/sync-health';
import { type ReadinessFinding } from './readiness-rules';

/** A close-tagged flow (impacts include `close`); without entities it serves every entity. */
export interface CloseFlow {
  id: string;
  name: string;
  entities: readonly string[];
}

/** Unresolved exceptions of one flow, entity, period, type and materiality, counted, with the worst as the example. */
export interface OpenExceptionGroup {
  flowId: string;
  entity: string | null;
  period: string | null;
  type: ExceptionType;
  material: boolean;
  count: number;
  exampleId: string;
  exampleRunId: string | null;
  /** The reconciliation that raised them (recon_break), else null. */
  reconId: string | null;
  exampleTitle: string;
}

/** A reconciliation definition of a close-tagged flow (enabled), and the entity its scope fixes, if any. */
export interface CloseRecon {
  id: string;
  flowId: string;
  name: string;
  scopeEntity: string | null;
  /** The period the definition's scope names: a fixed `YYYY-MM` (only that period's reconciliation), `current`/`previous`, or null (every period). */
  scopePeriod: string | null;
}

/** The latest finished run of a definition for a period (null period: a run whose scope names none, covering every period). */
export interface LatestReconRun {
  reconId: string;
  period: string | null;
  entity: string | null;
  runId: string;
  status: 'succeeded' | 'failed';
  material: boolean;
  breaks: number;
  errorMessage: string | null;
  finishedAt: Date;
}

/** Postings into a period after its deadline, by flow. */
export interface LatePostings {
  entity: string;
  period: string;
  flowId: string;
  count: number;
  latestAt: Date;
  exampleRecordKey: string;
}

/** What sync health says of a flow now (over its default window). */
export interface FlowHealthNow {
  flow: string;
  status: FlowSyncStatus;
  reason: string;
}

/** An entity and period being evaluated, with its close window (null without a calendar). */
export interface ClosePair {
  entity: string;
  period: string;
  window: { closeStartAt: Date; deadlineAt: Date } | null;
}

/** Everything read for one evaluation pass (readiness.queries.ts), for all pairs at once. */
export interface ReadinessEvidence {
  flows: readonly CloseFlow[];
  exceptions: readonly OpenExceptionGroup[];
  health: ReadonlyMap<string, FlowHealthNow>;
  recons: readonly CloseRecon[];
  reconRuns: readonly LatestReconRun[];
  latePostings: readonly LatePostings[];
}

/** Exception types with a reason kind of their own; the others count as (material) exceptions. */
const KIND_OF_TYPE: Partial<Record<ExceptionType, ReadinessReasonKind>> = {
  flow_stale: 'flow_stale',
  missed_run: 'run_missing',
  run_failed: 'run_failed',
  unmapped_dimension: 'unmapped_dimension',
};

export function serves(flow: CloseFlow, entity: string): boolean {
  return flow.entities.length === 0 || flow.entities.includes(entity);
}

/** The first day of the month after the period, UTC: when a period without a calendar stops taking postings. */
function periodEnd(period: string): Date {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1));
}

/**
 * Whether the period's close is still to be made at `now`: its deadline has not passed (without a
 * calendar: until the end of the month after the period). Findings that name no period (a flow
 * gone stale, a failing flow, an exception without a period) count against the periods still
 * open, not against closes already made.
 */
export function periodOpen(pair: ClosePair, now: Date): boolean {
  if (pair.window) return pair.window.deadlineAt.getTime() >= now.getTime();
  const end = periodEnd(pair.period);
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 1)).getTime() > now.getTime();
}

/** Whether the close of the period has started: work such as reconciliations is now due (without a calendar: once the period has ended). */
export function closeStarted(pair: ClosePair, now: Date): boolean {
  return now.getTime() >= (pair.window ? pair.window.closeStartAt : periodEnd(pair.period)).getTime();
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Whether an exception group concerns this entity and period (one without a period counts while the period is open). */
function concerns(g: OpenExceptionGroup, pair: ClosePair, open: boolean): boolean {
  if (g.entity !== null && g.entity !== pair.entity) return false;
  return g.period !== null ? g.period === pair.period : open;
}

/** The evidence looked up by entity and reconciliation, built once per pass (a pass asks for thousands of pairs). */
interface EvidenceIndex {
  /** Exception groups by entity; those naming no entity under null. */
  exceptions: Map<string | null, OpenExceptionGroup[]>;
  runs: Map<string, LatestReconRun[]>;
  late: Map<string, LatePostings[]>;
}

const indexes = new WeakMap<ReadinessEvidence, EvidenceIndex>();

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function indexOf(ev: ReadinessEvidence): EvidenceIndex {
  let index = indexes.get(ev);
  if (!index) {
    index = {
      exceptions: groupBy(ev.exceptions, (g) => g.entity),
      runs: groupBy(ev.reconRuns, (r) => r.reconId),
      late: groupBy(ev.latePostings, (l) => `${l.entity}\u0000${l.period}`),
    };
    indexes.set(ev, index);
  }
  return index;
}

/** The findings against one entity's close of one period, from the pass's evidence. */
export function findingsFor(pair: ClosePair, ev: ReadinessEvidence, now: Date): ReadinessFinding[] {
  const flows = new Map(ev.flows.filter((f) => serves(f, pair.entity)).map((f) => [f.id, f]));
  if (!flows.size) return [];
  const index = indexOf(ev);
  const open = periodOpen(pair, now);
  const candidates = [...(index.exceptions.get(pair.entity) ?? []), ...(index.exceptions.get(null) ?? [])];
  const groups = candidates.filter((g) => flows.has(g.flowId) && concerns(g, pair, open));
  const out: ReadinessFinding[] = reconFindings(pair, ev, index, flows, groups, now);
  const none = { exceptionId: null, reconId: null, runId: null };
  // Material breaks of a reconciliation already said as recon_material_breaks are not said again.
  const saidRecons = new Set(out.filter((f) => f.kind === 'recon_material_breaks').map((f) => f.reconId));

  for (const g of groups) {
    if (g.type === 'recon_break' && g.material && saidRecons.has(g.reconId)) continue;
    const kind = KIND_OF_TYPE[g.type] ?? 'material_exception';
    const base = { flow: g.flowId, exceptionId: g.exampleId, reconId: g.reconId, runId: g.exampleRunId, count: g.count };
    if (kind === 'material_exception') {
      const what = g.material ? 'at or above materiality' : 'below materiality';
      out.push({
        ...base,
        kind,
        message: `${plural(g.count, `open ${g.type} exception`)} ${what} on ${g.flowId} (e.g. "${g.exampleTitle}")`,
        ...(g.material ? {} : { ceiling: 'at_risk' as const }),
      });
    } else {
      out.push({ ...base, kind, message: `${plural(g.count, `open ${g.type} exception`)} on ${g.flowId}: ${g.exampleTitle}` });
    }
  }

  if (open) {
    for (const flow of flows.values()) {
      const h = ev.health.get(flow.id);
      if (h?.status === 'failing') out.push({ kind: 'flow_failing', flow: flow.id, ...none, count: 1, message: `${flow.id} is failing: ${h.reason}` });
      // A stale flow already raised as a flow_stale exception is said once, with its exception.
      const raised = out.some((r) => r.kind === 'flow_stale' && r.flow === flow.id);
      if (h?.status === 'stale' && !raised) out.push({ kind: 'flow_stale', flow: flow.id, ...none, count: 1, message: `${flow.id} is stale: ${h.reason}` });
    }
  }

  for (const late of index.late.get(`${pair.entity}\u0000${pair.period}`) ?? []) {
    if (!flows.has(late.flowId)) continue;
    out.push({
      kind: 'late_posting',
      flow: late.flowId,
      ...none,
      count: late.count,
      message: `${plural(late.count, 'posting')} into ${pair.period} on ${late.flowId} after the deadline ${pair.window?.deadlineAt.toISOString() ?? ''} (latest ${late.latestAt.toISOString()}, e.g. record ${late.exampleRecordKey})`,
    });
  }
  return out;
}

/**
 * Reconciliations of the period: failed, or not run yet once the close has started; with
 * material breaks when the latest run was material and this entity has open breaks of it at or
 * above materiality, or the run's scope names the entity. (A material run whose breaks were not
 * raised, such as records still in flight, or were all resolved since, blocks nobody.)
 * A definition fixed on another period is not this period's reconciliation.
 */
function reconFindings(
  pair: ClosePair,
  ev: ReadinessEvidence,
  index: EvidenceIndex,
  flows: ReadonlyMap<string, CloseFlow>,
  groups: readonly OpenExceptionGroup[],
  now: Date,
): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  for (const recon of ev.recons) {
    if (!flows.has(recon.flowId) || (recon.scopeEntity !== null && recon.scopeEntity !== pair.entity)) continue;
    if (recon.scopePeriod !== null && PERIOD.test(recon.scopePeriod) && recon.scopePeriod !== pair.period) continue;
    // The run of this period (and entity, where runs name one), else one whose scope covers every period.
    const runs = (index.runs.get(recon.id) ?? []).filter((r) => r.entity === null || r.entity === pair.entity);
    const run = runs.find((r) => r.period === pair.period) ?? runs.find((r) => r.period === null);
    const ids = { flow: recon.flowId, exceptionId: null, reconId: recon.id, count: 1 };
    if (!run) {
      if (closeStarted(pair, now)) {
        out.push({ ...ids, kind: 'recon_missing', runId: null, message: `reconciliation ${recon.id} (${recon.name}) has not run for ${pair.period} yet` });
      }
    } else if (run.status === 'failed') {
      out.push({
        ...ids,
        kind: 'recon_failed',
        runId: run.runId,
        message: `reconciliation ${recon.id} failed for ${pair.period} at ${run.finishedAt.toISOString()}${run.errorMessage ? `: ${run.errorMessage}` : ''}`,
      });
    } else if (run.material) {
      const mine = groups.filter((g) => g.type === 'recon_break' && g.reconId === recon.id && g.material);
      const count = mine.reduce((n, g) => n + g.count, 0);
      if (mine.length || run.entity === pair.entity) {
        out.push({
          ...ids,
          kind: 'recon_material_breaks',
          runId: run.runId,
          exceptionId: mine[0]?.exampleId ?? null,
          count: count || run.breaks,
          message: mine.length
            ? `reconciliation ${recon.id} has ${plural(count, 'open break')} at or above materiality for ${pair.entity} ${pair.period}`
            : `reconciliation ${recon.id} found ${plural(run.breaks, 'break')} with material amounts for ${pair.period}`,
        });
      }
    }
  }
  return out;
}

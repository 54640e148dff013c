import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ExceptionType } from '@closewatch/contracts/exceptions';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LiveBus } from '../live/live-bus';
import { SYSTEM_ACTOR } from './exception-row';
import { type Actor, type HistoryEntry } from './exception-history';
import { systemTransitionAudit } from './history-audit';
import { AuditLog } from '../audit/audit-log.service';
import {
  appendHistory,
  type ExceptionFieldMatch,
  existingFingerprints,
  findUnresolved,
  insertNewExceptions,
  loadFlowImpacts,
  lockExceptionsByFingerprint,
  lockFingerprints,
  lockUnresolved,
  markAutoResolved,
  markResolvedAs,
  updateKnownExceptions,
} from './exceptions.queries';
import { type FxConversionDto } from '@closewatch/contracts/close';
import { type FlowImpact, whyApprovalNeeded } from './severity';
import { type ExistingException } from './intake-plan';
import { type ExceptionFinding, mergeFindings, type NormalizedFinding, normalizeFinding } from './finding';
import { INCIDENT_GROUPING, type IncidentGrouping } from './incident-grouping.port';
import { readCloseFacts } from './close-facts';
import { conversionKey, type FindingOutcome, neededConversion, planIntake, severityFacts } from './intake-plan';
import { CloseCalendarsService } from '../close/close-calendars.service';
import { FxRatesService } from '../close/fx-rates.service';
import { inTransaction } from '../common/transaction-retry';

export { type FindingOutcome } from './intake-plan';

/** Findings written per transaction; bigger batches are split (each part commits on its own). */
export const INTAKE_CHUNK = 200;
/** Findings written per round of statements in a caller's transaction (recordFindingsIn), where no lock is given up between rounds anyway. */
const HELD_CHUNK = 1_000;

export interface RecordFindingsResult {
  created: number;
  recurred: number;
  reopened: number;
  /** One entry per distinct fingerprint written, in fingerprint order. */
  exceptions: { id: string; fingerprint: string; outcome: FindingOutcome }[];
  /** Findings that were not valid, by index in the input, with what is wrong. */
  rejected: { index: number; errors: { field: string; message: string }[] }[];
}

/** Which unresolved exceptions a cleared condition resolves: one fingerprint, or a type and flow narrowed by the other fields. */
export type AutoResolveMatch =
  | { fingerprint: string }
  | {
      type: ExceptionType;
      flow: string;
      recordKey?: string | null;
      runId?: string | null;
      cause?: string | null;
      entity?: string | null;
      period?: string | null;
    };

export interface IntakeOptions {
  /** The part of Closewatch reporting (shown in history), e.g. `evaluator:sync_delay`. Default `closewatch`. */
  actor?: string;
}

/** How findings are written inside a transaction the caller holds (recordFindingsIn). */
export interface HeldIntakeOptions extends IntakeOptions {
  /**
   * Write only findings whose fingerprint has no exception yet, without locking existing rows
   * (a caller may hold the transaction open for long); the others are returned in `skipped`.
   */
  onlyNew?: boolean;
}

/** What recordFindingsIn wrote; the caller refreshes `incidentIds` (refreshIncidentsIn) before commit and publishes after. */
export interface HeldIntakeResult extends RecordFindingsResult {
  incidentIds: string[];
  /** Fingerprints left alone because an exception has them (onlyNew). */
  skipped: string[];
}

/**
 * Intake of findings for the evaluators (sync delay, missed and failed runs, delivery failures,
 * unmapped dimensions, unregistered flows, reconciliation breaks): `recordFindings` turns
 * findings into exceptions, one per fingerprint, and `autoResolve` resolves those whose
 * condition cleared by itself. Both are batch-friendly and safe under concurrency: findings of
 * one fingerprint are serialised with a transaction-scoped advisory lock, rows are locked in id
 * order, and the unique fingerprint constraint with INSERT ... ON CONFLICT makes a duplicate row
 * impossible. Changes are published on the LiveBus after commit.
 */
@Injectable()
export class ExceptionsService {
  private readonly logger = new Logger('exceptions');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INCIDENT_GROUPING) private readonly incidents: IncidentGrouping,
    private readonly bus: LiveBus,
    private readonly calendars: CloseCalendarsService,
    private readonly fx: FxRatesService,
    private readonly audit: AuditLog,
  ) {}

  /** One finding; throws when it is not valid (a programming error in the caller). */
  async recordFinding(finding: ExceptionFinding, options: IntakeOptions = {}): Promise<{ id: string; fingerprint: string; outcome: FindingOutcome }> {
    const result = await this.recordFindings([finding], options);
    const rejected = result.rejected[0];
    if (rejected) throw new Error(`invalid finding: ${rejected.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    return result.exceptions[0]!;
  }

  /**
   * Records findings: a new fingerprint opens an exception; a known one counts one more
   * occurrence, moves last-seen, takes the latest amount, entity, period and detail, and may
   * raise (never lower) the severity. A finding on a resolved exception reopens it; on a
   * dismissed one it only counts, unless the dismissal had no second approval and the amount is
   * now material (see exception-workflow.ts). Invalid findings are skipped and reported.
   */
  async recordFindings(findings: readonly ExceptionFinding[], options: IntakeOptions = {}): Promise<RecordFindingsResult> {
    const now = new Date();
    const { result, merged, actor } = this.prepare(findings, options, now);
    for (let i = 0; i < merged.length; i += INTAKE_CHUNK) {
      const chunk = merged.slice(i, i + INTAKE_CHUNK);
      const written = await inTransaction(this.ds, async (m) => {
        const chunkWritten = await this.writeChunk(m, chunk, actor, now, false);
        await this.incidents.refresh(m, chunkWritten.incidentIds);
        return chunkWritten;
      });
      addWritten(result, written.exceptions);
      this.publishIntake(
        written.exceptions.map((e) => e.id),
        written.incidentIds,
        now,
      );
    }
    return result;
  }

  /**
   * recordFindings inside a transaction the caller holds (and commits or rolls back), without
   * refreshing incidents or publishing: the caller calls refreshIncidentsIn with the incidents
   * touched before it commits, and publishIntake after. With `onlyNew`, existing exceptions are
   * neither locked nor changed (only the advisory locks of the findings' fingerprints and of
   * their incident groups are taken), so holding the transaction blocks no one's work on them.
   */
  async recordFindingsIn(m: EntityManager, findings: readonly ExceptionFinding[], options: HeldIntakeOptions = {}): Promise<HeldIntakeResult> {
    const now = new Date();
    const { result, merged, actor } = this.prepare(findings, options, now);
    const incidentIds = new Set<string>();
    const skipped: string[] = [];
    for (let i = 0; i < merged.length; i += HELD_CHUNK) {
      const written = await this.writeChunk(m, merged.slice(i, i + HELD_CHUNK), actor, now, options.onlyNew ?? false);
      addWritten(result, written.exceptions);
      for (const id of written.incidentIds) incidentIds.add(id);
      skipped.push(...written.skipped);
    }
    return { ...result, incidentIds: [...incidentIds], skipped };
  }

  /** Re-derives the incidents (recordFindingsIn's incidentIds) in the caller's transaction. */
  async refreshIncidentsIn(m: EntityManager, incidentIds: readonly string[]): Promise<void> {
    await this.incidents.refresh(m, incidentIds);
  }

  /** Tells live clients about exceptions and incidents written (after commit). */
  publishIntake(exceptionIds: string[], incidentIds: string[], at = new Date()): void {
    this.bus.publishExceptions({ cause: 'intake', exceptionIds, incidentIds, at: at.toISOString() });
  }

  private prepare(
    findings: readonly ExceptionFinding[],
    options: IntakeOptions,
    now: Date,
  ): { result: RecordFindingsResult; merged: NormalizedFinding[]; actor: Actor } {
    const result: RecordFindingsResult = { created: 0, recurred: 0, reopened: 0, exceptions: [], rejected: [] };
    const valid: NormalizedFinding[] = [];
    findings.forEach((f, index) => {
      const checked = normalizeFinding(f, now);
      if (checked.ok) valid.push(checked.finding);
      else result.rejected.push({ index, errors: checked.errors });
    });
    if (result.rejected.length) this.logger.warn({ msg: 'invalid findings skipped', rejected: result.rejected.slice(0, 10) });
    return { result, merged: mergeFindings(valid), actor: { kind: 'system', name: options.actor ?? SYSTEM_ACTOR } };
  }

  /**
   * Writes one chunk: takes the fingerprints' advisory locks, reads (and locks) what exists,
   * plans the writes (intake-plan.ts), places the new exceptions in incidents and applies the
   * plan. The caller refreshes the incidents returned before it commits.
   */
  private async writeChunk(
    m: EntityManager,
    findings: readonly NormalizedFinding[],
    actor: Actor,
    now: Date,
    onlyNew: boolean,
  ): Promise<{ exceptions: RecordFindingsResult['exceptions']; incidentIds: string[]; skipped: string[] }> {
    const fingerprints = findings.map((f) => f.fingerprint);
    await lockFingerprints(m, fingerprints);
    let toWrite = findings;
    let skipped: string[] = [];
    if (onlyNew) {
      const taken = await existingFingerprints(m, fingerprints);
      skipped = fingerprints.filter((fp) => taken.has(fp));
      toWrite = findings.filter((f) => !taken.has(f.fingerprint));
      if (!toWrite.length) return { exceptions: [], incidentIds: [], skipped };
    }
    // With onlyNew, toWrite holds only fingerprints found absent under their advisory locks: nothing to lock or read.
    const existing = onlyNew
      ? []
      : await lockExceptionsByFingerprint(
          m,
          toWrite.map((f) => f.fingerprint),
        );
    const flows = await loadFlowImpacts(
      m,
      toWrite.map((f) => f.flow),
    );
    const existingByFingerprint = new Map(existing.map((r) => [r.fingerprint, r]));
    const { deadlines, conversions } = await this.closeFacts(m, toWrite, existingByFingerprint, flows, now);
    const plan = planIntake({
      findings: toWrite,
      existing: existingByFingerprint,
      flows,
      now,
      slaHours: this.config.exceptionSlaHours,
      deadlines,
      conversions,
    });
    // New exceptions are placed in incidents first, so each is written once, with its incident.
    const placement = await this.incidents.place(m, plan.toPlace);
    for (const r of plan.inserts) r.incident_id = placement.incidentOf.get(r.fingerprint) ?? null;
    const updated = await updateKnownExceptions(m, plan.updates, now);
    const inserted = await insertNewExceptions(m, plan.inserts, now);
    const idOf = new Map([...updated, ...inserted].map((e) => [e.fingerprint, e.id]));
    const history = plan.history.map(({ fingerprint, ...entry }) => ({ ...entry, exceptionId: idOf.get(fingerprint)! }));
    await appendHistory(m, actor, now, history);
    await this.audit.appendMany(m, systemTransitionAudit(actor, history), now);
    const incidentIds = [...new Set([...placement.incidentIds, ...plan.knownIncidentIds.filter((x): x is string => x !== null)])];
    const exceptions = plan.outcomes.map(({ fingerprint, outcome }) => ({ id: idOf.get(fingerprint)!, fingerprint, outcome }));
    return { exceptions, incidentIds, skipped };
  }

  /**
   * The close deadlines and FX conversions severity needs for a chunk, in at most two statements
   * (calendars of the entities, rates of the currencies and periods), whatever the chunk's size.
   */
  private async closeFacts(
    m: EntityManager,
    findings: readonly NormalizedFinding[],
    existing: ReadonlyMap<string, ExistingException>,
    flows: ReadonlyMap<string, FlowImpact>,
    now: Date,
  ): Promise<{ deadlines: Map<string, Date>; conversions: Map<string, FxConversionDto> }> {
    const pairs: { entity: string; period: string }[] = [];
    const requests = new Map<string, { amount: string; from: string; to: string; period: string }>();
    for (const f of findings) {
      const facts = severityFacts(f, existing.get(f.fingerprint));
      // A finding's own deadline wins over the calendar's: no need to read it.
      if (facts.entity !== null && facts.period !== null && !f.closeDeadline) pairs.push({ entity: facts.entity, period: facts.period });
      const needed = neededConversion(facts, flows.get(f.flow) ?? null);
      if (needed) requests.set(conversionKey(needed.amount, needed.from, needed.to, needed.period), needed);
    }
    return readCloseFacts(m, { calendars: this.calendars, fx: this.fx }, pairs, requests, now);
  }

  /**
   * Resolves the unresolved exceptions that match, with resolution code `auto_resolved` and the
   * reason given (e.g. "record posted", "run succeeded"), recorded in their history. Resolved
   * and dismissed exceptions are left as they are. A pending dismissal is dropped. Returns the
   * ids resolved.
   */
  async autoResolve(matches: AutoResolveMatch | readonly AutoResolveMatch[], reason: string, options: IntakeOptions = {}): Promise<{ resolved: string[] }> {
    const list = (Array.isArray(matches) ? matches : [matches]) as readonly AutoResolveMatch[];
    if (!reason.trim()) throw new Error('autoResolve needs a reason');
    const byFingerprint: string[] = [];
    const byFields: ExceptionFieldMatch[] = [];
    for (const match of list) {
      if ('fingerprint' in match) {
        byFingerprint.push(match.fingerprint);
      } else {
        if (!match.type || !match.flow) throw new Error('autoResolve matches need a fingerprint, or a type and a flow');
        byFields.push({
          type: match.type,
          flow: match.flow,
          record_key: match.recordKey ?? null,
          run_id: match.runId ?? null,
          cause: match.cause ?? null,
          entity: match.entity ?? null,
          period: match.period ?? null,
        });
      }
    }
    if (!byFingerprint.length && !byFields.length) return { resolved: [] };
    const now = new Date();
    const actor: Actor = { kind: 'system', name: options.actor ?? SYSTEM_ACTOR };

    const outcome = await inTransaction(this.ds, async (m) => {
      const candidates = await findUnresolved(m, byFingerprint, byFields);
      if (!candidates.length) return { resolved: [], incidentIds: [] as string[] };
      const rows = await lockUnresolved(
        m,
        candidates.map((c) => c.id),
      );
      const ids = rows.map((r) => r.id);
      if (!ids.length) return { resolved: [], incidentIds: [] as string[] };
      await markAutoResolved(m, ids, reason, now);
      const history: HistoryEntry[] = rows.map((r) => ({ exceptionId: r.id, action: 'auto_resolved', fromStatus: r.status, toStatus: 'resolved', reason }));
      await appendHistory(m, actor, now, history);
      await this.audit.appendMany(m, systemTransitionAudit(actor, history), now);
      const incidentIds = [...new Set(rows.map((r) => r.incident_id).filter((x): x is string => x !== null))];
      await this.incidents.refresh(m, incidentIds);
      return { resolved: ids, incidentIds };
    });
    this.bus.publishExceptions({ cause: 'auto_resolve', exceptionIds: outcome.resolved, incidentIds: outcome.incidentIds, at: now.toISOString() });
    return { resolved: outcome.resolved };
  }

  /**
   * The four-eyes rule of the given flows, as dismissals follow it (severity.ts
   * whyApprovalNeeded): for a flow and an amount, why a second person must approve, or null.
   * Bulk replays apply it to their totals.
   */
  async approvalRule(m: EntityManager, flowIds: readonly string[]): Promise<(flow: string, amount: string, currency: string) => string | null> {
    const flows = await loadFlowImpacts(m, flowIds);
    return (flow, amount, currency) => whyApprovalNeeded(amount, currency, flows.get(flow)?.materiality ?? null);
  }

  /**
   * Resolves exceptions a replay fixed (docs/replays.md): resolution code `replayed`, the note
   * naming the replay request, an `auto_resolved` history entry with the request in its details.
   * Exceptions no longer unresolved are left as they are. Answers the ids resolved.
   */
  async resolveReplayed(
    items: readonly { exceptionId: string; replayRequestId: string; note: string }[],
    options: IntakeOptions = {},
  ): Promise<{ resolved: string[] }> {
    if (!items.length) return { resolved: [] };
    const now = new Date();
    const actor: Actor = { kind: 'system', name: options.actor ?? SYSTEM_ACTOR };
    const byId = new Map(items.map((i) => [i.exceptionId, i]));
    const outcome = await inTransaction(this.ds, async (m) => {
      const rows = await lockUnresolved(m, [...byId.keys()]);
      if (!rows.length) return { resolved: [] as string[], incidentIds: [] as string[] };
      await markResolvedAs(
        m,
        rows.map((r) => ({ id: r.id, note: byId.get(r.id)!.note })),
        'replayed',
        now,
      );
      const history: HistoryEntry[] = rows.map((r) => ({
        exceptionId: r.id,
        action: 'auto_resolved',
        fromStatus: r.status,
        toStatus: 'resolved',
        reason: byId.get(r.id)!.note,
        details: { resolutionCode: 'replayed', replayRequestId: byId.get(r.id)!.replayRequestId },
      }));
      await appendHistory(m, actor, now, history);
      await this.audit.appendMany(m, systemTransitionAudit(actor, history), now);
      const incidentIds = [...new Set(rows.map((r) => r.incident_id).filter((x): x is string => x !== null))];
      await this.incidents.refresh(m, incidentIds);
      return { resolved: rows.map((r) => r.id), incidentIds };
    });
    this.bus.publishExceptions({ cause: 'auto_resolve', exceptionIds: outcome.resolved, incidentIds: outcome.incidentIds, at: now.toISOString() });
    return { resolved: outcome.resolved };
  }
}

function addWritten(result: RecordFindingsResult, written: RecordFindingsResult['exceptions']): void {
  for (const w of written) {
    result[w.outcome] += 1;
    result.exceptions.push(w);
  }
}

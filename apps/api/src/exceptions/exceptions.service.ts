import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ExceptionStatus, type ExceptionType, type ResolutionCode, type Severity } from '@closewatch/contracts/exceptions';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { LiveBus } from '../live/live-bus';
import { SYSTEM_ACTOR } from './exception-row';
import { type Actor, appendHistory, type HistoryEntry } from './exception-history';
import { decide } from './exception-workflow';
import { type ExceptionFinding, mergeFindings, type NormalizedFinding, normalizeFinding } from './finding';
import { loadFlowImpacts } from './flow-impacts';
import { dismissalNeedsApproval, maxSeverity, severityOf } from './severity';
import { slaDueAt } from './sla';
import { inTransaction } from '../common/transaction-retry';

/** Findings written per transaction; bigger batches are split (each part commits on its own). */
export const INTAKE_CHUNK = 200;
/** Findings written per round of statements in a caller's transaction (recordFindingsIn), where no lock is given up between rounds anyway. */
const HELD_CHUNK = 1_000;

export type FindingOutcome = 'created' | 'recurred' | 'reopened';

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
  | { type: ExceptionType; flow: string; recordKey?: string | null; runId?: string | null; cause?: string | null; entity?: string | null; period?: string | null };

export interface IntakeOptions {
  /** The part of Closewatch reporting (shown in history), e.g. `evaluator:sync_delay`. Default `closewatch`. */
  actor?: string;
}

/** How findings are written inside a transaction the caller holds (recordFindingsIn). */
export interface HeldIntakeOptions extends IntakeOptions {
  /**
   * Write only findings whose fingerprint has no exception yet, without locking existing rows
   * (a caller may hold the transaction open for long); the others are answered in `skipped`.
   */
  onlyNew?: boolean;
}

/** What recordFindingsIn wrote; the caller refreshes `incidentIds` (refreshIncidentsIn) before commit and publishes after. */
export interface HeldIntakeResult extends RecordFindingsResult {
  incidentIds: string[];
  /** Fingerprints left alone because an exception has them (onlyNew). */
  skipped: string[];
}

interface LockedRow {
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
    private readonly incidents: IncidentGroupingService,
    private readonly bus: LiveBus,
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
        const w = await this.writeChunk(m, chunk, actor, now, false);
        await this.incidents.refresh(m, w.incidentIds);
        return w;
      });
      addWritten(result, written.exceptions);
      this.publishIntake(written.exceptions.map((w) => w.id), written.incidentIds, now);
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

  private prepare(findings: readonly ExceptionFinding[], options: IntakeOptions, now: Date): { result: RecordFindingsResult; merged: NormalizedFinding[]; actor: Actor } {
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

  /** Writes one chunk; the caller refreshes the incidents answered before it commits. */
  private async writeChunk(
    m: EntityManager,
    given: readonly NormalizedFinding[],
    actor: Actor,
    now: Date,
    onlyNew: boolean,
  ): Promise<{ exceptions: RecordFindingsResult['exceptions']; incidentIds: string[]; skipped: string[] }> {
    const givenFingerprints = given.map((f) => f.fingerprint);
    // Serialise intake per fingerprint (sorted, so concurrent batches never wait on each other in a cycle).
    await m.query(
      `select pg_advisory_xact_lock(k) from (select distinct hashtextextended(f, 0) as k from unnest($1::text[]) f order by k) s`,
      [givenFingerprints],
    );
    let chunk = given;
    let skipped: string[] = [];
    if (onlyNew) {
      const rows: { fingerprint: string }[] = await m.query(`select fingerprint from exceptions where fingerprint = any($1::text[])`, [givenFingerprints]);
      const existing = new Set(rows.map((r) => r.fingerprint));
      skipped = given.filter((f) => existing.has(f.fingerprint)).map((f) => f.fingerprint);
      chunk = given.filter((f) => !existing.has(f.fingerprint));
      if (!chunk.length) return { exceptions: [], incidentIds: [], skipped };
    }
    const fingerprints = chunk.map((f) => f.fingerprint);
    // With onlyNew the chunk holds only fingerprints found absent under their advisory locks: nothing to lock or read.
    const locked: LockedRow[] = onlyNew
      ? []
      : await m.query(
          `select id, fingerprint, status, severity, resolution_code, assignee_id, dismissal_requested_by, dismissal_approved_by,
                  amount_at_risk::text as amount_at_risk, currency, entity, period, close_deadline, opened_at, incident_id
             from exceptions where fingerprint = any($1::text[]) order by id for no key update`,
          [fingerprints],
        );
    const prevByFingerprint = new Map(locked.map((r) => [r.fingerprint, r]));
    const flows = await loadFlowImpacts(m, chunk.map((f) => f.flow));

    const rows: Record<string, unknown>[] = [];
    const plans = chunk.map((f) => {
      const prev = prevByFingerprint.get(f.fingerprint);
      const flow = flows.get(f.flow) ?? null;
      const amount = f.amount ?? prev?.amount_at_risk ?? null;
      const currency = f.amount !== null ? f.currency : (prev?.currency ?? null);
      const closeDeadline = f.closeDeadline ?? prev?.close_deadline ?? null;
      const computed = severityOf({ type: f.type, amount, currency, flow, closeDeadline, now });
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
      const status: ExceptionStatus = prev ? (reopened ? 'open' : prev.status) : 'open';
      const openedAt = !prev ? f.firstSeenAt : reopened ? now : prev.opened_at;
      rows.push({
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
        amount_at_risk: amount,
        currency,
        entity: f.entity ?? prev?.entity ?? null,
        period: f.period ?? prev?.period ?? null,
        close_deadline: closeDeadline?.toISOString() ?? null,
        occurrences: f.count,
        first_seen_at: f.firstSeenAt.toISOString(),
        last_seen_at: f.lastSeenAt.toISOString(),
        opened_at: openedAt.toISOString(),
        sla_due_at: slaDueAt(openedAt, severity, this.config.exceptionSlaHours).toISOString(),
        reopen: reopened,
      });
      return { f, prev, reopened, reason: decision?.ok && decision.action ? decision.reason : undefined, severity };
    });

    const recordColumns = `fingerprint text, type text, flow_id text, record_key text, run_id text, cause text, title text, detail text,
      context jsonb, status text, severity text, severity_reasons text[], amount_at_risk text, currency text, entity text, period text,
      close_deadline text, occurrences bigint, first_seen_at text, last_seen_at text, opened_at text, sla_due_at text, reopen boolean`;
    const clearOnReopen = [
      'acknowledged_at',
      'acknowledged_by',
      'resolved_at',
      'resolved_by',
      'resolution_code',
      'resolution_note',
      'dismissal_reason',
      'dismissal_requested_at',
      'dismissal_requested_by',
      'dismissal_approved_at',
      'dismissal_approved_by',
      'dismissed_at',
      'closed_at',
    ].map((c) => `${c} = case when x.reopen then null else e.${c} end`);
    const known = rows.filter((r) => prevByFingerprint.has(r.fingerprint as string));
    const fresh = rows.filter((r) => !prevByFingerprint.has(r.fingerprint as string));
    // New exceptions are placed in incidents first, so each is written once, with its incident.
    const placement = await this.incidents.place(
      m,
      plans
        .filter((p) => !p.prev)
        .map(({ f }) => ({ ref: f.fingerprint, flow: f.flow, type: f.type, cause: f.cause, entity: f.entity, period: f.period, firstSeenAt: f.firstSeenAt, lastSeenAt: f.lastSeenAt })),
    );
    for (const r of fresh) r.incident_id = placement.incidentOf.get(r.fingerprint as string) ?? null;
    // Known fingerprints (locked above): what the plan decided, occurrences added to the stored count.
    const updated: { id: string; fingerprint: string }[] = known.length
      ? updatedRows(
          await m.query(
          `update exceptions e set
                  occurrences = e.occurrences + x.occurrences,
                  first_seen_at = least(e.first_seen_at, x.first_seen_at::timestamptz),
                  last_seen_at = greatest(e.last_seen_at, x.last_seen_at::timestamptz),
                  title = x.title,
                  detail = coalesce(x.detail, e.detail),
                  context = e.context || coalesce(x.context, '{}'),
                  status = x.status,
                  severity = x.severity,
                  severity_reasons = x.severity_reasons,
                  amount_at_risk = x.amount_at_risk::numeric,
                  currency = x.currency,
                  entity = x.entity,
                  period = x.period,
                  close_deadline = x.close_deadline::timestamptz,
                  opened_at = x.opened_at::timestamptz,
                  sla_due_at = x.sla_due_at::timestamptz,
                  ${clearOnReopen.join(',\n                  ')},
                  updated_at = $2
             from jsonb_to_recordset($1::jsonb) as x(${recordColumns})
            where e.fingerprint = x.fingerprint
           returning e.id, e.fingerprint`,
            [JSON.stringify(known), now],
          ),
        )
      : [];
    // New fingerprints. The advisory lock means no one else inserts them meanwhile; the unique
    // constraint with ON CONFLICT is the database's guarantee that a duplicate row cannot exist.
    const inserted: { id: string; fingerprint: string }[] = fresh.length
      ? await m.query(
          `insert into exceptions as e (fingerprint, type, flow_id, record_key, run_id, cause, title, detail, context, status, severity,
                  severity_reasons, amount_at_risk, currency, entity, period, close_deadline, occurrences, first_seen_at, last_seen_at, opened_at,
                  sla_due_at, incident_id, updated_at)
           select x.fingerprint, x.type, x.flow_id, x.record_key, x.run_id, x.cause, x.title, x.detail, coalesce(x.context, '{}'), 'open',
                  x.severity, x.severity_reasons, x.amount_at_risk::numeric, x.currency, x.entity, x.period, x.close_deadline::timestamptz,
                  x.occurrences, x.first_seen_at::timestamptz, x.last_seen_at::timestamptz, x.opened_at::timestamptz, x.sla_due_at::timestamptz,
                  x.incident_id, $2
             from jsonb_to_recordset($1::jsonb) as x(${recordColumns}, incident_id uuid)
            order by x.fingerprint
           on conflict on constraint exceptions_fingerprint_key do update set
                  occurrences = e.occurrences + excluded.occurrences,
                  first_seen_at = least(e.first_seen_at, excluded.first_seen_at),
                  last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at),
                  updated_at = excluded.updated_at
           returning e.id, e.fingerprint`,
          [JSON.stringify(fresh), now],
        )
      : [];
    const written = [...updated, ...inserted];
    const idByFingerprint = new Map(written.map((w) => [w.fingerprint, w.id]));

    const history: HistoryEntry[] = [];
    const outcomes: RecordFindingsResult['exceptions'] = [];
    const touchedIncidents: (string | null)[] = [];
    for (const p of plans) {
      const id = idByFingerprint.get(p.f.fingerprint)!;
      if (!p.prev) {
        outcomes.push({ id, fingerprint: p.f.fingerprint, outcome: 'created' });
        history.push({ exceptionId: id, action: 'created', fromStatus: null, toStatus: 'open', details: { occurrences: p.f.count, severity: p.severity } });
        continue;
      }
      touchedIncidents.push(p.prev.incident_id);
      if (p.reopened) {
        outcomes.push({ id, fingerprint: p.f.fingerprint, outcome: 'reopened' });
        history.push({ exceptionId: id, action: 'reopened', fromStatus: p.prev.status, toStatus: 'open', reason: p.reason ?? 'seen again', details: { occurrences: p.f.count } });
      } else {
        outcomes.push({ id, fingerprint: p.f.fingerprint, outcome: 'recurred' });
      }
      if (p.severity !== p.prev.severity) {
        const status = p.reopened ? 'open' : p.prev.status;
        history.push({
          exceptionId: id,
          action: 'severity_changed',
          fromStatus: status,
          toStatus: status,
          reason: `severity ${p.prev.severity} → ${p.severity}`,
          details: { from: p.prev.severity, to: p.severity },
        });
      }
    }
    await appendHistory(m, actor, now, history);
    const incidentIds = [...new Set([...placement.incidentIds, ...touchedIncidents.filter((x): x is string => x !== null)])];
    return { exceptions: outcomes, incidentIds, skipped };
  }

  /**
   * Resolves the unresolved exceptions that match, with resolution code `auto_resolved` and the
   * reason given (e.g. "record posted", "run succeeded"), recorded in their history. Resolved
   * and dismissed exceptions are left as they are. A pending dismissal is dropped. Answers the
   * ids resolved.
   */
  async autoResolve(matches: AutoResolveMatch | readonly AutoResolveMatch[], reason: string, options: IntakeOptions = {}): Promise<{ resolved: string[] }> {
    const list = (Array.isArray(matches) ? matches : [matches]) as readonly AutoResolveMatch[];
    if (!reason.trim()) throw new Error('autoResolve needs a reason');
    const byFingerprint: string[] = [];
    const byFields: Record<string, string | null>[] = [];
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
      const candidates: { id: string }[] = await m.query(
        `select e.id from exceptions e where e.status in ('open', 'acknowledged') and e.fingerprint = any($1::text[])
         union
         select e.id from exceptions e
           join jsonb_to_recordset($2::jsonb) as x(type text, flow text, record_key text, run_id text, cause text, entity text, period text)
             on e.flow_id = x.flow and e.type = x.type
            and (x.record_key is null or e.record_key = x.record_key) and (x.run_id is null or e.run_id = x.run_id)
            and (x.cause is null or e.cause = x.cause) and (x.entity is null or e.entity = x.entity) and (x.period is null or e.period = x.period)
          where e.status in ('open', 'acknowledged')`,
        [byFingerprint, JSON.stringify(byFields)],
      );
      if (!candidates.length) return { resolved: [], incidentIds: [] as string[] };
      const rows: { id: string; status: ExceptionStatus; incident_id: string | null }[] = await m.query(
        `select id, status, incident_id from exceptions where id = any($1::uuid[]) and status in ('open', 'acknowledged') order by id for no key update`,
        [candidates.map((c) => c.id)],
      );
      const ids = rows.map((r) => r.id);
      if (!ids.length) return { resolved: [], incidentIds: [] as string[] };
      await m.query(
        `update exceptions set status = 'resolved', resolution_code = 'auto_resolved', resolution_note = $2, resolved_at = $3, resolved_by = null,
                closed_at = $3, dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null, updated_at = $3
          where id = any($1::uuid[])`,
        [ids, reason, now],
      );
      await appendHistory(
        m,
        actor,
        now,
        rows.map((r) => ({ exceptionId: r.id, action: 'auto_resolved', fromStatus: r.status, toStatus: 'resolved', reason })),
      );
      const incidentIds = [...new Set(rows.map((r) => r.incident_id).filter((x): x is string => x !== null))];
      await this.incidents.refresh(m, incidentIds);
      return { resolved: ids, incidentIds };
    });
    this.bus.publishExceptions({ cause: 'auto_resolve', exceptionIds: outcome.resolved, incidentIds: outcome.incidentIds, at: now.toISOString() });
    return { resolved: outcome.resolved };
  }
}

/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affected count]. */
function updatedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

function addWritten(result: RecordFindingsResult, written: RecordFindingsResult['exceptions']): void {
  for (const w of written) {
    result[w.outcome] += 1;
    result.exceptions.push(w);
  }
}

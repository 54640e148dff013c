import { actorOf, AuditLog } from '../audit/audit-log.service';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { previousPeriod } from '@closewatch/contracts/periods';
import {
  type CloseGateDto,
  type GateCallDto,
  type ReadinessDto,
  type ReadinessListResponse,
  type ReadinessRules,
  type ReadinessRulesDto,
  type ReadinessStatus,
  type ReadinessTransitionDto,
} from '@closewatch/contracts/readiness';
import { type Page } from '@closewatch/contracts/pagination';
import { type FlowSyncStatus } from '@closewatch/contracts/sync-health';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { inTransaction } from '../common/transaction-retry';
import { CloseCalendarsService } from '../close/close-calendars.service';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LiveBus } from '../live/live-bus';
import { SyncHealthService } from '../sync-health/sync-health.service';
import { type ClosePair, findingsFor, type ReadinessEvidence } from './readiness-evidence';
import { assessReadiness, rulesInForce } from './readiness-rules';
import {
  deleteRuleOverrides,
  type EvaluatedReadiness,
  insertGateCall,
  listGateCalls,
  listStored,
  listTransitions,
  lockReadiness,
  readCloseEntities,
  readCloseFlows,
  readCloseRecons,
  readLatePostings,
  readLatestReconRuns,
  readOpenExceptionGroups,
  readRuleOverrides,
  readStored,
  type StoredReadiness,
  storeEvaluations,
  upsertRuleOverrides,
} from './readiness.queries';
import { type GateCallsQuery, type ReadinessHistoryQuery, type ReadinessListQuery } from './readiness.schemas';

/**
 * Close readiness per entity and period (docs/close.md "Readiness and the gate"): evidence read
 * set-based for many entities and periods at once (readiness.queries.ts), turned into findings
 * (readiness-evidence.ts) and a verdict under each entity's rules (readiness-rules.ts). Verdicts
 * are stored with their history; the gate answers the stored verdict, evaluating again when it
 * is missing or older than twice the pass interval.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('readiness');
  private healthCache: { at: number; statuses: Promise<{ flow: string; status: FlowSyncStatus; reason: string }[]> } | undefined;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendars: CloseCalendarsService,
    private readonly health: SyncHealthService,
    private readonly bus: LiveBus,
    private readonly audit: AuditLog,
  ) {}

  /** One pass over every known entity's recent periods (CLOSEWATCH_READINESS_PERIODS). */
  async pass(now = new Date()): Promise<{ evaluated: number; changed: number }> {
    const pairs = await this.activePairs(now);
    const evaluated = await this.evaluate(pairs, now);
    const changed = await this.record(evaluated);
    return { evaluated: evaluated.length, changed };
  }

  /** `GET /api/v1/close/readiness`: stored verdicts; a period asked for that was never evaluated is evaluated first. */
  async list(q: ReadinessListQuery, now = new Date()): Promise<ReadinessListResponse> {
    if (q.period) await this.ensureEvaluated(q.period, q.entity, now);
    const after = decodeCursor<[string, string]>(q.cursor, 2);
    const rows = await listStored(this.ds.manager, {
      period: q.period,
      entity: q.entity,
      status: q.status,
      periods: q.period ? undefined : await this.recentPeriods(now),
      after: after && { period: after[0], entity: after[1] },
      limit: q.limit + 1,
    });
    const days = await this.workingDaysLeft(rows, now);
    return toPage(
      rows,
      q.limit,
      (r) => toDto(r, days.get(`${r.entity}\u0000${r.period}`) ?? null),
      (r) => [r.period, r.entity],
    );
  }

  /** `GET /api/v1/close/readiness/history`: transitions, newest first. */
  async history(q: ReadinessHistoryQuery): Promise<Page<ReadinessTransitionDto>> {
    const [beforeId] = decodeCursor<[string]>(q.cursor, 1) ?? [];
    const rows = await listTransitions(this.ds.manager, { entity: q.entity, period: q.period, beforeId, limit: q.limit + 1 });
    return toPage(
      rows,
      q.limit,
      (r) => ({ id: r.id, entity: r.entity, period: r.period, from: r.from_status, to: r.to_status, at: r.at.toISOString(), reasons: r.reasons }),
      (r) => [r.id],
    );
  }

  /**
   * The verdict for one entity and period, evaluated now when the stored one is older than two
   * passes. An entity Closewatch knows nothing of (no calendar, no close-tagged flow) is a 404.
   */
  async current(entity: string, period: string, now = new Date()): Promise<StoredReadiness> {
    let stored = await readStored(this.ds.manager, entity, period);
    const maxAgeMs = 2 * this.config.readiness.intervalSeconds * 1000;
    if (!stored || now.getTime() - stored.evaluated_at.getTime() > maxAgeMs) {
      if (!(await readCloseEntities(this.ds.manager)).includes(entity)) {
        throw ApiError.notFound(`entity ${entity} (it has no close calendar and no close-tagged flow serves it)`);
      }
      await this.record(await this.evaluate([{ entity, period }], now, HEALTH_REUSE_MS));
      stored = await readStored(this.ds.manager, entity, period);
    }
    if (!stored) throw ApiError.notFound(`readiness of ${entity} ${period}`);
    return stored;
  }

  /**
   * `GET /api/v1/gates/close`: the verdict for one entity and period, recorded with who asked.
   * An entity Closewatch knows nothing of (no calendar, no close-tagged flow) is a 404, never "ready".
   */
  async gate(entity: string, period: string, caller: RequestPrincipal | undefined, now = new Date()): Promise<CloseGateDto> {
    const stored = await this.current(entity, period, now);
    const verdict = stored;
    await this.ds.transaction(async (m) => {
      await insertGateCall(m, {
        at: now,
        caller_kind: caller?.kind === 'ingest' ? 'ingest' : 'user',
        caller_id: caller?.kind === 'ingest' ? caller.keyId : (caller?.userId ?? null),
        caller_name: caller?.kind === 'ingest' ? caller.name : (caller?.email ?? 'unknown'),
        entity,
        period,
        status: verdict.status,
        evaluated_at: verdict.evaluated_at,
      });
      await this.audit.append(
        m,
        {
          actor: actorOf(caller),
          action: 'close.gate_call',
          objectType: 'close_gate',
          objectId: `${entity}/${period}`,
          after: { status: verdict.status, evaluatedAt: verdict.evaluated_at.toISOString() },
        },
        now,
      );
    });
    return {
      entity,
      period,
      status: stored.status,
      reasons: stored.reasons.map(({ kind, severity, message, flow, exceptionId, reconId, runId }) => ({
        kind,
        severity,
        message,
        flow,
        exceptionId,
        reconId,
        runId,
      })),
      evaluatedAt: stored.evaluated_at.toISOString(),
    };
  }

  /** `GET /api/v1/gates/close/calls`: who asked the gate what, newest first. */
  async gateCalls(q: GateCallsQuery): Promise<Page<GateCallDto>> {
    const [beforeId] = decodeCursor<[string]>(q.cursor, 1) ?? [];
    const rows = await listGateCalls(this.ds.manager, { entity: q.entity, period: q.period, beforeId, limit: q.limit + 1 });
    return toPage(
      rows,
      q.limit,
      (r) => ({
        id: r.id,
        at: r.at.toISOString(),
        caller: { kind: r.caller_kind, id: r.caller_id, name: r.caller_name },
        entity: r.entity,
        period: r.period,
        status: r.status,
        evaluatedAt: r.evaluated_at.toISOString(),
      }),
      (r) => [r.id],
    );
  }

  async rules(entity: string): Promise<ReadinessRulesDto> {
    const found = (await readRuleOverrides(this.ds.manager, [entity])).get(entity);
    return { entity, rules: rulesInForce(found?.rules), overrides: found?.rules ?? {}, updatedAt: found?.updatedAt.toISOString() ?? null };
  }

  async allRules(): Promise<ReadinessRulesDto[]> {
    const overrides = await readRuleOverrides(this.ds.manager);
    return [...overrides].map(([entity, o]) => ({ entity, rules: rulesInForce(o.rules), overrides: o.rules, updatedAt: o.updatedAt.toISOString() }));
  }

  async putRules(entity: string, rules: ReadinessRules, by: RequestPrincipal | undefined): Promise<ReadinessRulesDto> {
    const updatedAt = await upsertRuleOverrides(this.ds.manager, entity, rules, by?.kind === 'user' ? by.userId : null);
    await this.reevaluateEntity(entity);
    return { entity, rules: rulesInForce(rules), overrides: rules, updatedAt: updatedAt.toISOString() };
  }

  async deleteRules(entity: string): Promise<void> {
    if (!(await deleteRuleOverrides(this.ds.manager, entity))) throw ApiError.notFound(`readiness rules of entity ${entity}`);
    await this.reevaluateEntity(entity);
  }

  /** Evaluates entities and periods at `now` (nothing stored). */
  async evaluate(pairs: readonly { entity: string; period: string }[], now = new Date(), healthMaxAgeMs = 0): Promise<EvaluatedReadiness[]> {
    if (!pairs.length) return [];
    return this.read((m) => this.evaluateIn(m, pairs, now, healthMaxAgeMs));
  }

  /** Evaluates in the caller's transaction: every piece of evidence from one snapshot. */
  private async evaluateIn(
    m: EntityManager,
    pairs: readonly { entity: string; period: string }[],
    now: Date,
    healthMaxAgeMs: number,
  ): Promise<EvaluatedReadiness[]> {
    const windows = new Map((await this.calendars.windows(m, pairs, now)).map((w) => [`${w.entity}\u0000${w.period}`, w]));
    const closePairs: ClosePair[] = pairs.map((p) => {
      const w = windows.get(`${p.entity}\u0000${p.period}`);
      return { ...p, window: w ? { closeStartAt: w.closeStartAt, deadlineAt: w.deadlineAt } : null };
    });
    const evidence = await this.readEvidence(m, closePairs, now, healthMaxAgeMs);
    const overrides = await readRuleOverrides(m, [...new Set(pairs.map((p) => p.entity))]);
    const out: EvaluatedReadiness[] = [];
    for (const [i, p] of closePairs.entries()) {
      // A pass over thousands of pairs lets requests (the gate) in between chunks.
      if (i > 0 && i % EVALUATION_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
      const verdict = assessReadiness(findingsFor(p, evidence, now), rulesInForce(overrides.get(p.entity)?.rules));
      out.push({ entity: p.entity, period: p.period, ...verdict, deadlineAt: p.window?.deadlineAt ?? null, evaluatedAt: now });
    }
    return out;
  }

  private async readEvidence(m: EntityManager, pairs: readonly ClosePair[], now: Date, healthMaxAgeMs: number): Promise<ReadinessEvidence> {
    const flows = await readCloseFlows(m);
    const flowIds = flows.map((f) => f.id);
    const entities = [...new Set(pairs.map((p) => p.entity))];
    const periods = [...new Set(pairs.map((p) => p.period))];
    const recons = await readCloseRecons(m, flowIds);
    const overdue = pairs.flatMap((p) =>
      p.window && p.window.deadlineAt < now ? [{ entity: p.entity, period: p.period, deadlineAt: p.window.deadlineAt }] : [],
    );
    // Flow health reads on connections of its own, meanwhile; the rest shares the snapshot.
    const statuses = flowIds.length ? this.flowHealth(now, healthMaxAgeMs) : Promise.resolve([]);
    const exceptions = await readOpenExceptionGroups(m, flowIds, entities, periods);
    const reconRuns = await readLatestReconRuns(
      m,
      recons.map((r) => r.id),
      periods,
    );
    const latePostings = await readLatePostings(m, flowIds, overdue);
    return { flows, exceptions, recons, reconRuns, latePostings, health: new Map((await statuses).map((h) => [h.flow, h])) };
  }

  /**
   * Flow health now, or a reading at most `maxAgeMs` old: passes read it fresh (a health change
   * starts one), while a burst of gate calls evaluating cold pairs shares one reading
   * (HEALTH_REUSE_MS) instead of each measuring every flow.
   */
  private flowHealth(now: Date, maxAgeMs: number): Promise<{ flow: string; status: FlowSyncStatus; reason: string }[]> {
    const cached = this.healthCache;
    if (cached && maxAgeMs > 0 && Math.abs(now.getTime() - cached.at) < maxAgeMs) return cached.statuses;
    const statuses = this.health.statuses(this.config.healthWindowSeconds, now);
    this.healthCache = { at: now.getTime(), statuses };
    statuses.catch(() => (this.healthCache = undefined));
    return statuses;
  }

  /** Stores verdicts under the readiness lock and publishes the changes after commit; returns how many changed. */
  private async record(rows: readonly EvaluatedReadiness[]): Promise<number> {
    if (!rows.length) return 0;
    const changes = await inTransaction(this.ds, async (m) => {
      await lockReadiness(m);
      return storeEvaluations(m, rows);
    });
    if (changes.length) {
      this.logger.log({ msg: 'close readiness changed', changes: changes.map((c) => `${c.entity} ${c.period}: ${c.from ?? 'new'} → ${c.to}`) });
      this.bus.publishReadiness({ at: rows[0]!.evaluatedAt.toISOString(), changes });
    }
    return changes.length;
  }

  /** Every known entity with its CLOSEWATCH_READINESS_PERIODS most recent periods (its own time zone's). */
  private async activePairs(now: Date): Promise<{ entity: string; period: string }[]> {
    const { entities, current } = await this.read(async (m) => {
      const known = await readCloseEntities(m);
      return { entities: known, current: await this.calendars.currentPeriods(m, known, now) };
    });
    return entities.flatMap((entity) => periodsBack(current.get(entity)!, this.config.readiness.periods).map((period) => ({ entity, period })));
  }

  /** The periods a default list shows: the recent ones of any zone (UTC's, and the day either side). */
  private async recentPeriods(now: Date): Promise<string[]> {
    const edges = [now.getTime() - 86_400_000, now.getTime(), now.getTime() + 86_400_000].map((t) => new Date(t).toISOString().slice(0, 7));
    return [...new Set(edges.flatMap((p) => periodsBack(p, this.config.readiness.periods)))];
  }

  private async ensureEvaluated(period: string, entity: string | undefined, now: Date): Promise<void> {
    const known = await readCloseEntities(this.ds.manager);
    const wanted = entity ? known.filter((e) => e === entity) : known;
    const stored = new Set((await listStored(this.ds.manager, { period, entity, limit: wanted.length + 1 })).map((r) => r.entity));
    const missing = wanted.filter((e) => !stored.has(e));
    if (missing.length)
      await this.record(
        await this.evaluate(
          missing.map((e) => ({ entity: e, period })),
          now,
        ),
      );
  }

  private async reevaluateEntity(entity: string, now = new Date()): Promise<void> {
    const stored = await listStored(this.ds.manager, { entity, limit: 1000 });
    await this.record(
      await this.evaluate(
        stored.map((r) => ({ entity, period: r.period })),
        now,
      ),
    );
  }

  /** Read-only work in one snapshot. */
  private read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }

  private async workingDaysLeft(rows: readonly StoredReadiness[], now: Date): Promise<Map<string, number>> {
    const windows = await this.read((m) => this.calendars.windows(m, rows, now));
    return new Map(windows.map((w) => [`${w.entity}\u0000${w.period}`, w.workingDaysLeft]));
  }
}

/** Pairs evaluated between two turns of the event loop. */
const EVALUATION_CHUNK = 200;
/** How long one reading of flow health serves evaluations. */
const HEALTH_REUSE_MS = 5_000;

/** `period` and the n-1 before it, newest first. */
export function periodsBack(period: string, n: number): string[] {
  const out = [period];
  while (out.length < n) out.push(previousPeriod(out[out.length - 1]!));
  return out;
}

function toDto(r: StoredReadiness, workingDaysLeft: number | null): ReadinessDto {
  return {
    entity: r.entity,
    period: r.period,
    status: r.status as ReadinessStatus,
    deadlineAt: r.deadline_at?.toISOString() ?? null,
    workingDaysLeft,
    since: r.since.toISOString(),
    evaluatedAt: r.evaluated_at.toISOString(),
    reasons: r.reasons,
  };
}

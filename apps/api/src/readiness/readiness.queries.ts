import { type EntityManager } from 'typeorm';
import { type ReadinessReasonDto, type ReadinessRules, type ReadinessStatus } from '@closewatch/contracts/readiness';
import { type CloseFlow, type CloseRecon, type LatePostings, type LatestReconRun, type OpenExceptionGroup } from './readiness-evidence';

/** Flows that impact the close. */
export async function readCloseFlows(m: EntityManager): Promise<CloseFlow[]> {
  return m.query(`select id, name, entities from flows where 'close' = any(impacts) order by id`);
}

/** Entities with a close calendar or served by a close-tagged flow (the ones readiness is kept for). */
export async function readCloseEntities(m: EntityManager): Promise<string[]> {
  const rows: { entity: string }[] = await m.query(
    `select entity from close_calendars
      union
     select unnest(entities) from flows where 'close' = any(impacts)
      order by 1`,
  );
  return rows.map((r) => r.entity);
}

/**
 * Unresolved exceptions of these flows that may concern these entities and periods, grouped by
 * flow, entity, period, type, materiality and reconciliation (breaks), each group with its worst exception as the example
 * (partial index exceptions_unresolved_close_idx).
 */
export async function readOpenExceptionGroups(
  m: EntityManager,
  flowIds: readonly string[],
  entities: readonly string[],
  periods: readonly string[],
): Promise<OpenExceptionGroup[]> {
  if (!flowIds.length) return [];
  const rows: (Omit<OpenExceptionGroup, 'count'> & { count: string })[] = await m.query(
    `select flow_id as "flowId", entity, period, type, material, context ->> 'reconId' as "reconId", count(*) as count,
            (array_agg(id::text order by severity_rank desc, amount_at_risk desc nulls last, last_seen_at desc))[1] as "exampleId",
            (array_agg(run_id order by severity_rank desc, amount_at_risk desc nulls last, last_seen_at desc))[1] as "exampleRunId",
            (array_agg(title order by severity_rank desc, amount_at_risk desc nulls last, last_seen_at desc))[1] as "exampleTitle"
       from exceptions
      where status in ('open', 'acknowledged') and flow_id = any($1::text[])
        and (entity is null or entity = any($2::text[])) and (period is null or period = any($3::text[]))
      group by flow_id, entity, period, type, material, context ->> 'reconId'`,
    [flowIds, entities, periods],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Enabled reconciliation definitions of these flows, with the entity their scope fixes. */
export async function readCloseRecons(m: EntityManager, flowIds: readonly string[]): Promise<CloseRecon[]> {
  if (!flowIds.length) return [];
  return m.query(
    `select id, flow_id as "flowId", name, definition -> 'scope' ->> 'entity' as "scopeEntity", definition -> 'scope' ->> 'period' as "scopePeriod"
       from recon_definitions where enabled and flow_id = any($1::text[]) order by id`,
    [flowIds],
  );
}

/**
 * The latest finished run of each definition for each of these periods (and for scopes naming no
 * period), per entity the run's scope names (index recon_runs_period_idx).
 */
export async function readLatestReconRuns(m: EntityManager, reconIds: readonly string[], periods: readonly string[]): Promise<LatestReconRun[]> {
  if (!reconIds.length) return [];
  const rows: (Omit<LatestReconRun, 'breaks'> & { breaks: string })[] = await m.query(
    `select distinct on (recon_id, scope ->> 'period', scope ->> 'entity')
            recon_id as "reconId", scope ->> 'period' as period, scope ->> 'entity' as entity, id::text as "runId", status,
            coalesce(material, false) as material, error_message as "errorMessage", finished_at as "finishedAt",
            coalesce(missing_in_target, 0) + coalesce(unexpected_in_target, 0) + coalesce(amount_mismatch, 0)
              + coalesce(field_mismatch, 0) + coalesce(duplicate_key, 0) as breaks
       from recon_runs
      where recon_id = any($1::text[]) and status in ('succeeded', 'failed')
        and (scope ->> 'period' is null or scope ->> 'period' = any($2::text[]))
      order by recon_id, scope ->> 'period', scope ->> 'entity', queued_at desc, id desc`,
    [reconIds, periods],
  );
  return rows.map((r) => ({ ...r, breaks: Number(r.breaks) }));
}

/**
 * Postings (and publications) of these flows into each entity's period after its deadline. One
 * range of the index hops_postings_close_idx per pair (entity, period, after the deadline): the
 * grouping inside the lateral subquery keeps it from being flattened into a join, which for a
 * whole pass (thousands of overdue pairs) the planner ran as a scan of every hop.
 */
export async function readLatePostings(
  m: EntityManager,
  flowIds: readonly string[],
  pairs: readonly { entity: string; period: string; deadlineAt: Date }[],
): Promise<LatePostings[]> {
  if (!flowIds.length || !pairs.length) return [];
  const rows: (Omit<LatePostings, 'count'> & { count: string })[] = await m.query(
    `select p.entity, p.period, l."flowId", l.count, l."latestAt", l."exampleRecordKey"
       from unnest($1::text[], $2::text[], $3::timestamptz[]) as p(entity, period, deadline)
      cross join lateral (
            select h.flow_id as "flowId", count(*) as count, max(h.occurred_at) as "latestAt",
                   (array_agg(h.record_key order by h.occurred_at desc))[1] as "exampleRecordKey"
              from hops h
             where h.entity = p.entity and h.period = p.period and h.stage in ('posted', 'published') and h.occurred_at > p.deadline
               and h.flow_id = any($4::text[])
             group by h.flow_id
           ) l`,
    [pairs.map((p) => p.entity), pairs.map((p) => p.period), pairs.map((p) => p.deadlineAt.toISOString()), flowIds],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Per-entity rule overrides. */
export async function readRuleOverrides(m: EntityManager, entities?: readonly string[]): Promise<Map<string, { rules: ReadinessRules; updatedAt: Date }>> {
  const rows: { entity: string; rules: ReadinessRules; updated_at: Date }[] = entities
    ? await m.query(`select entity, rules, updated_at from close_readiness_rules where entity = any($1::text[])`, [entities])
    : await m.query(`select entity, rules, updated_at from close_readiness_rules order by entity`);
  return new Map(rows.map((r) => [r.entity, { rules: r.rules, updatedAt: r.updated_at }]));
}

export async function upsertRuleOverrides(m: EntityManager, entity: string, rules: ReadinessRules, by: string | null): Promise<Date> {
  const [row]: { updated_at: Date }[] = await m.query(
    `insert into close_readiness_rules (entity, rules, updated_at, updated_by) values ($1, $2::jsonb, now(), $3)
     on conflict (entity) do update set rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by
     returning updated_at`,
    [entity, JSON.stringify(rules), by],
  );
  return row!.updated_at;
}

export async function deleteRuleOverrides(m: EntityManager, entity: string): Promise<boolean> {
  const rows: unknown[] = await m.query(`delete from close_readiness_rules where entity = $1 returning entity`, [entity]);
  return rows.length > 0;
}

/** One evaluation to store. */
export interface EvaluatedReadiness {
  entity: string;
  period: string;
  status: ReadinessStatus;
  reasons: ReadinessReasonDto[];
  deadlineAt: Date | null;
  evaluatedAt: Date;
}

export interface StoredReadiness {
  entity: string;
  period: string;
  status: ReadinessStatus;
  since: Date;
  reasons: ReadinessReasonDto[];
  deadline_at: Date | null;
  evaluated_at: Date;
}

/**
 * Stores evaluations and records a transition for each entity and period whose status changed
 * (or that is evaluated for the first time), in one statement. An evaluation older than the
 * stored one is ignored, so a slow pass never overwrites a newer verdict. The caller holds the
 * readiness lock, so two replicas never record the same transition twice.
 */
export async function storeEvaluations(
  m: EntityManager,
  rows: readonly EvaluatedReadiness[],
): Promise<{ entity: string; period: string; from: ReadinessStatus | null; to: ReadinessStatus }[]> {
  if (!rows.length) return [];
  return m.query(
    `with x as (
       select * from jsonb_to_recordset($1::jsonb) as x(entity text, period text, status text, reasons jsonb, "deadlineAt" timestamptz, "evaluatedAt" timestamptz)
     ),
     prev as (
       select c.entity, c.period, c.status, c.evaluated_at from close_readiness c join x using (entity, period)
     ),
     fresh as (
       select x.* from x left join prev using (entity, period) where prev.evaluated_at is null or prev.evaluated_at <= x."evaluatedAt"
     ),
     up as (
       insert into close_readiness as c (entity, period, status, since, reasons, deadline_at, evaluated_at)
       select entity, period, status, "evaluatedAt", reasons, "deadlineAt", "evaluatedAt" from fresh
       on conflict (entity, period) do update set
              since = case when c.status = excluded.status then c.since else excluded.evaluated_at end,
              status = excluded.status, reasons = excluded.reasons, deadline_at = excluded.deadline_at, evaluated_at = excluded.evaluated_at
       returning c.entity
     ),
     moved as (
       insert into close_readiness_history (entity, period, from_status, to_status, at, reasons)
       select f.entity, f.period, p.status, f.status, f."evaluatedAt", f.reasons
         from fresh f left join prev p using (entity, period)
        where p.status is distinct from f.status
       returning entity, period, from_status, to_status
     )
     select entity, period, from_status as "from", to_status as "to" from moved`,
    [JSON.stringify(rows.map((r) => ({ ...r, deadlineAt: r.deadlineAt?.toISOString() ?? null, evaluatedAt: r.evaluatedAt.toISOString() })))],
  );
}

/** Takes the readiness lock for the caller's transaction (one recording at a time across replicas). */
export async function lockReadiness(m: EntityManager): Promise<void> {
  await m.query(`select pg_advisory_xact_lock(hashtextextended('closewatch:readiness', 0))`);
}

export async function readStored(m: EntityManager, entity: string, period: string): Promise<StoredReadiness | undefined> {
  const [row]: StoredReadiness[] = await m.query(
    `select entity, period, status, since, reasons, deadline_at, evaluated_at from close_readiness where entity = $1 and period = $2`,
    [entity, period],
  );
  return row;
}

/** Stored verdicts, newest period first then by entity, after the cursor (period, entity). */
export async function listStored(
  m: EntityManager,
  f: { period?: string; entity?: string; status?: ReadinessStatus; periods?: readonly string[]; after?: { period: string; entity: string }; limit: number },
): Promise<StoredReadiness[]> {
  return m.query(
    `select entity, period, status, since, reasons, deadline_at, evaluated_at from close_readiness
      where ($1::text is null or period = $1) and ($2::text is null or entity = $2) and ($3::text is null or status = $3)
        and ($4::text[] is null or period = any($4::text[]))
        and ($5::text is null or period < $5 or (period = $5 and entity collate "C" > $6::text))
      order by period desc, entity collate "C" limit $7`,
    [f.period ?? null, f.entity ?? null, f.status ?? null, f.periods ?? null, f.after?.period ?? null, f.after?.entity ?? null, f.limit],
  );
}

export interface TransitionRow {
  id: string;
  entity: string;
  period: string;
  from_status: ReadinessStatus | null;
  to_status: ReadinessStatus;
  at: Date;
  reasons: ReadinessReasonDto[];
}

export async function listTransitions(m: EntityManager, f: { entity?: string; period?: string; beforeId?: string; limit: number }): Promise<TransitionRow[]> {
  return m.query(
    `select id::text, entity, period, from_status, to_status, at, reasons from close_readiness_history
      where ($1::text is null or entity = $1) and ($2::text is null or period = $2) and ($3::bigint is null or id < $3::bigint)
      order by close_readiness_history.id desc limit $4`,
    [f.entity ?? null, f.period ?? null, f.beforeId ?? null, f.limit],
  );
}

export interface GateCallRow {
  id: string;
  at: Date;
  caller_kind: 'user' | 'ingest';
  caller_id: string | null;
  caller_name: string;
  entity: string;
  period: string;
  status: ReadinessStatus;
  evaluated_at: Date;
}

export async function insertGateCall(m: EntityManager, c: Omit<GateCallRow, 'id'>): Promise<void> {
  await m.query(
    `insert into close_gate_calls (at, caller_kind, caller_id, caller_name, entity, period, status, evaluated_at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.at, c.caller_kind, c.caller_id, c.caller_name, c.entity, c.period, c.status, c.evaluated_at],
  );
}

export async function listGateCalls(m: EntityManager, f: { entity?: string; period?: string; beforeId?: string; limit: number }): Promise<GateCallRow[]> {
  return m.query(
    `select id::text, at, caller_kind, caller_id, caller_name, entity, period, status, evaluated_at from close_gate_calls
      where ($1::text is null or entity = $1) and ($2::text is null or period = $2) and ($3::bigint is null or id < $3::bigint)
      order by close_gate_calls.id desc limit $4`,
    [f.entity ?? null, f.period ?? null, f.beforeId ?? null, f.limit],
  );
}

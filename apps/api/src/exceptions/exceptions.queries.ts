import { type EntityManager } from 'typeorm';
import { type ImpactArea } from '@closewatch/contracts/catalog';
import { type ExceptionStatus, type ResolutionCode, type Severity } from '@closewatch/contracts/exceptions';
import { type Role } from '@closewatch/contracts/roles';
import { isUuid } from '../common/uuid';
import { returnedRows } from '../common/query-records';
import { AGE_BUCKET_BOUNDS } from './age-bucket';
import { type Actor, type HistoryEntry, type HistoryRow } from './exception-history';
import {
  ageBucketIndexExpression,
  applyCursor,
  applyExceptionFilters,
  type ExceptionFilters,
  orderByOf,
  sortKeyColumn,
  type SortSpec,
} from './exception-list-sql';
import { type ExceptionRow } from './exception-row';
import { type ExceptionWrite, type ExistingException } from './intake-plan';
import { type FlowImpact } from './severity';
import { type MaterialChange, type RecomputeCandidate, type SeverityRaise } from './severity-recompute';
import { SqlParams } from '../common/sql-params';

/*
 * The SQL of the exceptions feature: every statement on the exceptions, their history and
 * comments, and what the feature reads of the flows and users. Services call these; the list's
 * filter, sort and cursor fragments are built by exception-list-sql.ts.
 */

/** Anything that runs a statement: an EntityManager, a DataSource. */
export type Queryable = Pick<EntityManager, 'query'>;

/** The id and fingerprint of a written exception. */
export interface WrittenException {
  id: string;
  fingerprint: string;
}

// ---------------------------------------------------------------------------------------------
// Intake
// ---------------------------------------------------------------------------------------------

/** Serialises intake per fingerprint (sorted, so concurrent batches never wait on each other in a cycle). */
export async function lockFingerprints(m: EntityManager, fingerprints: readonly string[]): Promise<void> {
  await m.query(`select pg_advisory_xact_lock(k) from (select distinct hashtextextended(f, 0) as k from unnest($1::text[]) f order by k) s`, [fingerprints]);
}

/** The fingerprints that have an exception, without locking it. */
export async function existingFingerprints(m: EntityManager, fingerprints: readonly string[]): Promise<Set<string>> {
  const rows: { fingerprint: string }[] = await m.query(`select fingerprint from exceptions where fingerprint = any($1::text[])`, [fingerprints]);
  return new Set(rows.map((r) => r.fingerprint));
}

/** The exceptions with these fingerprints, locked in id order. */
export function lockExceptionsByFingerprint(m: EntityManager, fingerprints: readonly string[]): Promise<ExistingException[]> {
  return m.query(
    `select id, fingerprint, status, severity, resolution_code, assignee_id, dismissal_requested_by, dismissal_approved_by,
            amount_at_risk::text as amount_at_risk, currency, entity, period, close_deadline, opened_at, incident_id
       from exceptions where fingerprint = any($1::text[]) order by id for no key update`,
    [fingerprints],
  );
}

const WRITE_COLUMNS = `fingerprint text, type text, flow_id text, record_key text, run_id text, cause text, title text, detail text,
      context jsonb, status text, severity text, severity_reasons text[], material boolean, amount_at_risk text, currency text, entity text, period text,
      close_deadline text, occurrences bigint, first_seen_at text, last_seen_at text, opened_at text, sla_due_at text, reopen boolean`;

/** The workflow fields a reopen clears. */
const CLEARED_ON_REOPEN = [
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

/** Writes the planned state of known exceptions (locked by the caller), adding their occurrences to the stored count. */
export async function updateKnownExceptions(m: EntityManager, rows: readonly ExceptionWrite[], now: Date): Promise<WrittenException[]> {
  if (!rows.length) return [];
  return returnedRows(
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
              material = x.material,
              amount_at_risk = x.amount_at_risk::numeric,
              currency = x.currency,
              entity = x.entity,
              period = x.period,
              close_deadline = x.close_deadline::timestamptz,
              opened_at = x.opened_at::timestamptz,
              sla_due_at = x.sla_due_at::timestamptz,
              ${CLEARED_ON_REOPEN.join(',\n              ')},
              updated_at = $2
         from jsonb_to_recordset($1::jsonb) as x(${WRITE_COLUMNS})
        where e.fingerprint = x.fingerprint
       returning e.id, e.fingerprint`,
      [JSON.stringify(rows), now],
    ),
  );
}

/**
 * Inserts new exceptions, with their incidents. The caller's advisory locks mean no one else
 * inserts these fingerprints meanwhile; the unique constraint with ON CONFLICT is the database's
 * guarantee that a duplicate row cannot exist.
 */
export async function insertNewExceptions(m: EntityManager, rows: readonly ExceptionWrite[], now: Date): Promise<WrittenException[]> {
  if (!rows.length) return [];
  return m.query(
    `insert into exceptions as e (fingerprint, type, flow_id, record_key, run_id, cause, title, detail, context, status, severity,
            severity_reasons, material, amount_at_risk, currency, entity, period, close_deadline, occurrences, first_seen_at, last_seen_at, opened_at,
            sla_due_at, incident_id, updated_at)
     select x.fingerprint, x.type, x.flow_id, x.record_key, x.run_id, x.cause, x.title, x.detail, coalesce(x.context, '{}'), 'open',
            x.severity, x.severity_reasons, x.material, x.amount_at_risk::numeric, x.currency, x.entity, x.period, x.close_deadline::timestamptz,
            x.occurrences, x.first_seen_at::timestamptz, x.last_seen_at::timestamptz, x.opened_at::timestamptz, x.sla_due_at::timestamptz,
            x.incident_id, $2
       from jsonb_to_recordset($1::jsonb) as x(${WRITE_COLUMNS}, incident_id uuid)
      order by x.fingerprint
     on conflict on constraint exceptions_fingerprint_key do update set
            occurrences = e.occurrences + excluded.occurrences,
            first_seen_at = least(e.first_seen_at, excluded.first_seen_at),
            last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at),
            updated_at = excluded.updated_at
     returning e.id, e.fingerprint`,
    [JSON.stringify(rows), now],
  );
}

// ---------------------------------------------------------------------------------------------
// Auto-resolve
// ---------------------------------------------------------------------------------------------

/** A type and flow narrowed by the other fields (null: any), as autoResolve matches them. */
export interface ExceptionFieldMatch {
  type: string;
  flow: string;
  record_key: string | null;
  run_id: string | null;
  cause: string | null;
  entity: string | null;
  period: string | null;
}

/** The ids of unresolved exceptions with one of the fingerprints or matching one of the field matches (not locked). */
export function findUnresolved(m: EntityManager, fingerprints: readonly string[], fieldMatches: readonly ExceptionFieldMatch[]): Promise<{ id: string }[]> {
  return m.query(
    `select e.id from exceptions e where e.status in ('open', 'acknowledged') and e.fingerprint = any($1::text[])
     union
     select e.id from exceptions e
       join jsonb_to_recordset($2::jsonb) as x(type text, flow text, record_key text, run_id text, cause text, entity text, period text)
         on e.flow_id = x.flow and e.type = x.type
        and (x.record_key is null or e.record_key = x.record_key) and (x.run_id is null or e.run_id = x.run_id)
        and (x.cause is null or e.cause = x.cause) and (x.entity is null or e.entity = x.entity) and (x.period is null or e.period = x.period)
      where e.status in ('open', 'acknowledged')`,
    [fingerprints, JSON.stringify(fieldMatches)],
  );
}

/** Locks those of the exceptions that are still unresolved, in id order. */
export function lockUnresolved(m: EntityManager, ids: readonly string[]): Promise<{ id: string; status: ExceptionStatus; incident_id: string | null }[]> {
  return m.query(
    `select id, status, incident_id from exceptions where id = any($1::uuid[]) and status in ('open', 'acknowledged') order by id for no key update`,
    [ids],
  );
}

/** Resolves the exceptions as `auto_resolved` with the reason, dropping a pending dismissal. */
export async function markAutoResolved(m: EntityManager, ids: readonly string[], reason: string, now: Date): Promise<void> {
  await m.query(
    `update exceptions set status = 'resolved', resolution_code = 'auto_resolved', resolution_note = $2, resolved_at = $3, resolved_by = null,
            closed_at = $3, dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null, updated_at = $3
      where id = any($1::uuid[])`,
    [ids, reason, now],
  );
}

/** Resolves the exceptions with a resolution code and a note each (a replay's: `replayed`, naming its request). */
export async function markResolvedAs(m: EntityManager, rows: readonly { id: string; note: string }[], code: ResolutionCode, now: Date): Promise<void> {
  await m.query(
    `update exceptions e set status = 'resolved', resolution_code = $2, resolution_note = x.note, resolved_at = $3, resolved_by = null,
            closed_at = $3, dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null, updated_at = $3
       from jsonb_to_recordset($1::jsonb) as x(id uuid, note text)
      where e.id = x.id`,
    [JSON.stringify(rows), code, now],
  );
}

// ---------------------------------------------------------------------------------------------
// History, flows
// ---------------------------------------------------------------------------------------------

/** Appends transitions to the history (one statement for any number of them). */
export async function appendHistory(m: EntityManager, actor: Actor, at: Date, entries: readonly HistoryEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({
    exception_id: e.exceptionId,
    action: e.action,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    reason: e.reason ?? null,
    details: e.details ?? null,
  }));
  await m.query(
    `insert into exception_history (exception_id, at, action, actor_id, actor_label, from_status, to_status, reason, details)
     select h.exception_id, $2, h.action, $3, $4, h.from_status, h.to_status, h.reason, h.details
       from jsonb_to_recordset($1::jsonb) as h(exception_id uuid, action text, from_status text, to_status text, reason text, details jsonb)`,
    [JSON.stringify(rows), at, actor.kind === 'user' ? actor.id : null, actor.kind === 'user' ? actor.email : actor.name],
  );
}

/**
 * The finance impact of flows, read straight from the `flows` table (the catalog feature owns
 * it; exceptions only read materiality, impacts and board metrics). Flows not in the catalog are
 * absent from the map returned.
 */
export async function loadFlowImpacts(m: Queryable, flowIds: readonly string[]): Promise<Map<string, FlowImpact>> {
  const ids = [...new Set(flowIds)];
  const out = new Map<string, FlowImpact>();
  if (!ids.length) return out;
  const rows: { id: string; materiality_amount: string | null; materiality_currency: string | null; impacts: ImpactArea[]; board_metrics: string[] }[] =
    await m.query(
      `select id, materiality_amount::text as materiality_amount, trim(materiality_currency) as materiality_currency, impacts, board_metrics
         from flows where id = any($1::text[])`,
      [ids],
    );
  for (const r of rows) {
    out.set(r.id, {
      materiality: r.materiality_amount !== null && r.materiality_currency !== null ? { amount: r.materiality_amount, currency: r.materiality_currency } : null,
      impacts: r.impacts,
      boardMetrics: r.board_metrics,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workflow
// ---------------------------------------------------------------------------------------------

/** What the workflow decides on and writes back, of an exception it changes. */
export interface WorkflowRow {
  id: string;
  flow_id: string;
  status: ExceptionStatus;
  resolution_code: ResolutionCode | null;
  assignee_id: string | null;
  dismissal_reason: string | null;
  dismissal_requested_by: string | null;
  dismissal_approved_by: string | null;
  amount_at_risk: string | null;
  currency: string | null;
  incident_id: string | null;
}

const WORKFLOW_COLUMNS = `id, flow_id, status, resolution_code, assignee_id, dismissal_reason, dismissal_requested_by, dismissal_approved_by,
  amount_at_risk::text as amount_at_risk, currency, incident_id`;

/** Locks one exception for a transition. */
export async function lockForWorkflow(m: EntityManager, id: string): Promise<WorkflowRow | undefined> {
  const rows: WorkflowRow[] = await m.query(`select ${WORKFLOW_COLUMNS} from exceptions where id = $1 for no key update`, [id]);
  return rows[0];
}

/** Locks exceptions for a bulk transition, in id order. */
export function lockManyForWorkflow(m: EntityManager, ids: readonly string[]): Promise<WorkflowRow[]> {
  return m.query(`select ${WORKFLOW_COLUMNS} from exceptions where id = any($1::uuid[]) order by id for no key update`, [ids]);
}

/** Locks the open exceptions of an incident (id order), for acknowledging the incident. */
export function lockOpenOfIncident(m: EntityManager, incidentId: string): Promise<WorkflowRow[]> {
  return m.query(`select ${WORKFLOW_COLUMNS} from exceptions where incident_id = $1 and status = 'open' order by id for no key update`, [incidentId]);
}

/** What each transition a person makes sets: `$1` the ids, `$2` now, `$3` … its own values. */
const TRANSITION_ASSIGNMENTS = {
  assign: 'assignee_id = $3',
  acknowledge: `status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3`,
  resolve: `status = 'resolved', resolved_at = $2, resolved_by = $3, resolution_code = $4, resolution_note = $5, closed_at = $2,
           dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null`,
  requestDismissal: `dismissal_reason = $3, dismissal_requested_at = $2, dismissal_requested_by = $4`,
  dismiss: `status = 'dismissed', dismissal_reason = $3, dismissal_requested_at = $2, dismissal_requested_by = $4,
           dismissal_approved_at = null, dismissal_approved_by = null, dismissed_at = $2, closed_at = $2`,
  approveDismissal: `status = 'dismissed', dismissal_approved_at = $2, dismissal_approved_by = $3, dismissed_at = $2, closed_at = $2`,
  rejectDismissal: `dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null`,
  // The SLA clock restarts with the hours of the exception's severity ($3 … $6: critical … low).
  reopen: `status = 'open', opened_at = $2,
           sla_due_at = $2::timestamptz + (case severity when 'critical' then $3::float8 when 'high' then $4::float8 when 'medium' then $5::float8 else $6::float8 end) * interval '1 hour',
           acknowledged_at = null, acknowledged_by = null, resolved_at = null, resolved_by = null, resolution_code = null, resolution_note = null,
           dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null, dismissal_approved_at = null,
           dismissal_approved_by = null, dismissed_at = null, closed_at = null`,
} as const;

export type Transition = keyof typeof TRANSITION_ASSIGNMENTS;

/** Writes one transition to the exceptions. */
export async function setTransition(m: EntityManager, ids: readonly string[], now: Date, transition: Transition, values: unknown[] = []): Promise<void> {
  await m.query(`update exceptions set ${TRANSITION_ASSIGNMENTS[transition]}, updated_at = $2 where id = any($1::uuid[])`, [ids, now, ...values]);
}

/** Adds a comment to an exception; returns nothing when there is no such exception. */
export async function insertComment(
  m: Queryable,
  c: { exceptionId: string; authorId: string; authorLabel: string; text: string; at: Date },
): Promise<{ id: string; created_at: Date } | undefined> {
  const rows: { id: string; created_at: Date }[] = await m.query(
    `insert into exception_comments (exception_id, author_id, author_label, text, created_at)
     select e.id, $2, $3, $4, $5 from exceptions e where e.id = $1
     returning id::text, created_at`,
    [c.exceptionId, c.authorId, c.authorLabel, c.text, c.at],
  );
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** The users behind an exception `e`, for EXCEPTION_COLUMNS. */
const EXCEPTION_USER_JOINS = `
  left join users ua on ua.id = e.assignee_id
  left join users uk on uk.id = e.acknowledged_by
  left join users ur on ur.id = e.resolved_by
  left join users uq on uq.id = e.dismissal_requested_by
  left join users up on up.id = e.dismissal_approved_by`;

/** The columns of an ExceptionRow (alias `e`), with the users behind it (EXCEPTION_USER_JOINS). */
const EXCEPTION_COLUMNS = `
  e.id, e.type, e.flow_id, e.record_key, e.run_id, e.cause, e.title, e.detail, e.status, e.severity,
  e.amount_at_risk::text as amount_at_risk, e.currency, e.entity, e.period, e.occurrences::text as occurrences,
  e.first_seen_at, e.last_seen_at, e.sla_due_at, e.closed_at, e.incident_id,
  e.assignee_id, ua.email as assignee_email, ua.name as assignee_name,
  e.acknowledged_at, e.acknowledged_by, uk.email as acknowledged_by_email,
  e.resolved_at, e.resolved_by, ur.email as resolved_by_email, e.resolution_code, e.resolution_note,
  e.dismissal_reason, e.dismissal_requested_at, e.dismissal_requested_by, uq.email as dismissal_requested_by_email,
  e.dismissal_approved_at, e.dismissal_approved_by, up.email as dismissal_approved_by_email, e.dismissed_at`;

const EXCEPTION_FROM = `
  from exceptions e ${EXCEPTION_USER_JOINS}`;

export type SortedExceptionRow = ExceptionRow & { sort_key: string };

/**
 * One page in two steps: the page's ids and sort keys from `exceptions` alone, which an index
 * serves (index-only where it covers the filters: a record-key search, the unresolved queue
 * with age or overdue filters), then those rows with their users. Joining the users first
 * would join every candidate row before the limit.
 */
export function exceptionPage(
  m: Queryable,
  filters: ExceptionFilters,
  sort: SortSpec,
  cursor: string | undefined,
  limit: number,
  now: Date,
): Promise<SortedExceptionRow[]> {
  const p = applyExceptionFilters(new SqlParams(), filters, now);
  applyCursor(p, sort, cursor);
  const orderBy = orderByOf(sort);
  return m.query(
    `select ${EXCEPTION_COLUMNS}, k.sort_key
       from (select e.id, ${sortKeyColumn(sort)} from exceptions e ${p.where()} ${orderBy} limit ${p.add(limit)}) k
       join exceptions e on e.id = k.id ${EXCEPTION_USER_JOINS}
      ${orderBy}`,
    p.values,
  );
}

export type ExceptionDetailRow = ExceptionRow & { context: Record<string, unknown>; severity_reasons: string[]; close_deadline: Date | null };
export interface CommentRow {
  id: string;
  created_at: Date;
  author_id: string;
  author_label: string;
  text: string;
}

/** One exception with what its detail shows, then its history and its comments (two statements at once). */
export async function exceptionDetail(
  m: Queryable,
  id: string,
): Promise<{ row: ExceptionDetailRow; history: HistoryRow[]; comments: CommentRow[] } | undefined> {
  const rows: ExceptionDetailRow[] = await m.query(
    `select ${EXCEPTION_COLUMNS}, e.context, e.severity_reasons, e.close_deadline ${EXCEPTION_FROM} where e.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const [history, comments]: [HistoryRow[], CommentRow[]] = await Promise.all([historiesOf(m, [id]), commentsOf(m, [id])]);
  return { row, history, comments };
}

/** The history of each of these exceptions, in write order per exception. */
export function historiesOf(m: Queryable, ids: readonly string[]): Promise<(HistoryRow & { exception_id: string })[]> {
  return m.query(
    `select h.exception_id::text as exception_id, h.id::text as id, h.at, h.action, h.actor_id, h.actor_label, h.from_status, h.to_status, h.reason, h.details
       from exception_history h where h.exception_id = any($1::uuid[]) order by h.exception_id, h.id`,
    [ids],
  );
}

/** The comments of each of these exceptions, oldest first per exception. */
export function commentsOf(m: Queryable, ids: readonly string[]): Promise<(CommentRow & { exception_id: string })[]> {
  return m.query(
    `select c.exception_id::text as exception_id, c.id::text as id, c.created_at, c.author_id, c.author_label, c.text
       from exception_comments c where c.exception_id = any($1::uuid[]) order by c.exception_id, c.id`,
    [ids],
  );
}

/** The exceptions with these ids (valid uuids), in no particular order. */
export function exceptionsByIds(m: Queryable, ids: readonly string[]): Promise<ExceptionRow[]> {
  return m.query(`select ${EXCEPTION_COLUMNS} ${EXCEPTION_FROM} where e.id = any($1::uuid[])`, [ids]);
}

/** The most recently seen exceptions of an incident, at most `limit`. */
export function exceptionsOfIncident(m: Queryable, incidentId: string, limit: number): Promise<ExceptionRow[]> {
  return m.query(`select ${EXCEPTION_COLUMNS} ${EXCEPTION_FROM} where e.incident_id = $1 order by e.last_seen_at desc, e.id desc limit $2`, [
    incidentId,
    limit,
  ]);
}

/** One aging row: a severity and currency (or a currency's total), with one element per age bucket. */
export interface AgingRow {
  severity: Severity | null;
  currency: string | null;
  is_total: boolean;
  counts: number[];
  overdue: number[];
  amounts: (string | null)[];
  count: number;
  overdue_count: number;
  amount: string | null;
}

/** Unresolved exceptions matching the filters, counted and summed per severity, currency and age bucket. */
export function agingRows(m: Queryable, filters: ExceptionFilters, now: Date): Promise<AgingRow[]> {
  const p = applyExceptionFilters(new SqlParams(), { ...filters, status: ['open', 'acknowledged'] }, now);
  const nowParam = p.add(now);
  // Grouped by severity and currency (a few dozen groups the planner can hash), with one array
  // element per age bucket: grouping by the bucket expression itself makes the planner expect a
  // group per row and sort them all (docs/benchmarks.md, "Exceptions").
  const perBucket = (aggregate: (bucket: string) => string, type: string) =>
    `array[${AGE_BUCKET_BOUNDS.map((_, k) => aggregate(`b.k = ${k}`)).join(', ')}]::${type}[]`;
  const overdue = `e.sla_due_at < ${nowParam}`;
  return m.query(
    `select e.severity, e.currency, grouping(e.severity) <> 0 as is_total,
            ${perBucket((b) => `count(*) filter (where ${b})`, 'int')} as counts,
            ${perBucket((b) => `count(*) filter (where ${b} and ${overdue})`, 'int')} as overdue,
            ${perBucket((b) => `sum(e.amount_at_risk) filter (where ${b})`, 'text')} as amounts,
            count(*)::int as count, count(*) filter (where ${overdue})::int as overdue_count, sum(e.amount_at_risk)::text as amount
       from exceptions e cross join lateral (select ${ageBucketIndexExpression(nowParam)} as k) b
       ${p.where()}
      group by grouping sets ((e.severity, e.currency), (e.currency))`,
    p.values,
  );
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
}

/** A user by id or email (case-insensitive), or undefined. */
export async function findUser(m: Queryable, ref: string): Promise<UserRow | undefined> {
  const rows: UserRow[] = isUuid(ref)
    ? await m.query('select id, email, name, role, disabled_at from users where id = $1::uuid', [ref])
    : await m.query('select id, email, name, role, disabled_at from users where email = lower($1)', [ref]);
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
// Severity recomputation (severity-recompute.ts)
// ---------------------------------------------------------------------------------------------

/** The recomputation's lock, per transaction: one replica recomputes at a time, the others skip. */
export async function tryLockSeverityRecompute(m: EntityManager): Promise<boolean> {
  const [row]: { locked: boolean }[] = await m.query(`select pg_try_advisory_xact_lock(hashtextextended('closewatch:severity-recompute', 0)) as locked`);
  return row?.locked === true;
}

/**
 * Open and acknowledged exceptions with an entity and a period (critical ones too: their
 * materiality may change), after `afterId` in id order, at most `limit`, locked (skipping rows
 * someone holds: the next pass takes them).
 */
export async function lockRecomputeCandidates(m: EntityManager, afterId: string | null, limit: number): Promise<RecomputeCandidate[]> {
  return m.query(
    `select id, type, flow_id, status, severity, coalesce(material, false) as material, amount_at_risk::text as amount_at_risk, currency, entity, period,
            close_deadline, opened_at, incident_id
       from exceptions
      where status in ('open', 'acknowledged') and entity is not null and period is not null
        and ($1::uuid is null or id > $1::uuid)
      order by id limit $2
        for update skip locked`,
    [afterId, limit],
  );
}

/** Writes changed materiality (what blocks a close). */
export async function writeMaterialChanges(m: EntityManager, changes: readonly MaterialChange[], now: Date): Promise<void> {
  if (!changes.length) return;
  await m.query(
    `update exceptions e set material = x.material, updated_at = $2
       from jsonb_to_recordset($1::jsonb) as x(id uuid, material boolean)
      where e.id = x.id`,
    [JSON.stringify(changes), now],
  );
}

/** Writes raised severities (their reasons, close deadline and SLA due time). */
export async function writeSeverityRaises(m: EntityManager, raises: readonly SeverityRaise[], now: Date): Promise<void> {
  if (!raises.length) return;
  await m.query(
    `update exceptions e set severity = x.severity, severity_reasons = x.severity_reasons, close_deadline = coalesce(x.close_deadline::timestamptz, e.close_deadline),
            sla_due_at = x.sla_due_at::timestamptz, updated_at = $2
       from jsonb_to_recordset($1::jsonb) as x(id uuid, severity text, severity_reasons text[], close_deadline text, sla_due_at text)
      where e.id = x.id`,
    [JSON.stringify(raises), now],
  );
}

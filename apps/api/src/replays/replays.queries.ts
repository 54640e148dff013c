import { type EntityManager } from 'typeorm';
import { type ReplayOutcomeSource, type ReplayStatus } from '@closewatch/contracts/replays';
import { returnedRows } from '../common/query-records';
import { SqlParams } from '../common/sql-params';
import { type ReplayCandidate, REPLAY_ID_ATTRIBUTE } from './replay-rules';

type Queryable = Pick<EntityManager, 'query'>;

export interface ReplayRow {
  id: string;
  exception_id: string;
  incident_id: string | null;
  flow_id: string;
  record_key: string;
  record_type: string | null;
  status: ReplayStatus;
  receiver: string;
  requested_by: string | null;
  requested_by_email: string;
  requested_at: Date;
  expires_at: Date;
  note: string | null;
  sent_at: Date | null;
  outcome_at: Date | null;
  outcome_source: ReplayOutcomeSource | null;
  outcome_message: string | null;
  outcome_hop_id: string | null;
  attempts: number;
  approval_batch_id: string | null;
  decision: 'approved' | 'rejected' | null;
  decided_by: string | null;
  decided_by_email: string | null;
  decided_at: Date | null;
}

const COLUMNS = `r.id, r.exception_id, r.incident_id, r.flow_id, r.record_key, r.record_type, r.status, r.receiver, r.requested_by, r.requested_by_email,
  r.requested_at, r.expires_at, r.note, r.sent_at, r.outcome_at, r.outcome_source, r.outcome_message, r.outcome_hop_id::text as outcome_hop_id,
  r.approval_batch_id, r.decision, r.decided_by, r.decided_by_email, r.decided_at,
  coalesce((select n.attempts from alert_notifications n where n.id = r.notification_id), 0) as attempts`;

export type CandidateRow = ReplayCandidate & { incident_id: string | null; amount_at_risk: string | null; currency: string | null };

const CANDIDATE = `select e.id, e.type, e.status, e.flow_id, e.record_key, e.incident_id, e.amount_at_risk::text as amount_at_risk, trim(e.currency) as currency,
       (select a.id from replay_requests a where a.exception_id = e.id and a.status in ('pending_approval', 'requested', 'sent')) as active_request_id
  from exceptions e`;

/** The exception, locked so two requests for it cannot race (the unique active index is the last word). */
export async function lockCandidate(m: Queryable, id: string): Promise<CandidateRow | undefined> {
  const rows = returnedRows<CandidateRow>(await m.query(`${CANDIDATE} where e.id = $1 for no key update of e`, [id]));
  return rows[0];
}

/** The unresolved exceptions of an incident, in id order; locked unless `lock` is false (a preview). */
export function incidentCandidates(m: Queryable, incidentId: string, lock = true): Promise<CandidateRow[]> {
  return m.query(`${CANDIDATE} where e.incident_id = $1 and e.status in ('open', 'acknowledged') order by e.id ${lock ? 'for no key update of e' : ''}`, [
    incidentId,
  ]);
}

export async function incidentExists(m: Queryable, id: string): Promise<boolean> {
  return returnedRows(await m.query(`select 1 from incidents where id = $1`, [id])).length > 0;
}

/** The kinds of the named alert receivers. */
export async function receiverKinds(m: Queryable, names: readonly string[]): Promise<Map<string, string>> {
  const rows = returnedRows<{ name: string; kind: string }>(await m.query(`select name, kind from alert_receivers where name = any($1::text[])`, [names]));
  return new Map(rows.map((r) => [r.name, r.kind]));
}

export interface LastHop {
  system: string | null;
  stage: string | null;
  error: string | null;
  record_type: string | null;
}

/** The latest hop of the record in the flow (by the record-key index): what the middleware is told failed. */
export async function lastHop(m: Queryable, flowId: string, recordKey: string): Promise<LastHop> {
  const [row] = returnedRows<LastHop>(
    await m.query(
      `select system, stage, coalesce(error_message, error_code, error_class) as error, record_type
         from hops where record_key = $1 and flow_id = $2 order by occurred_at desc, id desc limit 1`,
      [recordKey, flowId],
    ),
  );
  return row ?? { system: null, stage: null, error: null, record_type: null };
}

export interface NewReplay {
  id: string;
  exceptionId: string;
  incidentId: string | null;
  flowId: string;
  recordKey: string;
  recordType: string | null;
  receiver: string;
  requestedBy: string | null;
  requestedByEmail: string;
  requestedAt: Date;
  expiresAt: Date;
  note: string | null;
  /** Set when the request waits for a second person's approval (status `pending_approval`). */
  approvalBatchId: string | null;
}

export async function insertReplay(m: Queryable, r: NewReplay): Promise<void> {
  await m.query(
    `insert into replay_requests (id, exception_id, incident_id, flow_id, record_key, record_type, status, receiver, requested_by, requested_by_email,
                                  requested_at, expires_at, note, approval_batch_id)
     values ($1, $2, $3, $4, $5, $6, case when $13::uuid is null then 'requested' else 'pending_approval' end, $7, $8, $9, $10, $11, $12, $13)`,
    [
      r.id,
      r.exceptionId,
      r.incidentId,
      r.flowId,
      r.recordKey,
      r.recordType,
      r.receiver,
      r.requestedBy,
      r.requestedByEmail,
      r.requestedAt,
      r.expiresAt,
      r.note,
      r.approvalBatchId,
    ],
  );
}

export async function setNotification(m: Queryable, id: string, notificationId: string): Promise<void> {
  await m.query(`update replay_requests set notification_id = $2 where id = $1`, [id, notificationId]);
}

/** The batch of the request that still waits for approval, locked; empty when none of it waits. */
export function lockPendingBatch(m: Queryable, id: string): Promise<ReplayRow[]> {
  return m.query(
    `select ${COLUMNS} from replay_requests r
      where r.approval_batch_id = (select approval_batch_id from replay_requests where id = $1) and r.status = 'pending_approval'
      order by r.id for update of r`,
    [id],
  );
}

/** Records the decision on waiting requests: approved ones become `requested` (expiring from now), rejected ones `rejected`. */
export async function decide(
  m: Queryable,
  ids: readonly string[],
  d: { decision: 'approved' | 'rejected'; by: string; email: string; at: Date; expiresAt: Date },
): Promise<void> {
  await m.query(
    `update replay_requests set status = case when $2 = 'approved' then 'requested' else 'rejected' end, decision = $2,
            decided_by = $3, decided_by_email = $4, decided_at = $5, expires_at = case when $2 = 'approved' then $6 else expires_at end
      where id = any($1::uuid[]) and status = 'pending_approval'`,
    [ids, d.decision, d.by, d.email, d.at, d.expiresAt],
  );
}

export function replaysByIds(m: Queryable, ids: readonly string[]): Promise<ReplayRow[]> {
  return m.query(`select ${COLUMNS} from replay_requests r where r.id = any($1::uuid[]) order by r.requested_at desc, r.id desc`, [ids]);
}

export interface ReplayListFilters {
  flow?: string;
  status?: ReplayStatus[];
  exceptionId?: string;
  recordKey?: string;
  /** The requester's email, lower case. */
  requestedBy?: string;
  from?: string;
  to?: string;
}

export function listReplays(m: Queryable, f: ReplayListFilters & { after?: { at: string; id: string }; limit: number }): Promise<ReplayRow[]> {
  const p = new SqlParams()
    .filter(f.flow, (x) => `r.flow_id = ${x}`)
    .filter(f.status, (x) => `r.status = any(${x}::text[])`)
    .filter(f.exceptionId, (x) => `r.exception_id = ${x}::uuid`)
    .filter(f.recordKey, (x) => `r.record_key = ${x}`)
    .filter(f.requestedBy, (x) => `lower(r.requested_by_email) = ${x}`)
    .filter(f.from, (x) => `r.requested_at >= ${x}::timestamptz`)
    .filter(f.to, (x) => `r.requested_at < ${x}::timestamptz`);
  if (f.after) p.always(`(r.requested_at, r.id) < (${p.add(f.after.at)}::timestamptz, ${p.add(f.after.id)}::uuid)`);
  return m.query(`select ${COLUMNS} from replay_requests r ${p.where()} order by r.requested_at desc, r.id desc limit ${p.add(f.limit)}`, p.values);
}

/** Moves waiting requests to an outcome; only those still waiting move. Answers those that did. */
export async function settle(
  m: Queryable,
  items: readonly { id: string; status: 'succeeded' | 'failed' | 'expired'; source: ReplayOutcomeSource; message: string | null; hopId: string | null }[],
  now: Date,
): Promise<{ id: string; exception_id: string; status: ReplayStatus }[]> {
  if (!items.length) return [];
  return returnedRows(
    await m.query(
      `update replay_requests r set status = x.status, outcome_at = $2, outcome_source = x.source, outcome_message = x.message, outcome_hop_id = x."hopId"
         from jsonb_to_recordset($1::jsonb) as x(id uuid, status text, source text, message text, "hopId" bigint)
        where r.id = x.id and r.status in ('requested', 'sent')
        returning r.id, r.exception_id, r.status`,
      [JSON.stringify(items), now],
    ),
  );
}

/** A request moves to `sent` when its delivery got a 2xx (only from `requested`: an outcome seen first stays). */
export async function markSent(m: Queryable, items: readonly { id: string; at: Date }[]): Promise<{ id: string; exception_id: string }[]> {
  if (!items.length) return [];
  return returnedRows(
    await m.query(
      `update replay_requests r set status = 'sent', sent_at = x.at
         from jsonb_to_recordset($1::jsonb) as x(id uuid, at timestamptz)
        where r.id = x.id and r.status = 'requested'
       returning r.id, r.exception_id`,
      [JSON.stringify(items)],
    ),
  );
}

export interface DecisiveHop {
  id: string;
  exception_id: string;
  hop_id: string;
  stage: string;
  status: string;
  error: string | null;
}

/**
 * For each waiting request, the latest hop of its record in its flow that decides it: a posting
 * at or after the request, or a failure after it (any hop naming the request in
 * `finance.replay.id` counts whenever it happened). One indexed lookup per waiting request.
 */
export function decisiveHops(m: Queryable, limit: number): Promise<DecisiveHop[]> {
  return m.query(
    `select r.id, r.exception_id, d.id::text as hop_id, d.stage, d.status, d.error
       from replay_requests r
       cross join lateral (
         select h.id, h.stage, h.status, coalesce(h.error_message, h.error_code, h.error_class) as error
           from hops h
          where h.record_key = r.record_key and h.flow_id = r.flow_id
            and ((h.stage = 'posted' and h.status = 'ok') or h.stage in ('failed', 'dead_lettered') or h.status = 'error')
            and (h.attributes ->> '${REPLAY_ID_ATTRIBUTE}' = r.id::text
                 or (h.stage = 'posted' and h.status = 'ok' and h.occurred_at >= r.requested_at)
                 or h.occurred_at > r.requested_at)
          order by h.occurred_at desc, h.id desc
          limit 1) d
      where r.status in ('requested', 'sent')
      order by r.requested_at
      limit $1`,
    [limit],
  );
}

/** Waiting requests past their expiry at `now`. */
export function dueForExpiry(m: Queryable, now: Date, limit: number): Promise<{ id: string }[]> {
  return m.query(`select id from replay_requests where status in ('requested', 'sent') and expires_at <= $1 order by expires_at limit $2`, [now, limit]);
}

/** The replay pass lock, per transaction: across replicas one pass works at a time, the others skip. */
export async function tryReplayLock(m: Queryable): Promise<boolean> {
  const [row] = returnedRows<{ locked: boolean }>(await m.query(`select pg_try_advisory_xact_lock(hashtextextended('closewatch:replays', 0)) as locked`));
  return row?.locked === true;
}

/** Requests made in [start, end) of a flow (or all flows), counted per step and current status. */
export async function replayCounts(
  m: Queryable,
  f: { flow?: string; start: Date; end: Date; stepSeconds: number },
): Promise<{ step: number; status: ReplayStatus; count: number }[]> {
  const p = new SqlParams().filter(f.flow, (x) => `r.flow_id = ${x}`);
  const start = p.add(f.start);
  p.always(`r.requested_at >= ${start}::timestamptz and r.requested_at < ${p.add(f.end)}::timestamptz`);
  const rows = returnedRows<{ step: number; status: ReplayStatus; count: string }>(
    await m.query(
      `select floor(extract(epoch from r.requested_at - ${start}::timestamptz) / ${p.add(f.stepSeconds)})::int as step, r.status, count(*) as count
         from replay_requests r ${p.where()}
        group by 1, 2`,
      p.values,
    ),
  );
  return rows.map((r) => ({ step: r.step, status: r.status, count: Number(r.count) }));
}

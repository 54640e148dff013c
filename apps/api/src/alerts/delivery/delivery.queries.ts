import { type EntityManager } from 'typeorm';
import { type DeliveryOutcome, type NotificationAction, type NotificationStatus } from '@closewatch/contracts/alerts';
import { SqlParams } from '../../common/sql-params';
import { returnedRows } from '../../common/query-records';
import { type OpenLineageRunEvent } from '@closewatch/contracts/openlineage';
import { type ReplayWebhookBody } from '@closewatch/contracts/replays';
import { type AlertPayload } from './payloads';
import { type GroupPayload } from './group-message';

type Queryable = Pick<EntityManager, 'query'>;

export interface ClaimedNotification {
  id: string;
  incident_id: string | null;
  replay_request_id: string | null;
  receiver: string;
  action: NotificationAction;
  payload: AlertPayload | GroupPayload | ReplayWebhookBody | OpenLineageRunEvent;
  attempts: number;
  created_at: Date;
}

/**
 * Claims up to `limit` due notifications for `worker` until `leaseUntil` (FOR UPDATE SKIP
 * LOCKED: two workers on any replicas never claim the same one). Only the oldest pending
 * notification of each incident and receiver is claimable, so each receiver gets an incident's
 * notifications one at a time and in order, retries included (a replay request's notification
 * has no incident, so it never waits for another); a group's batch counts for each of its incidents. A claim whose lease ran out (its
 * worker died) is claimed again. The attempt is counted at the claim, which also closes a group
 * batch to newcomers (its body is what this claim sends).
 */
export async function claimDue(m: Queryable, now: Date, worker: string, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  return returnedRows<ClaimedNotification>(
    await m.query(
      `with next as (
         select n.id from alert_notifications n
          where n.status = 'pending' and n.due_at <= $1 and (n.claimed_until is null or n.claimed_until < $1)
            and not exists (select 1 from alert_notifications p
                             where p.incident_id = n.incident_id and p.receiver = n.receiver and p.status = 'pending' and p.seq < n.seq)
            and not exists (select 1 from alert_notifications p
                             where p.group_incident_ids is not null and p.receiver = n.receiver and p.status = 'pending' and p.seq < n.seq
                               and (n.incident_id = any(p.group_incident_ids) or p.group_incident_ids && n.group_incident_ids))
            and (n.group_incident_ids is null or not exists (select 1 from alert_notifications p
                             where p.incident_id = any(n.group_incident_ids) and p.receiver = n.receiver and p.status = 'pending' and p.seq < n.seq))
          order by n.due_at, n.seq
          for update skip locked
          limit $4)
       update alert_notifications n set claimed_until = $3, claimed_by = $2, attempts = n.attempts + 1, batch_open = null
         from next where n.id = next.id
       returning n.id, n.incident_id, n.replay_request_id, n.receiver, n.action, n.payload, n.attempts, n.created_at`,
      [now, worker, leaseUntil, limit],
    ),
  );
}

export type DeliveryResult =
  | { kind: 'delivered'; statusCode: number | null; at: Date }
  | { kind: 'retry'; statusCode: number | null; error: string | null; dueAt: Date }
  | { kind: 'failed'; statusCode: number | null; error: string | null };

/** One try at a notification, for the delivery log. */
export interface AttemptRecord {
  attempt: number;
  attemptedAt: Date;
  latencyMs: number;
}

/** A replay request's delivery that ended (delivered, or failed for good) in a recorded batch. */
export interface EndedReplayDelivery {
  replay_request_id: string;
  status: 'delivered' | 'failed';
  delivered_at: Date | null;
  last_error: string | null;
}

/** A notification whose result was recorded, for the live event. */
export interface RecordedNotification {
  id: string;
  incident_id: string | null;
  group_incident_ids: string[] | null;
  receiver: string;
  action: NotificationAction;
  status: NotificationStatus;
}

/**
 * Records the results of a lane's batch: each attempt in the delivery log (every try that was
 * made, even by a worker whose lease ran out meanwhile), and each notification's new state only
 * while it is still this worker's pending claim. Answers the notifications moved on, and the
 * replay deliveries that ended, for the caller to move their requests on in the same transaction.
 */
export async function recordResults(
  m: Queryable,
  worker: string,
  results: readonly { id: string; result: DeliveryResult; attempt: AttemptRecord }[],
): Promise<{ recorded: RecordedNotification[]; endedReplays: EndedReplayDelivery[] }> {
  if (!results.length) return { recorded: [], endedReplays: [] };
  const rows = results.map(({ id, result: r, attempt: a }) => ({
    id,
    status: r.kind === 'retry' ? 'pending' : r.kind,
    deliveredAt: r.kind === 'delivered' ? r.at : null,
    dueAt: r.kind === 'retry' ? r.dueAt : null,
    statusCode: r.statusCode,
    error: r.kind === 'delivered' ? null : r.error,
    outcome: r.kind,
    attempt: a.attempt,
    attemptedAt: a.attemptedAt,
    latencyMs: a.latencyMs,
  }));
  // One statement (one round trip per lane batch): the attempts, and the notifications moved on.
  const recorded = returnedRows<RecordedNotification & EndedReplayDelivery>(
    await m.query(
      `with u as (select * from jsonb_to_recordset($2::jsonb) as u(id uuid, status text, "deliveredAt" timestamptz, "dueAt" timestamptz, "statusCode" int,
                  error text, outcome text, attempt int, "attemptedAt" timestamptz, "latencyMs" int)),
       logged as (
         insert into alert_delivery_attempts (notification_id, attempt, attempted_at, status_code, latency_ms, outcome, error, next_attempt_at, worker)
         select u.id, u.attempt, u."attemptedAt", u."statusCode", u."latencyMs", u.outcome, u.error, u."dueAt", $1 from u
         on conflict do nothing)
       update alert_notifications n
          set status = u.status, delivered_at = u."deliveredAt", due_at = coalesce(u."dueAt", n.due_at), last_status_code = u."statusCode",
              last_error = u.error, claimed_until = null, claimed_by = null
         from u
        where n.id = u.id and n.claimed_by = $1 and n.status = 'pending'
       returning n.id, n.incident_id, n.group_incident_ids, n.receiver, n.action, n.replay_request_id, n.status, n.delivered_at, n.last_error`,
      [worker, JSON.stringify(rows)],
    ),
  );
  const endedReplays = recorded
    .filter((r) => r.replay_request_id !== null && (r.status === 'delivered' || r.status === 'failed'))
    .map((r) => ({
      replay_request_id: r.replay_request_id,
      status: r.status as 'delivered' | 'failed',
      delivered_at: r.delivered_at,
      last_error: r.last_error,
    }));
  return { recorded, endedReplays };
}

/** Writes a replay request's delivery into the outbox (in the caller's transaction), due now; answers its id, the delivery id. */
export async function insertReplayNotification(
  m: Queryable,
  n: { replayRequestId: string; receiver: string; payload: ReplayWebhookBody; now: Date },
): Promise<string> {
  const [row] = returnedRows<{ id: string }>(
    await m.query(
      `insert into alert_notifications (replay_request_id, receiver, action, status, payload, created_at, due_at)
       values ($1, $2, 'replay', 'pending', $3::jsonb, $4, $4) returning id`,
      [n.replayRequestId, n.receiver, JSON.stringify(n.payload), n.now],
    ),
  );
  return row!.id;
}

/**
 * Writes OpenLineage run events into the outbox, due now, each once: an event whose key is queued
 * already is skipped (the push reads the feed with an overlap). Answers how many were queued.
 */
export async function insertOpenLineageNotifications(m: Queryable, events: readonly { key: string; event: OpenLineageRunEvent }[], now: Date): Promise<number> {
  if (!events.length) return 0;
  const rows = returnedRows<{ id: string }>(
    await m.query(
      `insert into alert_notifications (receiver, action, status, payload, openlineage_key, created_at, due_at)
       select 'openlineage', 'openlineage', 'pending', e.event, e.key, $2, $2
         from jsonb_to_recordset($1::jsonb) as e(key text, event jsonb)
       on conflict (openlineage_key) where openlineage_key is not null do nothing
       returning id`,
      [JSON.stringify(events), now],
    ),
  );
  return rows.length;
}

export interface NotificationRow {
  id: string;
  incident_id: string | null;
  replay_request_id: string | null;
  receiver: string;
  route: string | null;
  action: NotificationAction;
  status: NotificationStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  due_at: Date;
  delivered_at: Date | null;
  group_key: string | null;
  group_incident_ids: string[] | null;
}

const NOTIFICATION_COLUMNS = `id, incident_id, replay_request_id, receiver, route, action, status, attempts, last_status_code, last_error, created_at, due_at,
       delivered_at, group_key, group_incident_ids`;

/** The delivery log, newest first; an incident's log includes the group batches it was sent in. */
export function listNotifications(
  m: Queryable,
  f: { incidentId?: string; receiver?: string; status?: NotificationStatus[]; after?: { createdAt: string; id: string }; limit: number },
): Promise<NotificationRow[]> {
  const p = new SqlParams()
    .filter(f.incidentId, (x) => `(incident_id = ${x}::uuid or group_incident_ids @> array[${x}::uuid])`)
    .filter(f.receiver, (x) => `receiver = ${x}`)
    .filter(f.status, (x) => `status = any(${x}::text[])`);
  if (f.after) p.always(`(created_at, id) < (${p.add(f.after.createdAt)}::timestamptz, ${p.add(f.after.id)}::uuid)`);
  return m.query(`select ${NOTIFICATION_COLUMNS} from alert_notifications ${p.where()} order by created_at desc, id desc limit ${p.add(f.limit)}`, p.values);
}

export async function notificationById(m: Queryable, id: string): Promise<NotificationRow | undefined> {
  const rows: NotificationRow[] = await m.query(`select ${NOTIFICATION_COLUMNS} from alert_notifications where id = $1`, [id]);
  return rows[0];
}

export interface AttemptRow {
  attempt: number;
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  outcome: DeliveryOutcome;
  error: string | null;
  next_attempt_at: Date | null;
}

/** Every recorded try at a notification, oldest first. */
export function attemptsOf(m: Queryable, notificationId: string): Promise<AttemptRow[]> {
  return m.query(
    `select attempt, attempted_at, status_code, latency_ms, outcome, error, next_attempt_at from alert_delivery_attempts where notification_id = $1 order by attempt`,
    [notificationId],
  );
}

import { type EntityManager } from 'typeorm';
import { type AlertMatch, type GroupByKey } from '@closewatch/contracts/alerts';
import { type IncidentStatus, type MoneyDto, type Severity } from '@closewatch/contracts/exceptions';
import { type PlannedNotification, type PlanRoute, type PlanSilence, type StateRow, type StateWrite } from './alert-plan';
import { PAYLOAD_EXCEPTIONS } from './delivery/payloads';
import { type GroupPayload } from './delivery/group-message';
import { returnedRows } from '../common/query-records';
import { type TriggerBatch } from './alert-batches';

/*
 * The SQL of the alerts outbox: what routing reads about incidents (incidents, their flows and
 * exceptions), the states per incident and receiver, and the notifications written in the
 * incident change's own transaction.
 */

type Queryable = Pick<EntityManager, 'query'>;

export interface RouteRow {
  name: string;
  position: number;
  match: AlertMatch;
  receivers: string[];
  continue: boolean;
  group_by: GroupByKey[];
  group_wait_seconds: number;
  group_interval_seconds: number;
  repeat_interval_seconds: number;
  escalation: { afterMinutes: number; receiver: string }[];
  created_at: Date;
  updated_at: Date;
}

export const toPlanRoute = (r: RouteRow): PlanRoute => ({
  name: r.name,
  order: r.position,
  match: r.match,
  receivers: r.receivers,
  continue: r.continue,
  groupBy: r.group_by,
  groupWaitSeconds: r.group_wait_seconds,
  groupIntervalSeconds: r.group_interval_seconds,
  repeatIntervalSeconds: r.repeat_interval_seconds,
  escalation: r.escalation,
});

export function allRoutes(m: Queryable): Promise<RouteRow[]> {
  return m.query(`select * from alert_routes order by position, name`);
}

export interface IncidentFactsRow {
  id: string;
  status: IncidentStatus;
  severity: Severity;
  flow_id: string;
  cause: string | null;
  exception_type: string | null;
  entity: string | null;
  period: string | null;
  owner_team: string | null;
  impacts: string[] | null;
  alert_route: string | null;
  types: string[];
  entities: string[];
}

/** What routes match on, per incident: its own fields, its flow's owner, impacts and alert route, and its exceptions' types and entities. */
export function incidentFacts(m: Queryable, ids: readonly string[]): Promise<IncidentFactsRow[]> {
  return m.query(
    `select i.id, i.status, i.severity, i.flow_id, i.cause, i.exception_type, i.entity, i.period, f.owner_team, f.impacts, f.alert_route,
            coalesce(x.types, '{}') as types, coalesce(x.entities, '{}') as entities
       from incidents i
       left join flows f on f.id = i.flow_id
       left join lateral (select array_agg(distinct e.type) as types, array_agg(distinct e.entity) filter (where e.entity is not null) as entities
                            from exceptions e where e.incident_id = i.id) x on true
      where i.id = any($1::uuid[]) order by i.id`,
    [ids],
  );
}

export function statesOf(m: Queryable, ids: readonly string[]): Promise<StateRow[]> {
  return m.query(
    `select incident_id as "incidentId", receiver, route, state, repeat_interval_seconds as "repeatIntervalSeconds"
       from alert_incident_receivers where incident_id = any($1::uuid[]) order by incident_id, receiver`,
    [ids],
  );
}

export async function activeSilences(m: Queryable, now: Date): Promise<PlanSilence[]> {
  return m.query(`select id, matchers from alert_silences where starts_at <= $1 and ends_at > $1`, [now]);
}

export async function groupFlushes(m: Queryable, routes: readonly string[]): Promise<Map<string, Date>> {
  if (!routes.length) return new Map();
  const rows: { group_key: string; next_flush_at: Date }[] = await m.query(`select group_key, next_flush_at from alert_groups where route = any($1::text[])`, [
    routes,
  ]);
  return new Map(rows.map((r) => [r.group_key, r.next_flush_at]));
}

export async function incidentRouteKeys(m: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const rows: { incident_id: string; route: string }[] = await m.query(
    `select incident_id, route from alert_incident_routes where incident_id = any($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((r) => `${r.incident_id}\u0000${r.route}`));
}

/** Stores receiver states (a trigger sets triggered_at; how a receiver came in is kept). */
export async function writeStates(m: Queryable, states: readonly StateWrite[], now: Date): Promise<void> {
  if (!states.length) return;
  await m.query(
    `insert into alert_incident_receivers (incident_id, receiver, route, state, via, triggered_at, repeat_interval_seconds, repeat_at, updated_at)
     select s."incidentId", s.receiver, s.route, s.state, s.via, coalesce(s."triggeredAt", $2), s."repeatIntervalSeconds", s."repeatAt", $2
       from jsonb_to_recordset($1::jsonb) as s("incidentId" uuid, receiver text, route text, state text, via text, "triggeredAt" timestamptz,
            "repeatIntervalSeconds" int, "repeatAt" timestamptz)
     on conflict (incident_id, receiver) do update
        set state = excluded.state, repeat_at = excluded.repeat_at, updated_at = excluded.updated_at,
            triggered_at = case when excluded.state = 'triggered' and alert_incident_receivers.state <> 'triggered' then excluded.triggered_at
                                else alert_incident_receivers.triggered_at end`,
    [JSON.stringify(states), now],
  );
}

/** Writes notifications with their incident's payload snapshot; answers their ids in order. */
export async function insertNotifications(
  m: Queryable,
  notifications: readonly PlannedNotification[],
  payloads: ReadonlyMap<string, unknown>,
  now: Date,
): Promise<string[]> {
  if (!notifications.length) return [];
  const rows = notifications.map((n, ord) => ({ ...n, ord, payload: payloads.get(n.incidentId) ?? {} }));
  const ids: { id: string }[] = await m.query(
    `insert into alert_notifications (incident_id, receiver, route, action, status, payload, created_at, due_at)
     select n."incidentId", n.receiver, n.route, n.action, n.status, n.payload, $2, n."dueAt"
       from jsonb_to_recordset($1::jsonb) as n("incidentId" uuid, receiver text, route text, action text, status text, payload jsonb,
            "dueAt" timestamptz, ord int)
      order by n.ord
     returning id`,
    [JSON.stringify(rows), now],
  );
  return ids.map((r) => r.id);
}

/** Receivers among `names` that take a group's batch as one message (Slack-compatible ones). */
export async function batchReceivers(m: Queryable, names: readonly string[]): Promise<Set<string>> {
  if (!names.length) return new Set();
  const rows: { name: string }[] = await m.query(`select name from alert_receivers where kind = 'slack' and name = any($1::text[])`, [names]);
  return new Set(rows.map((r) => r.name));
}

/** A notification as written, for the live event. */
export interface WrittenNotification {
  id: string;
  incident_id: string;
  group_incident_ids: string[] | null;
}

/**
 * Writes each batch as one notification, or adds its incidents (and their snapshots) to the
 * batch of that receiver, group and flush time already written and not yet tried: one upsert on
 * the batch's open index, so transactions writing the same group at once join one row.
 */
export async function upsertTriggerBatches(
  m: Queryable,
  batches: readonly (TriggerBatch & { payload: GroupPayload })[],
  now: Date,
): Promise<WrittenNotification[]> {
  if (!batches.length) return [];
  const rows = batches.map((b, ord) => ({ ...b, ord, incidentId: b.incidentIds[0] }));
  return returnedRows<WrittenNotification>(
    await m.query(
      `insert into alert_notifications (incident_id, receiver, route, action, status, payload, created_at, due_at, group_key, group_incident_ids, batch_open)
       select b."incidentId", b.receiver, b.route, 'trigger', 'pending', b.payload, $2, b."dueAt", b."groupKey", b."incidentIds", true
         from jsonb_to_recordset($1::jsonb) as b("incidentId" uuid, receiver text, route text, payload jsonb, "dueAt" timestamptz, "groupKey" text,
              "incidentIds" uuid[], ord int)
        order by b.ord
       on conflict (receiver, route, group_key, due_at) where batch_open
       do update set group_incident_ids = alert_notifications.group_incident_ids || excluded.group_incident_ids,
                     payload = jsonb_set(alert_notifications.payload, '{members}', (alert_notifications.payload -> 'members') || (excluded.payload -> 'members'))
       returning id, incident_id, group_incident_ids`,
      [JSON.stringify(rows), now],
    ),
  );
}

export async function insertIncidentRoutes(
  m: Queryable,
  rows: readonly { incidentId: string; route: string; escalateAt: Date | null }[],
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `insert into alert_incident_routes (incident_id, route, triggered_at, escalate_at)
     select r."incidentId", r.route, $2, r."escalateAt" from jsonb_to_recordset($1::jsonb) as r("incidentId" uuid, route text, "escalateAt" timestamptz)
     on conflict do nothing`,
    [JSON.stringify(rows), now],
  );
}

export async function stopEscalation(m: Queryable, incidentIds: readonly string[]): Promise<void> {
  if (!incidentIds.length) return;
  await m.query(`update alert_incident_routes set escalate_at = null where incident_id = any($1::uuid[]) and escalate_at is not null`, [incidentIds]);
}

export async function upsertGroups(m: Queryable, groups: readonly { route: string; groupKey: string; flushAt: Date }[]): Promise<void> {
  if (!groups.length) return;
  await m.query(
    `insert into alert_groups (route, group_key, next_flush_at)
     select g.route, g."groupKey", g."flushAt" from jsonb_to_recordset($1::jsonb) as g(route text, "groupKey" text, "flushAt" timestamptz)
     on conflict (route, group_key) do update set next_flush_at = excluded.next_flush_at`,
    [JSON.stringify(groups)],
  );
}

export interface SnapshotRow {
  id: string;
  title: string;
  flow_id: string;
  cause: string | null;
  exception_type: string | null;
  entity: string | null;
  period: string | null;
  status: string;
  severity: Severity;
  exception_count: number;
  unresolved_count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  amounts_at_risk: MoneyDto[];
  impacts: string[] | null;
  owner_team: string | null;
  runbooks: Record<string, string> | null;
  exceptions: { id: string; type: string; recordKey: string | null; status: string; severity: string; amountAtRisk: string | null; currency: string | null }[];
}

/** What notifications of these incidents say (payloads.ts), as of now in this transaction. */
export function incidentSnapshots(m: Queryable, ids: readonly string[]): Promise<SnapshotRow[]> {
  return m.query(
    `select i.id, i.title, i.flow_id, i.cause, i.exception_type,
            coalesce(i.entity, (select min(x.entity) from exceptions x where x.incident_id = i.id having count(distinct x.entity) = 1)) as entity,
            coalesce(i.period, (select min(x.period) from exceptions x where x.incident_id = i.id having count(distinct x.period) = 1)) as period,
            i.status, i.severity, i.exception_count, i.unresolved_count,
            i.first_seen_at, i.last_seen_at, i.resolved_at, f.impacts, f.owner_team, f.runbooks,
            (select coalesce(jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.amount) order by a.currency), '[]'::jsonb)
               from (select x.currency, sum(x.amount_at_risk)::text as amount from exceptions x
                      where x.incident_id = i.id and x.amount_at_risk is not null and x.status in ('open', 'acknowledged') group by x.currency) a) as amounts_at_risk,
            (select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'type', e.type, 'recordKey', e.record_key, 'status', e.status, 'severity', e.severity,
                                                          'amountAtRisk', e.amount_at_risk::text, 'currency', e.currency) order by e.last_seen_at desc, e.id), '[]'::jsonb)
               from (select * from exceptions e where e.incident_id = i.id order by e.last_seen_at desc, e.id limit ${PAYLOAD_EXCEPTIONS}) e) as exceptions
       from incidents i left join flows f on f.id = i.flow_id
      where i.id = any($1::uuid[])`,
    [ids],
  );
}

// ---------------------------------------------------------------------------------------------
// Tick: repeats, escalations, silences that ended
// ---------------------------------------------------------------------------------------------

/** Locks incidents (id order), skipping those another transaction holds: they are picked up next tick. */
export async function lockIncidentsSkip(m: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows: { id: string }[] = await m.query(`select id from incidents where id = any($1::uuid[]) order by id for no key update skip locked`, [ids]);
  return new Set(rows.map((r) => r.id));
}

export async function dueWork(m: Queryable, now: Date, limit: number): Promise<string[]> {
  const rows: { incident_id: string }[] = await m.query(
    `select incident_id from (
       (select incident_id from alert_incident_receivers where repeat_at <= $1 order by repeat_at limit $2)
       union (select incident_id from alert_incident_routes where escalate_at <= $1 order by escalate_at limit $2)
       union (select r.incident_id from alert_incident_receivers r join incidents i on i.id = r.incident_id
               where r.state = 'silenced' and i.status = 'open' limit $2)) d
     order by incident_id limit $2`,
    [now, limit],
  );
  return rows.map((r) => r.incident_id);
}

export function dueRepeats(m: Queryable, ids: readonly string[], now: Date): Promise<(StateRow & { incidentStatus: IncidentStatus })[]> {
  return m.query(
    `select r.incident_id as "incidentId", r.receiver, r.route, r.state, r.repeat_interval_seconds as "repeatIntervalSeconds", i.status as "incidentStatus"
       from alert_incident_receivers r join incidents i on i.id = r.incident_id
      where r.incident_id = any($1::uuid[]) and r.repeat_at <= $2`,
    [ids, now],
  );
}

export function silencedStates(m: Queryable, ids: readonly string[]): Promise<(StateRow & { incidentStatus: IncidentStatus })[]> {
  return m.query(
    `select r.incident_id as "incidentId", r.receiver, r.route, r.state, r.repeat_interval_seconds as "repeatIntervalSeconds", i.status as "incidentStatus"
       from alert_incident_receivers r join incidents i on i.id = r.incident_id
      where r.incident_id = any($1::uuid[]) and r.state = 'silenced'`,
    [ids],
  );
}

export function dueEscalations(
  m: Queryable,
  ids: readonly string[],
  now: Date,
): Promise<{ incident_id: string; route: string; triggered_at: Date; escalation_step: number; status: IncidentStatus }[]> {
  return m.query(
    `select r.incident_id, r.route, r.triggered_at, r.escalation_step, i.status
       from alert_incident_routes r join incidents i on i.id = r.incident_id
      where r.incident_id = any($1::uuid[]) and r.escalate_at <= $2`,
    [ids, now],
  );
}

export async function receiverKeys(m: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const rows: { incident_id: string; receiver: string }[] = await m.query(
    `select incident_id, receiver from alert_incident_receivers where incident_id = any($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((r) => `${r.incident_id}\u0000${r.receiver}`));
}

export async function moveRepeats(m: Queryable, rows: readonly { incidentId: string; receiver: string; repeatAt: Date | null }[]): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `update alert_incident_receivers r set repeat_at = u."repeatAt"
       from jsonb_to_recordset($1::jsonb) as u("incidentId" uuid, receiver text, "repeatAt" timestamptz)
      where r.incident_id = u."incidentId" and r.receiver = u.receiver`,
    [JSON.stringify(rows)],
  );
}

export async function moveEscalations(
  m: Queryable,
  rows: readonly { incidentId: string; route: string; step: number; escalateAt: Date | null }[],
): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `update alert_incident_routes r set escalation_step = u.step, escalate_at = u."escalateAt"
       from jsonb_to_recordset($1::jsonb) as u("incidentId" uuid, route text, step int, "escalateAt" timestamptz)
      where r.incident_id = u."incidentId" and r.route = u.route`,
    [JSON.stringify(rows)],
  );
}

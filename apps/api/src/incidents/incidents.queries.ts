import { type EntityManager } from 'typeorm';
import { type ExceptionType, type IncidentStatus, type MoneyDto, type Severity } from '@closewatch/contracts/exceptions';
import { SqlParams } from '../common/sql-params';
import { type DerivedIncident, type IncidentAggregate, type IncidentBefore } from './incident-derivation';
import { type GroupWindow, type IncidentToCreate } from './incident-placement';

/*
 * The SQL of the incidents feature. Incidents are derived from the exceptions grouped in them,
 * so some statements read the exceptions table (incident_id, status, severity_rank, amounts).
 */

type Queryable = Pick<EntityManager, 'query'>;

// ---------------------------------------------------------------------------------------------
// Placing exceptions and refreshing incidents (in the exceptions' transaction)
// ---------------------------------------------------------------------------------------------

/** Serialises placement per incident group, in the order given (sorted by the caller). */
export async function lockIncidentGroups(m: EntityManager, keys: readonly string[]): Promise<void> {
  await m.query(
    `select pg_advisory_xact_lock(hashtextextended('incident:' || k, 3417)) from (select k from unnest($1::text[]) with ordinality as u(k, n) order by n) s`,
    [keys],
  );
}

/** Per group, up to 50 incidents active within its window, most recently active first. */
export function recentIncidents(
  m: EntityManager,
  windows: readonly GroupWindow[],
): Promise<{ group_key: string; id: string; first_seen_at: Date; last_seen_at: Date }[]> {
  return m.query(
    `select w.key as group_key, i.id, i.first_seen_at, i.last_seen_at
       from jsonb_to_recordset($1::jsonb) as w(key text, lo timestamptz, hi timestamptz)
       cross join lateral (
         select id, first_seen_at, last_seen_at from incidents
          where group_key = w.key and last_seen_at >= w.lo and first_seen_at <= w.hi
          order by last_seen_at desc limit 50) i`,
    [JSON.stringify(windows)],
  );
}

/** Inserts new incidents, open and low until their first refresh. */
export async function insertIncidents(m: EntityManager, incidents: readonly IncidentToCreate[]): Promise<void> {
  if (!incidents.length) return;
  await m.query(
    `insert into incidents (id, group_key, flow_id, cause, exception_type, entity, period, title, status, severity, first_seen_at, last_seen_at)
     select x.id, x.group_key, x.flow_id, x.cause, x.exception_type, x.entity, x.period, x.title, 'open', 'low', x.first_seen_at, x.last_seen_at
       from jsonb_to_recordset($1::jsonb) as x(id uuid, group_key text, flow_id text, cause text, exception_type text, entity text, period text,
            title text, first_seen_at timestamptz, last_seen_at timestamptz)`,
    [JSON.stringify(incidents)],
  );
}

/** Locks the incidents in id order (the caller sorts the ids). */
export function lockIncidents(m: EntityManager, ids: readonly string[]): Promise<IncidentBefore[]> {
  return m.query(`select id, status, resolved_at from incidents where id = any($1::uuid[]) order by id for no key update`, [ids]);
}

/** What the exceptions of each incident add up to (incidents without exceptions are absent). */
export function incidentAggregates(m: EntityManager, ids: readonly string[]): Promise<IncidentAggregate[]> {
  return m.query(
    `select incident_id,
            count(*) filter (where status = 'open')::int as open,
            count(*) filter (where status = 'acknowledged')::int as acknowledged,
            count(*) filter (where status = 'resolved')::int as resolved,
            count(*) filter (where status = 'dismissed')::int as dismissed,
            sum(occurrences)::text as occurrences,
            min(first_seen_at) as first_seen_at, max(last_seen_at) as last_seen_at,
            max(severity_rank) filter (where status in ('open', 'acknowledged')) as unresolved_rank,
            max(severity_rank) as any_rank,
            max(closed_at) as last_closed_at
       from exceptions where incident_id = any($1::uuid[]) group by incident_id`,
    [ids],
  );
}

export async function updateIncidents(m: EntityManager, incidents: readonly DerivedIncident[]): Promise<void> {
  if (!incidents.length) return;
  await m.query(
    `update incidents i set status = u.status, severity = u.severity, exception_count = u.exception_count,
            unresolved_count = u.unresolved_count, occurrences = u.occurrences::bigint,
            first_seen_at = u.first_seen_at::timestamptz, last_seen_at = u.last_seen_at::timestamptz,
            resolved_at = u.resolved_at::timestamptz, updated_at = now()
       from jsonb_to_recordset($1::jsonb) as u(id uuid, status text, severity text, exception_count int, unresolved_count int,
            occurrences text, first_seen_at text, last_seen_at text, resolved_at text)
      where i.id = u.id`,
    [JSON.stringify(incidents)],
  );
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export interface IncidentRow {
  id: string;
  flow_id: string;
  cause: string | null;
  exception_type: ExceptionType | null;
  entity: string | null;
  period: string | null;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  exception_count: number;
  unresolved_count: number;
  occurrences: string;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  amounts_at_risk: MoneyDto[];
  amounts_affected: MoneyDto[];
}

/** Amounts per currency of the incident's exceptions (those matching `statusFilter`). */
const amountsOf = (statusFilter: string) => `(
  select coalesce(jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.amount) order by a.currency), '[]'::jsonb)
    from (select x.currency, sum(x.amount_at_risk)::text as amount from exceptions x
           where x.incident_id = i.id and x.amount_at_risk is not null ${statusFilter} group by x.currency) a)`;

const INCIDENT_COLUMNS = `
  i.id, i.flow_id, i.cause, i.exception_type, i.entity, i.period, i.title, i.status, i.severity, i.exception_count, i.unresolved_count,
  i.occurrences::text as occurrences, i.first_seen_at, i.last_seen_at, i.resolved_at,
  ${amountsOf(`and x.status in ('open', 'acknowledged')`)} as amounts_at_risk,
  ${amountsOf('')} as amounts_affected`;

export interface IncidentListFilters {
  flow?: string;
  status?: IncidentStatus[];
  /** The last row of the previous page: (last seen, id). */
  after?: { lastSeenAt: string; id: string };
  limit: number;
}

/** Incidents, most recently active first. */
export function listIncidents(m: Queryable, f: IncidentListFilters): Promise<IncidentRow[]> {
  const p = new SqlParams().filter(f.flow, (x) => `i.flow_id = ${x}`).filter(f.status, (x) => `i.status = any(${x}::text[])`);
  if (f.after) p.always(`(i.last_seen_at, i.id) < (${p.add(f.after.lastSeenAt)}::timestamptz, ${p.add(f.after.id)}::uuid)`);
  return m.query(`select ${INCIDENT_COLUMNS} from incidents i ${p.where()} order by i.last_seen_at desc, i.id desc limit ${p.add(f.limit)}`, p.values);
}

export async function incidentById(m: Queryable, id: string): Promise<IncidentRow | undefined> {
  const rows: IncidentRow[] = await m.query(`select ${INCIDENT_COLUMNS} from incidents i where i.id = $1`, [id]);
  return rows[0];
}

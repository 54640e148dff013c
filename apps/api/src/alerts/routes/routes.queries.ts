import { type EntityManager } from 'typeorm';
import { type RouteBody } from '@closewatch/contracts/alerts';
import { returnedRows } from '../../common/query-records';
import { type RouteRow } from '../alerts.queries';

type Queryable = Pick<EntityManager, 'query'>;

const values = (b: RouteBody) => [
  b.name,
  b.order,
  JSON.stringify(b.match),
  b.receivers,
  b.continue,
  b.groupBy,
  b.groupWaitSeconds,
  b.groupIntervalSeconds,
  b.repeatIntervalSeconds,
  JSON.stringify(b.escalation),
];

export async function insertRoute(m: Queryable, b: RouteBody): Promise<RouteRow | undefined> {
  const rows: RouteRow[] = await m.query(
    `insert into alert_routes (name, position, match, receivers, continue, group_by, group_wait_seconds, group_interval_seconds, repeat_interval_seconds, escalation)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (name) do nothing returning *`,
    values(b),
  );
  return rows[0];
}

export async function updateRoute(m: Queryable, b: RouteBody): Promise<RouteRow | undefined> {
  const result: unknown = await m.query(
    `update alert_routes set position = $2, match = $3, receivers = $4, continue = $5, group_by = $6, group_wait_seconds = $7,
            group_interval_seconds = $8, repeat_interval_seconds = $9, escalation = $10, updated_at = now()
      where name = $1 returning *`,
    values(b),
  );
  return returnedRows<RouteRow>(result)[0];
}

export async function routeByName(m: Queryable, name: string): Promise<RouteRow | undefined> {
  const rows: RouteRow[] = await m.query(`select * from alert_routes where name = $1`, [name]);
  return rows[0];
}

export function listRoutes(m: Queryable, after: { order: number; name: string } | undefined, limit: number): Promise<RouteRow[]> {
  return m.query(`select * from alert_routes where ($1::int is null or (position, name) > ($1::int, $2::text)) order by position, name limit $3`, [
    after?.order ?? null,
    after?.name ?? null,
    limit,
  ]);
}

export async function deleteRoute(m: Queryable, name: string): Promise<boolean> {
  return returnedRows(await m.query(`delete from alert_routes where name = $1 returning name`, [name])).length > 0;
}

/** Which of these receiver names exist. */
export async function existingReceivers(m: Queryable, names: readonly string[]): Promise<Set<string>> {
  if (!names.length) return new Set();
  const rows: { name: string }[] = await m.query(`select name from alert_receivers where name = any($1::text[])`, [names]);
  return new Set(rows.map((r) => r.name));
}

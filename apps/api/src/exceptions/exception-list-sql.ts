import { type AgeBucket, type ExceptionSortField } from '@closewatch/contracts/exceptions';
import { ApiError } from '../common/api-error';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { isUuid } from '../common/uuid';
import { AGE_BUCKET_BOUNDS } from './age-bucket';
import { type ExceptionFiltersQuery } from './exceptions.schemas';
import { type SqlParams } from '../common/sql-params';

/** Filters with the assignee resolved: a user id, or null for unassigned exceptions. */
export type ExceptionFilters = Omit<ExceptionFiltersQuery, 'assignee'> & { assignee?: string | null };

/** SQL for "age of e falls in the bucket", age frozen at closed_at for resolved and dismissed exceptions. */
export function ageBucketCondition(bucket: AgeBucket, nowParam: string): string {
  const b = AGE_BUCKET_BOUNDS.find((x) => x.bucket === bucket)!;
  const age = `(coalesce(e.closed_at, ${nowParam}) - e.first_seen_at)`;
  const parts = [b.fromDays > 0 ? `${age} >= interval '${b.fromDays} days'` : null, b.toDays !== null ? `${age} < interval '${b.toDays} days'` : null];
  return parts.filter(Boolean).join(' and ');
}

/** The position of e's age bucket in AGE_BUCKET_BOUNDS as an SQL expression: an integer, cheap to compare when aggregating per bucket. */
export function ageBucketIndexExpression(nowParam: string): string {
  const age = `(coalesce(e.closed_at, ${nowParam}) - e.first_seen_at)`;
  const whens = AGE_BUCKET_BOUNDS.flatMap((b, i) => (b.toDays === null ? [] : [`when ${age} < interval '${b.toDays} days' then ${i}`]));
  return `case ${whens.join(' ')} else ${AGE_BUCKET_BOUNDS.length - 1} end`;
}

/** Escapes LIKE wildcards so `q` matches literally. */
function likeContains(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Adds the filters to `p` (alias `e` for exceptions); ages and overdue are as of `now`. */
export function applyExceptionFilters(p: SqlParams, f: ExceptionFilters, now: Date): SqlParams {
  let nowParam: string | undefined;
  const nowP = () => (nowParam ??= p.add(now));
  p.filter(f.type, (x) => `e.type = any(${x}::text[])`)
    .filter(f.flow, (x) => `e.flow_id = ${x}`)
    .filter(f.status, (x) => `e.status = any(${x}::text[])`)
    .filter(f.severity, (x) => `e.severity = any(${x}::text[])`)
    .filter(f.recordKey, (x) => `e.record_key = ${x}`)
    .filter(f.entity, (x) => `e.entity = ${x}`)
    .filter(f.period, (x) => `e.period = ${x}`)
    .filter(f.currency, (x) => `e.currency = ${x}`)
    .filter(f.incident, (x) => `e.incident_id = ${x}::uuid`)
    .filter(f.q === undefined ? undefined : likeContains(f.q), (x) => `e.record_key ilike ${x}`);
  if (f.assignee === null) p.always('e.assignee_id is null');
  else p.filter(f.assignee, (x) => `e.assignee_id = ${x}::uuid`);
  if (f.ageBucket) p.always(f.ageBucket.map((b) => `(${ageBucketCondition(b, nowP())})`).join(' or '));
  if (f.overdue !== undefined) {
    const overdue = `e.status in ('open', 'acknowledged') and e.sla_due_at < ${nowP()}`;
    p.always(f.overdue ? overdue : `not (${overdue})`);
  }
  return p;
}

export interface SortSpec {
  /** The `sort` value as given: `-lastSeenAt`, `severity`, ... */
  sort: string;
  field: ExceptionSortField;
  desc: boolean;
  /** The sort key expression; indexed together with e.id. */
  expr: string;
  /** Its SQL type, to read a cursor's key back. */
  type: string;
}

const SORT_EXPRESSIONS: Record<ExceptionSortField, { expr: string; type: string }> = {
  lastSeenAt: { expr: 'e.last_seen_at', type: 'timestamptz' },
  firstSeenAt: { expr: 'e.first_seen_at', type: 'timestamptz' },
  severity: { expr: 'e.severity_rank', type: 'smallint' },
  amountAtRisk: { expr: 'coalesce(e.amount_at_risk, -1)', type: 'numeric' },
};

/** Whether a sort key of this type is valid text for its cast, so a forged cursor cannot make the query fail. */
function validSortKey(type: string, key: string): boolean {
  if (type === 'smallint') return /^\d{1,4}$/.test(key);
  if (type === 'numeric') return /^-?\d{1,40}(\.\d{1,40})?$/.test(key);
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/.exec(key);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
}

export function sortSpec(sort: string): SortSpec {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as ExceptionSortField;
  return { sort, field, desc, ...SORT_EXPRESSIONS[field] };
}

/** `order by` for the sort, ties broken by id in the same direction (the keyset). */
export function orderByOf(s: SortSpec): string {
  const dir = s.desc ? 'desc' : 'asc';
  return `order by ${s.expr} ${dir}, e.id ${dir}`;
}

/** The sort key of a row as text (exact: timestamps to the microsecond, numerics to the digit). */
export function sortKeyColumn(s: SortSpec): string {
  return `(${s.expr})::text as sort_key`;
}

/** Cursors carry the sort they belong to, the last row's sort key and its id. */
export function cursorOf(s: SortSpec, sortKey: string, id: string): string {
  return encodeCursor([s.sort, sortKey, id]);
}

/** Adds "after the cursor's row" to `p`; a cursor from another sort or list is refused, naming the field. */
export function applyCursor(p: SqlParams, s: SortSpec, cursor: string | undefined): void {
  const key = decodeCursor<[unknown, unknown, unknown]>(cursor, 3);
  if (!key) return;
  const [sort, sortKey, id] = key;
  if (sort !== s.sort) throw ApiError.field('cursor', `belongs to sort ${String(sort)}, not ${s.sort}`);
  if (typeof sortKey !== 'string' || !validSortKey(s.type, sortKey) || typeof id !== 'string' || !isUuid(id)) {
    throw ApiError.field('cursor', 'is not a cursor this list returned');
  }
  const k = p.add(sortKey);
  const i = p.add(id);
  p.always(`(${s.expr}, e.id) ${s.desc ? '<' : '>'} (${k}::${s.type}, ${i}::uuid)`);
}

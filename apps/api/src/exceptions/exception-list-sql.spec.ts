import { ApiError } from '../common/api-error';
import { encodeCursor } from '../common/pagination';
import { AGE_BUCKET_BOUNDS } from './age-bucket';
import { ageBucketCondition, ageBucketIndexExpression, applyCursor, applyExceptionFilters, sortSpec } from './exception-list-sql';
import { SqlParams } from '../common/sql-params';

const now = new Date('2026-11-20T12:00:00.000Z');

describe(applyExceptionFilters.name, () => {
  it('binds every value as a parameter', () => {
    const p = applyExceptionFilters(new SqlParams(), { flow: "x' or 1=1 --", q: '50%_off', status: ['open'] }, now);
    expect(p.where()).not.toContain('or 1=1');
    expect(p.values).toEqual(["x' or 1=1 --", ['open'], '%50\\%\\_off%']);
  });

  it('filters unassigned exceptions with assignee null', () => {
    expect(applyExceptionFilters(new SqlParams(), { assignee: null }, now).where()).toContain('e.assignee_id is null');
  });

  it('uses one now for age buckets and overdue', () => {
    const p = applyExceptionFilters(new SqlParams(), { ageBucket: ['<1d', '>30d'], overdue: true }, now);
    expect(p.values).toEqual([now]);
    expect(p.where()).toContain(' or ');
  });
});

describe(ageBucketCondition.name, () => {
  it('bounds the first and last buckets on one side only', () => {
    expect(ageBucketCondition('<1d', '$1')).not.toContain('>=');
    expect(ageBucketCondition('>30d', '$1')).not.toContain(' < ');
    expect(ageBucketCondition('3-7d', '$1')).toMatch(/>= interval '3 days' and .* < interval '7 days'/);
  });
});

describe(ageBucketIndexExpression.name, () => {
  it('numbers the buckets in AGE_BUCKET_BOUNDS order, the unbounded last one as the else branch', () => {
    const sql = ageBucketIndexExpression('$1');
    const thresholds = [...sql.matchAll(/< interval '(\d+) days' then (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(thresholds).toEqual([
      [1, 0],
      [3, 1],
      [7, 2],
      [30, 3],
    ]);
    expect(sql).toMatch(new RegExp(`else ${AGE_BUCKET_BOUNDS.length - 1} end$`));
    expect(AGE_BUCKET_BOUNDS.at(-1)!.bucket).toBe('>30d');
  });
});

describe(applyCursor.name, () => {
  const id = '0b6c2c7e-4a49-4c0e-9a53-3f1f9f0d2a11';
  const field = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return (e as ApiError).details?.[0]?.field;
    }
    return undefined;
  };

  it('continues after the last row in the sort direction', () => {
    const p = new SqlParams();
    applyCursor(p, sortSpec('-lastSeenAt'), encodeCursor(['-lastSeenAt', '2026-11-20 10:00:00.123+00', id]));
    expect(p.where()).toContain('(e.last_seen_at, e.id) < ($1::timestamptz, $2::uuid)');
    const q = new SqlParams();
    applyCursor(q, sortSpec('amountAtRisk'), encodeCursor(['amountAtRisk', '-1', id]));
    expect(q.where()).toContain('(coalesce(e.amount_at_risk, -1), e.id) > ($1::numeric, $2::uuid)');
  });

  it('refuses a cursor of another sort and forged keys, naming the cursor', () => {
    expect(field(() => applyCursor(new SqlParams(), sortSpec('severity'), encodeCursor(['-lastSeenAt', '2026-11-20 10:00:00+00', id])))).toBe('cursor');
    expect(field(() => applyCursor(new SqlParams(), sortSpec('-lastSeenAt'), encodeCursor(['-lastSeenAt', '2026-02-31 10:00:00+00', id])))).toBe('cursor');
    expect(field(() => applyCursor(new SqlParams(), sortSpec('severity'), encodeCursor(['severity', '1); drop table x; --', id])))).toBe('cursor');
    expect(field(() => applyCursor(new SqlParams(), sortSpec('severity'), encodeCursor(['severity', '3', 'not-a-uuid'])))).toBe('cursor');
    expect(field(() => applyCursor(new SqlParams(), sortSpec('severity'), 'garbage'))).toBe('cursor');
  });
});

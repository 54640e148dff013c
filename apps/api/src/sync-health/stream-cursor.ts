import { type EntityManager } from 'typeorm';

/** Telemetry tables the evaluators read incrementally, by their identity id. */
export type StreamName = 'hops' | 'runs';

/**
 * How long an id below the watermark that was missing is looked for again (a slow commit), in
 * seconds: far longer than an ingest transaction lives (one request). Each distinct gap costs
 * one index probe per tick while it lives, and every duplicate delivery burns an id, so this
 * is also what bounds that cost (about 0.5 s per tick for 40,000 gaps on the benchmark machine).
 */
export const GAP_TTL_SECONDS = 120;

/**
 * The part of a stream one evaluation transaction processes: ids in (after, upTo], and ids
 * below the watermark that were missing when it passed them and have appeared since.
 */
export interface StreamBatch {
  stream: StreamName;
  after: string;
  upTo: string;
  lateIds: string[];
  /** Rows in (after, upTo]; fewer than the limit means the stream is caught up. */
  rangeSize: number;
  /** Rows in the batch (range and late ones). */
  size: number;
}

/** SQL selecting the batch's rows of the stream's table (parameters $1 after, $2 upTo, $3 late ids). */
export function batchRowsSql(stream: StreamName, columns: string): string {
  return `(select ${columns} from ${stream} where id > $1::bigint and id <= $2::bigint
           union all
           select ${columns} from ${stream} where id = any($3::bigint[]))`;
}

export const batchParams = (b: StreamBatch): [string, string, string[]] => [b.after, b.upTo, b.lateIds];

/**
 * Claims the next batch of a stream inside the caller's transaction, locking the stream's
 * cursor row. Ids are allocated when a transaction inserts, not when it commits, so a reader
 * can see id 11 before id 10 commits: ids the watermark passes while missing are kept as gaps
 * (sync_cursor_gaps) for GAP_TTL_SECONDS, and those that appear are processed late (once).
 * Ids burnt by a conflicting insert never appear; their gaps simply expire.
 */
export async function claimBatch(m: EntityManager, stream: StreamName, limit: number, now: Date, withLate: boolean): Promise<StreamBatch> {
  const [cursor]: { watermark: string }[] = await m.query(`select watermark::text as watermark from sync_cursors where stream = $1 for update`, [stream]);
  if (!cursor) throw new Error(`sync_cursors has no row for stream ${stream}`);
  const [range]: { up_to: string | null; n: number }[] = await m.query(
    `select max(id)::text as up_to, count(*)::int as n from (select id from ${stream} where id > $1::bigint order by id limit $2) s`,
    [cursor.watermark, limit],
  );
  let lateIds: string[] = [];
  if (withLate) {
    const late: { id: string }[] = await m.query(
      `select t.id::text as id
         from sync_cursor_gaps g cross join lateral unnest(g.ids) r
         join ${stream} t on t.id >= lower(r) and t.id < upper(r)
        where g.stream = $1 and g.seen_at > $2::timestamptz - make_interval(secs => $3)`,
      [stream, now, GAP_TTL_SECONDS],
    );
    lateIds = [...new Set(late.map((r) => r.id))];
  }
  const upTo = range?.up_to ?? cursor.watermark;
  return { stream, after: cursor.watermark, upTo, lateIds, rangeSize: range?.n ?? 0, size: (range?.n ?? 0) + lateIds.length };
}

/**
 * Records what the batch covered, in the same transaction as the state built from it: the new
 * watermark, the ids it passed that were not there, late ids found, and expired gaps dropped.
 */
export async function completeBatch(m: EntityManager, b: StreamBatch, now: Date): Promise<void> {
  if (b.upTo !== b.after) {
    await m.query(
      `insert into sync_cursor_gaps (stream, ids, seen_at)
       select $1, s.missing, $4
         from (select int8multirange(int8range($2::bigint + 1, $3::bigint + 1))
                      - coalesce(range_agg(int8range(id, id + 1)), '{}'::int8multirange) as missing
                 from ${b.stream} where id > $2::bigint and id <= $3::bigint) s
        where s.missing <> '{}'::int8multirange`,
      [b.stream, b.after, b.upTo, now],
    );
  }
  if (b.lateIds.length) {
    await m.query(
      `update sync_cursor_gaps set ids = ids - (select range_agg(int8range(x, x + 1)) from unnest($2::bigint[]) x)
        where stream = $1 and ids && (select range_agg(int8range(x, x + 1)) from unnest($2::bigint[]) x)`,
      [b.stream, b.lateIds],
    );
  }
  await m.query(`delete from sync_cursor_gaps where stream = $1 and (ids = '{}'::int8multirange or seen_at <= $2::timestamptz - make_interval(secs => $3))`, [
    b.stream,
    now,
    GAP_TTL_SECONDS,
  ]);
  await m.query(`update sync_cursors set watermark = $2::bigint, updated_at = $3 where stream = $1`, [b.stream, b.upTo, now]);
}

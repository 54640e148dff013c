import { type EntityManager } from 'typeorm';
import { type ErrorHop, errorHopFinding, type OutboxItem, postedRecordItems, unregisteredFlowFinding } from './sync-findings';
import { batchParams, batchRowsSql, type StreamBatch } from './stream-cursor';

const HOP_COLUMNS = `id, flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, entity, period,
  data_status, error_class, error_code, error_message, trace_id`;

/**
 * The record's hops in the batch, latest first (by time, then id), as one window: every
 * aggregate below is computed once per record over the whole window, after one sort of the
 * batch (ordered aggregates would sort once per record and column).
 */
const RECORD_WINDOW = `partition by flow_id, record_key order by occurred_at desc, id desc rows between unbounded preceding and unbounded following`;
/** The latest value of a column among the record's hops in the batch that have one (or that match `where`). */
const latest = (col: string, where = `${col} is not null`) => `(array_agg(${col}) filter (where ${where}) over w)[1]`;

/** On conflict: take the stored or the new value, whichever comes from the later hop; a missing value never overwrites one. */
const newer = `(excluded.last_occurred_at, excluded.last_hop_id) > (r.last_occurred_at, r.last_hop_id)`;
const latestWins = (col: string) => `${col} = case when ${newer} then excluded.${col} else r.${col} end`;
const latestKnownWins = (col: string) => `${col} = case when ${newer} then coalesce(excluded.${col}, r.${col}) else coalesce(r.${col}, excluded.${col}) end`;
const newerError = `excluded.last_error_at is not null and (r.last_error_at is null or excluded.last_error_at >= r.last_error_at)`;
const latestErrorWins = (col: string) => `${col} = case when ${newerError} then excluded.${col} else r.${col} end`;

/**
 * One statement for the whole batch: the batch's hops are aggregated per record and merged into
 * record_sync (first emitted / first and last posted are min/max, the latest step is the one
 * with the latest time, counts add up), and per minute, data status and error class into
 * sync_flow_minutes, and the latest posting per flow and data status into sync_flow_postings.
 * It returns the records whose posting in this batch clears an exception: a reported sync
 * delay, or failures older than the posting.
 */
const MERGE_SQL = `
with batch as materialized ${batchRowsSql('hops', HOP_COLUMNS)},
ranked as (
  select flow_id, record_key, row_number() over w as rn,
         -- the latest hop of the record
         id as last_hop_id, occurred_at as last_occurred_at, stage as last_stage, status as last_status, system as last_system,
         min(occurred_at) filter (where stage = 'emitted') over w as first_emitted_at,
         min(occurred_at) filter (where stage in ('posted', 'published') and status = 'ok') over w as first_posted_at,
         max(occurred_at) filter (where stage in ('posted', 'published') and status = 'ok') over w as last_posted_at,
         max(occurred_at) filter (where status = 'error') over w as last_error_at,
         ${latest('error_class', `status = 'error'`)} as last_error_class,
         ${latest('error_code', `status = 'error'`)} as last_error_code,
         ${latest('error_message', `status = 'error'`)} as last_error_message,
         ${latest('record_type')} as record_type,
         ${latest('data_status')} as data_status,
         ${latest('amount')} as amount,
         ${latest('currency')} as currency,
         ${latest('entity')} as entity,
         ${latest('period')} as period,
         (count(*) over w)::int as hops,
         (count(*) filter (where stage = 'replayed') over w)::int as retries,
         (count(*) filter (where stage = 'dead_lettered') over w)::int as dead_letters,
         (count(*) filter (where status = 'error') over w)::int as error_hops
    from batch
  window w as (${RECORD_WINDOW})
),
agg as (select * from ranked where rn = 1),
up as (
  insert into record_sync as r (flow_id, record_key, record_type, data_status, first_emitted_at, first_posted_at, last_posted_at,
                                last_hop_id, last_occurred_at, last_stage, last_status, last_system, last_error_class, last_error_code,
                                last_error_message, last_error_at, amount, currency, entity, period, hops, retries, dead_letters,
                                error_hops, updated_at)
  select flow_id, record_key, record_type, data_status, first_emitted_at, first_posted_at, last_posted_at,
         last_hop_id, last_occurred_at, last_stage, last_status, last_system, last_error_class, last_error_code,
         last_error_message, last_error_at, amount, currency, entity, period, hops, retries, dead_letters,
         error_hops, $4::timestamptz
    from agg
  on conflict on constraint record_sync_pkey do update set
    first_emitted_at = least(r.first_emitted_at, excluded.first_emitted_at),
    first_posted_at = least(r.first_posted_at, excluded.first_posted_at),
    last_posted_at = greatest(r.last_posted_at, excluded.last_posted_at),
    ${latestErrorWins('last_error_class')},
    ${latestErrorWins('last_error_code')},
    ${latestErrorWins('last_error_message')},
    last_error_at = greatest(r.last_error_at, excluded.last_error_at),
    ${['record_type', 'data_status', 'amount', 'currency', 'entity', 'period'].map(latestKnownWins).join(',\n    ')},
    ${['last_stage', 'last_status', 'last_system'].map(latestWins).join(',\n    ')},
    last_hop_id = case when ${newer} then excluded.last_hop_id else r.last_hop_id end,
    last_occurred_at = greatest(r.last_occurred_at, excluded.last_occurred_at),
    hops = r.hops + excluded.hops,
    retries = r.retries + excluded.retries,
    dead_letters = r.dead_letters + excluded.dead_letters,
    error_hops = r.error_hops + excluded.error_hops,
    updated_at = excluded.updated_at
  returning r.flow_id, r.record_key, r.data_status, r.delay_reported_at, r.last_error_at, r.last_posted_at
),
minutes as (
  insert into sync_flow_minutes as m (flow_id, bucket, data_status, error_class, hops, errors, retries, dead_letters)
  select b.flow_id, date_trunc('minute', b.occurred_at), coalesce(b.data_status, u.data_status, ''), coalesce(b.error_class, ''),
         count(*), count(*) filter (where b.status = 'error'), count(*) filter (where b.stage = 'replayed'),
         count(*) filter (where b.stage = 'dead_lettered')
    from batch b join up u on u.flow_id = b.flow_id and u.record_key = b.record_key
   group by 1, 2, 3, 4
  on conflict on constraint sync_flow_minutes_pkey do update set
    hops = m.hops + excluded.hops, errors = m.errors + excluded.errors,
    retries = m.retries + excluded.retries, dead_letters = m.dead_letters + excluded.dead_letters
),
postings as (
  insert into sync_flow_postings as p (flow_id, data_status, last_posted_at)
  select a.flow_id, coalesce(u.data_status, ''), max(a.last_posted_at)
    from agg a join up u on u.flow_id = a.flow_id and u.record_key = a.record_key
   where a.last_posted_at is not null
   group by 1, 2
  on conflict on constraint sync_flow_postings_pkey do update set last_posted_at = greatest(p.last_posted_at, excluded.last_posted_at)
)
select u.flow_id, u.record_key,
       u.delay_reported_at is not null as clears_delay,
       coalesce(u.last_error_at < u.last_posted_at, false) as clears_failure
  from up u join agg a on a.flow_id = u.flow_id and a.record_key = u.record_key
 where a.last_posted_at is not null
   and (u.delay_reported_at is not null or u.last_error_at < u.last_posted_at)
 order by u.flow_id, u.record_key`;

const ERROR_HOPS_SQL = `
select h.id::text as hop_id, h.flow_id, h.record_key, coalesce(h.record_type, r.record_type) as record_type, h.system, h.stage,
       h.occurred_at,
       -- The step that failed often carries no amount or entity: the record's (from its other steps) stand in.
       case when h.amount is not null then h.amount else r.amount end::text as amount,
       case when h.amount is not null then h.currency else r.currency end as currency,
       coalesce(h.entity, r.entity) as entity, coalesce(h.period, r.period) as period, coalesce(h.data_status, r.data_status) as data_status,
       h.error_class, h.error_code, h.error_message, h.trace_id, r.last_posted_at
  from ${batchRowsSql('hops', HOP_COLUMNS)} h
  join record_sync r on r.flow_id = h.flow_id and r.record_key = h.record_key
 where h.status = 'error' and h.occurred_at >= $4
 order by h.occurred_at, h.id`;

const UNREGISTERED_SQL = `
insert into sync_unregistered_flows as u (flow_id, first_seen_at, last_seen_at, hops)
select flow_id, min(occurred_at), max(occurred_at), count(*)
  from ${batchRowsSql('hops', 'flow_id, occurred_at')} h
 where not (flow_id = any($4::text[]))
 group by flow_id
on conflict on constraint sync_unregistered_flows_pkey do update set
  first_seen_at = least(u.first_seen_at, excluded.first_seen_at),
  last_seen_at = greatest(u.last_seen_at, excluded.last_seen_at),
  hops = u.hops + excluded.hops
returning flow_id, hops::int as hops, first_seen_at, last_seen_at`;

interface ErrorHopRow {
  hop_id: string;
  flow_id: string;
  record_key: string;
  record_type: string | null;
  system: string;
  stage: string;
  occurred_at: Date;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  data_status: string | null;
  error_class: string | null;
  error_code: string | null;
  error_message: string | null;
  trace_id: string | null;
  last_posted_at: Date | null;
}

export interface HopBatchContext {
  now: Date;
  /** Failures older than this are folded into the state but not reported (a first run over old history). */
  reportSince: Date;
  catalogFlowIds: readonly string[];
}

/**
 * Applies one batch of hops to the sync state and returns what to tell the exception intake,
 * in order: each failure (resolved at once when the record was already posted after it), each
 * unregistered flow seen, then the postings that clear earlier findings.
 */
export async function applyHopBatch(m: EntityManager, batch: StreamBatch, ctx: HopBatchContext): Promise<OutboxItem[]> {
  const params = batchParams(batch);
  const cleared: { flow_id: string; record_key: string; clears_delay: boolean; clears_failure: boolean }[] = await m.query(MERGE_SQL, [...params, ctx.now]);
  const errors: ErrorHopRow[] = await m.query(ERROR_HOPS_SQL, [...params, ctx.reportSince]);
  const unregistered: { flow_id: string; hops: number; first_seen_at: Date; last_seen_at: Date }[] = await m.query(UNREGISTERED_SQL, [
    ...params,
    [...ctx.catalogFlowIds],
  ]);

  const items: OutboxItem[] = [];
  for (const e of errors) {
    items.push({ kind: 'finding', finding: errorHopFinding(toErrorHop(e)) });
    if (e.last_posted_at && e.last_posted_at > e.occurred_at) {
      items.push(...postedRecordItems(e.flow_id, e.record_key, { delay: false, failure: true }));
    }
  }
  for (const u of unregistered) {
    items.push({ kind: 'finding', finding: unregisteredFlowFinding(u.flow_id, u.hops, u.first_seen_at, u.last_seen_at) });
  }
  for (const c of cleared) items.push(...postedRecordItems(c.flow_id, c.record_key, { delay: c.clears_delay, failure: c.clears_failure }));
  return items;
}

function toErrorHop(e: ErrorHopRow): ErrorHop {
  return {
    hopId: e.hop_id,
    flowId: e.flow_id,
    recordKey: e.record_key,
    recordType: e.record_type,
    system: e.system,
    stage: e.stage,
    occurredAt: e.occurred_at,
    amount: e.amount,
    currency: e.currency,
    entity: e.entity,
    period: e.period,
    dataStatus: e.data_status,
    errorClass: e.error_class,
    errorCode: e.error_code,
    errorMessage: e.error_message,
    traceId: e.trace_id,
  };
}

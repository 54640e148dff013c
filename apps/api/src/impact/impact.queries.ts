import { type EntityManager } from 'typeorm';
import { type ExceptionType, type Severity } from '@closewatch/contracts/exceptions';
import { type ImpactExceptionLinkDto } from '@closewatch/contracts/impact';
import { queryRecords } from '../common/query-records';
import { type CashAggregate } from './cash-impact';

/**
 * Every statement of finance impact. It reads what other features write (exceptions, flows,
 * recon_definitions, recon_runs) and writes nothing. Each function runs on the EntityManager of
 * an open transaction, so one answer reads one snapshot. Amounts are returned without trailing
 * fraction zeros (trim_scale), as the conversions write them.
 */

/** Unresolved exceptions with an amount at risk on flows whose impacts include cash, of one period (and entity). */
const CASH_AT_RISK = `
  select x.id, x.type, x.flow_id, x.amount_at_risk, x.currency, x.severity, x.first_seen_at, x.entity
    from exceptions x
    join flows f on f.id = x.flow_id
   where 'cash' = any (f.impacts)
     and x.status in ('open', 'acknowledged')
     and x.amount_at_risk is not null
     and x.period = $1
     and ($2::text is null or x.entity = $2)`;

export function cashAggregates(m: EntityManager, period: string, entity: string | null): Promise<CashAggregate[]> {
  return queryRecords<CashAggregate>(
    m,
    `with e as (${CASH_AT_RISK})
     select entity, currency, trim_scale(sum(amount_at_risk))::text as amount, count(*)::int as exceptions, array_agg(distinct flow_id) as flows
       from e group by entity, currency`,
    [period, entity],
  );
}

/** The `limit` largest exceptions of each entity and currency (ties by id). */
export async function cashLinks(
  m: EntityManager,
  period: string,
  entity: string | null,
  limit: number,
): Promise<(ImpactExceptionLinkDto & { entity: string | null })[]> {
  const rows = await queryRecords<{
    id: string;
    type: ExceptionType;
    flow_id: string;
    amount: string;
    currency: string;
    severity: Severity;
    first_seen_at: Date;
    entity: string | null;
  }>(
    m,
    `with e as (${CASH_AT_RISK})
     select id, type, flow_id, trim_scale(amount_at_risk)::text as amount, currency, severity, first_seen_at, entity
       from (select e.*, row_number() over (partition by entity, currency order by amount_at_risk desc, id) as n from e) ranked
      where n <= $3
      order by entity, currency, n`,
    [period, entity, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    flow: r.flow_id,
    amountAtRisk: r.amount,
    currency: r.currency,
    severity: r.severity,
    firstSeenAt: r.first_seen_at.toISOString(),
    entity: r.entity,
  }));
}

/** Which flows an amount-at-risk series counts: the cash flows (of one entity), or the flows feeding one board metric. */
export type SeriesScope = { kind: 'cash'; entity: string | null } | { kind: 'metric'; metric: string };

/**
 * The amount open at each instant, by currency: exceptions of the scope's flows of the period with
 * an amount, first seen at or before the instant and not closed (resolved or dismissed) by then.
 * A reopened exception counts from its first sighting (its earlier closing is not kept here).
 */
export function amountOpenAt(
  m: EntityManager,
  period: string,
  scope: SeriesScope,
  instants: readonly Date[],
): Promise<{ i: number; currency: string; amount: string; exceptions: number }[]> {
  return queryRecords(
    m,
    `select (s.i - 1)::int as i, x.currency, trim_scale(sum(x.amount_at_risk))::text as amount, count(*)::int as exceptions
       from unnest($3::timestamptz[]) with ordinality as s(at, i)
       join exceptions x on x.first_seen_at <= s.at and (x.closed_at is null or x.closed_at > s.at)
       join flows f on f.id = x.flow_id
      where ($4::text is null or 'cash' = any (f.impacts))
        and ($5::text is null or $5 = any (f.board_metrics))
        and x.amount_at_risk is not null
        and x.period = $1
        and ($2::text is null or x.entity = $2)
      group by s.i, x.currency`,
    [
      period,
      scope.kind === 'cash' ? scope.entity : null,
      instants.map((d) => d.toISOString()),
      scope.kind === 'cash' ? 'cash' : null,
      scope.kind === 'metric' ? scope.metric : null,
    ],
  );
}

export interface FeedingFlowRow {
  id: string;
  name: string;
  board_metrics: string[];
  materiality_amount: string | null;
  materiality_currency: string | null;
}

/** Flows that name at least one board metric. */
export function feedingFlows(m: EntityManager): Promise<FeedingFlowRow[]> {
  return queryRecords(
    m,
    `select id, name, board_metrics, trim_scale(materiality_amount)::text as materiality_amount, materiality_currency
       from flows where cardinality(board_metrics) > 0 order by id`,
    [],
  );
}

export interface ReconRunRow {
  recon_id: string;
  name: string;
  flow_id: string;
  run_id: string | null;
  status: 'succeeded' | 'failed' | null;
  material: boolean | null;
  finished_at: Date | null;
  breaks: number | null;
  error_message: string | null;
}

/**
 * The enabled reconciliations of the flows, each with its latest finished run (succeeded or
 * failed, by queue order) whose resolved scope names the period, else one whose scope names no
 * period (it covers every period, as in close readiness); queued, running and cancelled runs do not count.
 */
export function latestReconRuns(m: EntityManager, flowIds: readonly string[], period: string): Promise<ReconRunRow[]> {
  return queryRecords(
    m,
    `select d.id as recon_id, d.name, d.flow_id, r.id as run_id, r.status, r.material, r.finished_at, r.breaks, r.error_message
       from recon_definitions d
       left join lateral (
         select id, status, material, finished_at, error_message,
                (coalesce(missing_in_target, 0) + coalesce(unexpected_in_target, 0) + coalesce(amount_mismatch, 0)
                 + coalesce(field_mismatch, 0) + coalesce(duplicate_key, 0))::int as breaks
           from recon_runs
          where recon_id = d.id and status in ('succeeded', 'failed') and (scope ->> 'period' = $2 or scope ->> 'period' is null)
          order by scope ->> 'period' is null, queued_at desc, id desc
          limit 1) r on true
      where d.flow_id = any ($1::text[]) and d.enabled
      order by d.flow_id, d.id`,
    [flowIds, period],
  );
}

export interface FlowAtRiskRow {
  flow_id: string;
  currency: string;
  amount: string;
  exceptions: number;
  largest_id: string;
  largest_amount: string;
}

/** Unresolved exceptions of the period with an amount, by flow and currency, with the largest of each. */
export function flowsAtRisk(m: EntityManager, flowIds: readonly string[], period: string): Promise<FlowAtRiskRow[]> {
  return queryRecords(
    m,
    `select flow_id, currency, trim_scale(sum(amount_at_risk))::text as amount, count(*)::int as exceptions,
            (array_agg(id::text order by amount_at_risk desc, id))[1] as largest_id,
            trim_scale(max(amount_at_risk))::text as largest_amount
       from exceptions
      where flow_id = any ($1::text[]) and status in ('open', 'acknowledged') and amount_at_risk is not null and period = $2
      group by flow_id, currency
      order by flow_id, currency`,
    [flowIds, period],
  );
}

import { type EntityManager } from 'typeorm';
import { returnedRows } from '../common/query-records';
import { delayFinding, type OutboxItem } from './sync-findings';

/** Delayed records reported per flow and evaluation at most; the rest come at the next one. */
export const DELAYS_PER_FLOW_PER_TICK = 2000;

/**
 * Records in flight past their flow's maxLagSeconds that were not reported yet: marked as
 * reported and returned as `sync_delay` findings, in one statement over the partial index of
 * unreported in-flight records (so a tick reads only the records that just crossed the SLO).
 * Records emitted before `reportSince` are not reported (a first run over old history).
 */
export async function scanDelays(
  m: EntityManager,
  slos: readonly { flowId: string; maxLagSeconds: number }[],
  now: Date,
  reportSince: Date,
  perFlowLimit = DELAYS_PER_FLOW_PER_TICK,
): Promise<OutboxItem[]> {
  if (!slos.length) return [];
  type Row = {
    flow_id: string;
    record_key: string;
    record_type: string | null;
    data_status: string | null;
    first_emitted_at: Date;
    last_stage: string;
    last_system: string;
    amount: string | null;
    currency: string | null;
    entity: string | null;
    period: string | null;
  };
  const result: unknown = await m.query(
    `with slo as (select * from unnest($1::text[], $2::int[]) as s(flow_id, max_lag)),
     due as (
       select c.flow_id, c.record_key
         from slo cross join lateral (
           select r.flow_id, r.record_key from record_sync r
            where r.flow_id = slo.flow_id and r.first_emitted_at is not null and r.first_posted_at is null
              and r.last_status = 'ok' and r.delay_reported_at is null
              and r.first_emitted_at >= $4 and r.first_emitted_at < $3::timestamptz - make_interval(secs => slo.max_lag)
            order by r.first_emitted_at
            limit $5) c
     )
     update record_sync r set delay_reported_at = $3
       from due where r.flow_id = due.flow_id and r.record_key = due.record_key
     returning r.flow_id, r.record_key, r.record_type, r.data_status, r.first_emitted_at, r.last_stage, r.last_system,
               r.amount::text as amount, r.currency, r.entity, r.period`,
    [slos.map((s) => s.flowId), slos.map((s) => s.maxLagSeconds), now, reportSince, perFlowLimit],
  );
  const rows = returnedRows<Row>(result);
  const maxLag = new Map(slos.map((s) => [s.flowId, s.maxLagSeconds]));
  return rows
    .sort((a, b) => a.first_emitted_at.getTime() - b.first_emitted_at.getTime() || a.record_key.localeCompare(b.record_key))
    .map((r) => ({
      kind: 'finding',
      finding: delayFinding(
        {
          flowId: r.flow_id,
          recordKey: r.record_key,
          recordType: r.record_type,
          dataStatus: r.data_status,
          firstEmittedAt: r.first_emitted_at,
          lastStage: r.last_stage,
          lastSystem: r.last_system,
          amount: r.amount,
          currency: r.currency,
          entity: r.entity,
          period: r.period,
        },
        maxLag.get(r.flow_id)!,
        now,
      ),
    }));
}

import { type EntityManager } from 'typeorm';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { type SourceActivity, silencePastThreshold, watchesSilence } from './source-silence';
import { silenceResolveItem, staleFlowFinding, type OutboxItem } from './sync-findings';

type Queryable = Pick<EntityManager, 'query'>;

/** The latest hop (over hops_flow_occurred_idx) and the creation time of each flow. */
export async function sourceActivity(q: Queryable, flowIds: readonly string[]): Promise<Map<string, SourceActivity>> {
  if (!flowIds.length) return new Map();
  const rows: { id: string; created_at: Date; last_hop_at: Date | null }[] = await q.query(
    `select f.id, f.created_at, (select max(h.occurred_at) from hops h where h.flow_id = f.id) as last_hop_at
       from flows f where f.id = any($1::text[])`,
    [flowIds],
  );
  return new Map(rows.map((r) => [r.id, { lastHopAt: r.last_hop_at, createdAt: r.created_at }]));
}

/**
 * Event flows whose source went silent past their threshold: one `flow_stale` finding per
 * silence, remembered in sync_flow_silences so later ticks do not raise it again. A silence
 * ends (and its exception is resolved) when the flow is no longer past its threshold (hops
 * arrived again), or when it no longer watches its silence (threshold removed, flow scheduled
 * or deleted): the same rule as the `source_silent` status, so the two always agree.
 */
export async function scanSilences(m: EntityManager, flows: readonly FlowDto[], now: Date): Promise<OutboxItem[]> {
  const watched = flows.filter((f) => watchesSilence(f.slo));
  const activity = await sourceActivity(
    m,
    watched.map((f) => f.id),
  );
  const open: { flow_id: string }[] = await m.query(`select flow_id from sync_flow_silences for update`);
  const isOpen = new Set(open.map((o) => o.flow_id));
  const flowOf = new Map(watched.map((f) => [f.id, f]));
  const items: OutboxItem[] = [];
  const ended: string[] = [];
  const started: { flowId: string; lastHopAt: Date | null }[] = [];

  for (const flowId of isOpen) {
    const flow = flowOf.get(flowId);
    const a = activity.get(flowId);
    if (flow && a && silencePastThreshold(flow.slo, a, now)) continue;
    ended.push(flowId);
    items.push(silenceResolveItem(flowId, flow !== undefined));
  }
  for (const flow of watched) {
    const a = activity.get(flow.id);
    if (!a || isOpen.has(flow.id)) continue;
    const silence = silencePastThreshold(flow.slo, a, now);
    if (!silence) continue;
    started.push({ flowId: flow.id, lastHopAt: silence.lastHopAt });
    items.push({ kind: 'finding', finding: staleFlowFinding(flow.id, silence, now) });
  }

  if (ended.length) await m.query(`delete from sync_flow_silences where flow_id = any($1::text[])`, [ended]);
  if (started.length) {
    await m.query(
      `insert into sync_flow_silences (flow_id, last_hop_at, reported_at)
       select flow_id, last_hop_at, $3 from unnest($1::text[], $2::timestamptz[]) as s(flow_id, last_hop_at)
       on conflict on constraint sync_flow_silences_pkey do update set last_hop_at = excluded.last_hop_at, reported_at = excluded.reported_at`,
      [started.map((s) => s.flowId), started.map((s) => s.lastHopAt), now],
    );
  }
  return items;
}

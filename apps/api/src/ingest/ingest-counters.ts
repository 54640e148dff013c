import { type EntityManager } from 'typeorm';

export interface CounterDelta {
  flowId: string;
  hops?: number;
  errors?: number;
  duplicates?: number;
  runs?: number;
  failedRuns?: number;
}

/**
 * Adds to the per-flow, per-minute ingest counters in the caller's transaction. Rows are
 * updated in a fixed order (flow id) so concurrent batches cannot deadlock on them.
 */
export async function bumpCounters(tx: EntityManager, deltas: CounterDelta[], at = new Date()): Promise<void> {
  const byFlow = new Map<string, Required<CounterDelta>>();
  for (const d of deltas) {
    const acc = byFlow.get(d.flowId) ?? { flowId: d.flowId, hops: 0, errors: 0, duplicates: 0, runs: 0, failedRuns: 0 };
    acc.hops += d.hops ?? 0;
    acc.errors += d.errors ?? 0;
    acc.duplicates += d.duplicates ?? 0;
    acc.runs += d.runs ?? 0;
    acc.failedRuns += d.failedRuns ?? 0;
    byFlow.set(d.flowId, acc);
  }
  if (byFlow.size === 0) return;
  const rows = [...byFlow.values()].sort((a, b) => (a.flowId < b.flowId ? -1 : a.flowId > b.flowId ? 1 : 0));
  await tx.query(
    `insert into ingest_counters (flow_id, bucket, hops, errors, duplicates, runs, failed_runs)
     select f, date_trunc('minute', $1::timestamptz), h, e, d, r, fr
       from unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[]) as t(f, h, e, d, r, fr)
     on conflict on constraint ingest_counters_pkey do update set
       hops = ingest_counters.hops + excluded.hops,
       errors = ingest_counters.errors + excluded.errors,
       duplicates = ingest_counters.duplicates + excluded.duplicates,
       runs = ingest_counters.runs + excluded.runs,
       failed_runs = ingest_counters.failed_runs + excluded.failed_runs`,
    [
      at.toISOString(),
      rows.map((r) => r.flowId),
      rows.map((r) => r.hops),
      rows.map((r) => r.errors),
      rows.map((r) => r.duplicates),
      rows.map((r) => r.runs),
      rows.map((r) => r.failedRuns),
    ],
  );
}

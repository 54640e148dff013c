import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Stage } from '@closewatch/contracts/finance';
import { type FlowIngestStats, type IngestStatsResponse, type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { errorRate, ingestActivity } from './ingest-activity';
import { fillSeries, frameEnd, seriesFrame, type StepSums } from './stats-series';

interface StatsRow {
  flow_id: string;
  name: string | null;
  registered: boolean;
  hops: string;
  errors: string;
  duplicates: string;
  runs: string;
  failed_runs: string;
  last_hop_at: Date | null;
  last_hop_stage: Stage | null;
  last_hop_record_key: string | null;
}

interface StepRow {
  step_start: string;
  hops: string;
  errors: string;
  duplicates: string;
  runs: string;
  failed_runs: string;
}

/**
 * Per-flow ingest stats. Cheap enough to run every few seconds (the live gateway does): one
 * round trip that sums the per-minute ingest counters of the window (bucket index) and finds
 * each flow's last hop with one backward probe of the (flow_id, occurred_at) index; no scan of
 * hops. The window is rounded out to whole minutes, the counters' grain.
 */
@Injectable()
export class FlowStatsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every catalog flow (even idle), plus unregistered flow ids that sent something in the window. */
  async stats(windowSeconds: number): Promise<IngestStatsResponse> {
    const rows: StatsRow[] = await this.ds.query(
      `with counters as (
         select flow_id, sum(hops) as hops, sum(errors) as errors, sum(duplicates) as duplicates,
                sum(runs) as runs, sum(failed_runs) as failed_runs
           from ingest_counters
          where bucket >= date_trunc('minute', now() - make_interval(secs => $1::int))
          group by flow_id),
       ids as (select id as flow_id from flows union select flow_id from counters)
       select ids.flow_id, f.name, f.id is not null as registered,
              coalesce(c.hops, 0) as hops, coalesce(c.errors, 0) as errors, coalesce(c.duplicates, 0) as duplicates,
              coalesce(c.runs, 0) as runs, coalesce(c.failed_runs, 0) as failed_runs,
              last.occurred_at as last_hop_at, last.stage as last_hop_stage, last.record_key as last_hop_record_key
         from ids
         left join flows f on f.id = ids.flow_id
         left join counters c on c.flow_id = ids.flow_id
         left join lateral (
           select h.occurred_at, h.stage, h.record_key from hops h
            where h.flow_id = ids.flow_id order by h.occurred_at desc limit 1) last on true
        order by ids.flow_id`,
      [windowSeconds],
    );
    return { windowSeconds, generatedAt: new Date().toISOString(), flows: rows.map((r) => toFlowStats(r, windowSeconds)) };
  }

  /** Counters of one flow (or all flows together) per step over the window, for charts. */
  async series(flow: string | undefined, windowSeconds: number, stepSeconds: number, now = new Date()): Promise<IngestStatsSeriesResponse> {
    const frame = seriesFrame(now, windowSeconds, stepSeconds);
    const rows: StepRow[] = await this.ds.query(
      `select (floor(extract(epoch from bucket) / $3::int) * $3::int)::bigint as step_start,
              sum(hops) as hops, sum(errors) as errors, sum(duplicates) as duplicates,
              sum(runs) as runs, sum(failed_runs) as failed_runs
         from ingest_counters
        where bucket >= to_timestamp($1::bigint) and bucket < to_timestamp($2::bigint)
          and ($4::text is null or flow_id = $4::text)
        group by 1`,
      [frame.firstStart, frameEnd(frame), stepSeconds, flow ?? null],
    );
    const sums: StepSums[] = rows.map((r) => ({
      stepStart: Number(r.step_start),
      hops: Number(r.hops),
      errors: Number(r.errors),
      duplicates: Number(r.duplicates),
      runs: Number(r.runs),
      failedRuns: Number(r.failed_runs),
    }));
    return {
      flow: flow ?? null,
      windowSeconds,
      stepSeconds,
      from: new Date(frame.firstStart * 1000).toISOString(),
      to: new Date(frameEnd(frame) * 1000).toISOString(),
      points: fillSeries(frame, sums),
    };
  }
}

function toFlowStats(r: StatsRow, windowSeconds: number): FlowIngestStats {
  const counters = {
    hops: Number(r.hops),
    errors: Number(r.errors),
    duplicates: Number(r.duplicates),
    runs: Number(r.runs),
    failedRuns: Number(r.failed_runs),
  };
  return {
    flow: r.flow_id,
    registered: r.registered,
    name: r.name,
    windowSeconds,
    ...counters,
    throughputPerMinute: round(counters.hops / (windowSeconds / 60), 2),
    errorRate: round(errorRate(counters), 4),
    lastHopAt: r.last_hop_at?.toISOString() ?? null,
    lastHopStage: r.last_hop_stage,
    lastHopRecordKey: r.last_hop_record_key,
    health: ingestActivity(counters),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

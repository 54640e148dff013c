import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { type ErrorClass, type Stage } from '@closewatch/contracts/finance';
import { type Page } from '@closewatch/contracts/pagination';
import {
  type BatchScheduleDto,
  type FlowHealthDetailDto,
  type FlowHealthDto,
  type FlowHealthListResponse,
  type FlowSyncStatus,
  type InFlightRecordDto,
  type LagSeriesResponse,
  type MeasuresDataStatus,
  type RecordSyncResponse,
  type SyncDataStatus,
} from '@closewatch/contracts/sync-health';
import { ApiError } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { CatalogService } from '../flows/catalog.service';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { EvaluationLag } from './evaluation-lag.service';
import { latestSlotAtOrBefore, nextSlotAfter } from './expected-slots';
import { seriesSteps } from '../common/series-steps';
import { dataStatusesSeen, emptyMeasureRows, type FlowMeasureRows, measuresFor } from './sync-measures';
import { type BatchStatusInput, flowStatus } from './sync-status';
import { sourceActivity } from './silence-scan';
import { type SourceActivity, watchesSilence } from './source-silence';

/** A data status as stored in the evaluator's per-minute and per-flow tables ('' for unspecified). */
const storedStatus = (s: string): SyncDataStatus => (s === '' ? 'unspecified' : (s as SyncDataStatus));
/** Filter parameter for record_sync (null: every data status). */
const filterOf = (selection: MeasuresDataStatus): string | null => (selection === 'all' ? null : selection);
/** The same filter for tables that store unspecified as ''. */
const storedFilterOf = (selection: MeasuresDataStatus): string | null => (selection === 'all' ? null : selection === 'unspecified' ? '' : selection);

const IN_FLIGHT = `r.first_emitted_at is not null and r.first_posted_at is null and r.last_status = 'ok'`;

interface BatchInfo {
  dto: BatchScheduleDto | null;
  status: BatchStatusInput | null;
  lastSuccessAt: Date | null;
}

export interface HealthQuery {
  windowSeconds: number;
  dataStatus?: SyncDataStatus;
}

/**
 * The read side of sync health: flow status and measures over a window (all flows, or one in
 * detail and split by data status), lag series for charts, the records in flight, and one
 * record's sync per flow. Everything is read from the evaluator's state (record_sync and its
 * per-minute counts), plus the ingest counters for duplicates and the runs for batch flows.
 */
@Injectable()
export class SyncHealthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly catalog: CatalogService,
    private readonly lag: EvaluationLag,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: HealthQuery & { limit: number; cursor?: string }, now = new Date()): Promise<FlowHealthListResponse> {
    const after = decodeFlowCursor(q.cursor);
    const flows = (await this.catalog.flows()).filter((f) => after === undefined || f.id > after).slice(0, q.limit + 1);
    const selection: MeasuresDataStatus = q.dataStatus ?? 'all';
    const page = toPage(
      flows,
      q.limit,
      (f) => f,
      (f) => [f.id],
    );
    const items = await this.evaluate(page.items, now, q.windowSeconds, selection);
    const evaluation = { lagSeconds: await this.lag.seconds(), paceLagSeconds: this.config.ingestPaceLagSeconds, paced: this.lag.pacedHere };
    return { asOf: now.toISOString(), windowSeconds: q.windowSeconds, dataStatus: selection, items, nextCursor: page.nextCursor, evaluation };
  }

  /** Status of every catalog flow over the window (for the evaluator's `flows.health` changes). */
  async statuses(windowSeconds: number, now = new Date()): Promise<{ flow: string; status: FlowSyncStatus; reason: string }[]> {
    const items = await this.evaluate(await this.catalog.flows(), now, windowSeconds, 'all');
    return items.map((i) => ({ flow: i.flow, status: i.status, reason: i.reason }));
  }

  async detail(flowId: string, q: HealthQuery, now = new Date()): Promise<FlowHealthDetailDto> {
    const flow = await this.flowOr404(flowId);
    const selection: MeasuresDataStatus = q.dataStatus ?? 'all';
    const from = new Date(now.getTime() - q.windowSeconds * 1000);
    // Rows for every data status, so the answer can be split; the selection is taken from them.
    const [rows, batch, sources] = await Promise.all([
      this.measureRows([flow], from, now, 'all', true),
      this.batchInfo([flow], from, now),
      this.sourceActivity([flow]),
    ]);
    const flowRows = rows.get(flow.id) ?? emptyMeasureRows();
    const info = batch.get(flow.id) ?? { dto: null, status: null, lastSuccessAt: null };
    const ctx = { now, windowSeconds: q.windowSeconds, freshnessFromRun: flow.pattern === 'batch', lastSuccessfulRunAt: info.lastSuccessAt };
    const measures = measuresFor(flowRows, selection, ctx);
    const status = flowStatus({ now, slo: flow.slo, measures, batch: info.status, source: sources.get(flow.id) ?? null });
    return {
      ...this.header(flow),
      ...status,
      asOf: now.toISOString(),
      measures,
      batch: info.dto,
      byDataStatus: dataStatusesSeen(flowRows).map((s) => measuresFor(flowRows, s, ctx)),
    };
  }

  async lagSeries(flowId: string, q: HealthQuery & { stepSeconds: number }, now = new Date()): Promise<LagSeriesResponse> {
    const flow = await this.flowOr404(flowId);
    const selection: MeasuresDataStatus = q.dataStatus ?? 'all';
    const steps = seriesSteps(now, q.windowSeconds, q.stepSeconds);
    const rows: { i: number; n: number; p: number[] | null }[] = await this.ds.query(
      `select floor(extract(epoch from (first_posted_at - $2::timestamptz)) / $4)::int as i, count(*)::int as n,
              percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by extract(epoch from (first_posted_at - first_emitted_at))::float8) as p
         from record_sync
        where flow_id = $1 and first_posted_at >= $2 and first_posted_at < $3
          and ($5::text is null or coalesce(data_status, 'unspecified') = $5)
        group by 1`,
      [flow.id, steps.start, steps.end, q.stepSeconds, filterOf(selection)],
    );
    const byStep = new Map(rows.map((r) => [r.i, r]));
    const points = Array.from({ length: steps.count }, (_, i) => {
      const r = byStep.get(i);
      const n = r?.n ?? 0;
      return {
        at: new Date(steps.start.getTime() + i * q.stepSeconds * 1000).toISOString(),
        recordsPosted: n,
        throughputPerMinute: Math.round((n / (q.stepSeconds / 60)) * 100) / 100,
        p50: lagOf(r?.p?.[0]),
        p95: lagOf(r?.p?.[1]),
        p99: lagOf(r?.p?.[2]),
      };
    });
    return { flow: flow.id, windowSeconds: q.windowSeconds, stepSeconds: q.stepSeconds, dataStatus: selection, maxLagSeconds: flow.slo.maxLagSeconds, points };
  }

  async inFlight(flowId: string, q: { limit: number; cursor?: string; dataStatus?: SyncDataStatus }, now = new Date()): Promise<Page<InFlightRecordDto>> {
    const flow = await this.flowOr404(flowId);
    const after = decodeInFlightCursor(q.cursor);
    const rows: {
      record_key: string;
      record_type: string | null;
      data_status: SyncDataStatus | null;
      first_emitted_at: Date;
      emitted_key: string;
      last_stage: Stage;
      last_system: string;
      last_occurred_at: Date;
      amount: string | null;
      currency: string | null;
      entity: string | null;
      period: string | null;
      retries: number;
    }[] = await this.ds.query(
      `select r.record_key, r.record_type, r.data_status, r.first_emitted_at,
              to_char(r.first_emitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as emitted_key,
              r.last_stage, r.last_system, r.last_occurred_at, r.amount::text as amount, r.currency, r.entity, r.period, r.retries
         from record_sync r
        where r.flow_id = $1 and ${IN_FLIGHT}
          and ($2::timestamptz is null or (r.first_emitted_at, r.record_key) > ($2::timestamptz, $3::text))
          and ($5::text is null or coalesce(r.data_status, 'unspecified') = $5)
        order by r.first_emitted_at, r.record_key
        limit $4`,
      [flow.id, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1, q.dataStatus ?? null],
    );
    const maxLagMs = flow.slo.maxLagSeconds * 1000;
    return toPage(
      rows,
      q.limit,
      (r): InFlightRecordDto => {
        const ageMs = now.getTime() - r.first_emitted_at.getTime();
        return {
          recordKey: r.record_key,
          recordType: r.record_type,
          dataStatus: r.data_status ?? 'unspecified',
          firstEmittedAt: r.first_emitted_at.toISOString(),
          ageSeconds: Math.max(0, Math.round(ageMs / 1000)),
          pastSlo: ageMs > maxLagMs,
          lastStage: r.last_stage,
          lastSystem: r.last_system,
          lastOccurredAt: r.last_occurred_at.toISOString(),
          amount: r.amount,
          currency: r.currency,
          entity: r.entity,
          period: r.period,
          retries: r.retries,
        };
      },
      (r) => [r.emitted_key, r.record_key],
    );
  }

  async recordSync(recordKey: string, now = new Date()): Promise<RecordSyncResponse> {
    const rows: {
      flow_id: string;
      data_status: SyncDataStatus | null;
      first_emitted_at: Date | null;
      first_posted_at: Date | null;
      lag: number | null;
      last_stage: Stage;
      last_status: 'ok' | 'error';
      last_system: string;
      last_occurred_at: Date;
      last_error_class: ErrorClass | null;
      last_error_code: string | null;
      last_error_message: string | null;
      last_error_at: Date | null;
      hops: number;
      retries: number;
      dead_letters: number;
      amount: string | null;
      currency: string | null;
      entity: string | null;
      period: string | null;
    }[] = await this.ds.query(
      `select flow_id, data_status, first_emitted_at, first_posted_at,
              extract(epoch from (first_posted_at - first_emitted_at))::float8 as lag,
              last_stage, last_status, last_system, last_occurred_at, last_error_class, last_error_code, last_error_message, last_error_at,
              hops, retries, dead_letters, amount::text as amount, currency, entity, period
         from record_sync where record_key = $1 order by flow_id`,
      [recordKey],
    );
    if (!rows.length) throw ApiError.notFound(`record ${recordKey}`);
    const flows = new Map((await this.catalog.flows()).map((f) => [f.id, f]));
    return {
      recordKey,
      asOf: now.toISOString(),
      flows: rows.map((r) => {
        const flow = flows.get(r.flow_id);
        const inFlight = r.first_emitted_at !== null && r.first_posted_at === null && r.last_status === 'ok';
        const ageSeconds = inFlight ? Math.max(0, Math.round((now.getTime() - r.first_emitted_at!.getTime()) / 1000)) : null;
        return {
          flow: r.flow_id,
          registered: flow !== undefined,
          dataStatus: r.data_status ?? 'unspecified',
          firstEmittedAt: r.first_emitted_at?.toISOString() ?? null,
          firstPostedAt: r.first_posted_at?.toISOString() ?? null,
          lagSeconds: lagOf(r.lag),
          inFlight,
          inFlightAgeSeconds: ageSeconds,
          pastSlo: flow && inFlight ? now.getTime() - r.first_emitted_at!.getTime() > flow.slo.maxLagSeconds * 1000 : flow ? false : null,
          maxLagSeconds: flow?.slo.maxLagSeconds ?? null,
          failed: r.first_posted_at === null && r.last_status === 'error',
          lastStage: r.last_stage,
          lastStatus: r.last_status,
          lastSystem: r.last_system,
          lastOccurredAt: r.last_occurred_at.toISOString(),
          lastError: r.last_error_at
            ? { class: r.last_error_class, code: r.last_error_code, message: r.last_error_message, at: r.last_error_at.toISOString() }
            : null,
          hops: r.hops,
          retries: r.retries,
          deadLetters: r.dead_letters,
          amount: r.amount,
          currency: r.currency,
          entity: r.entity,
          period: r.period,
        };
      }),
    };
  }

  // ---------------------------------------------------------------------------------------------

  private async evaluate(flows: FlowDto[], now: Date, windowSeconds: number, selection: MeasuresDataStatus): Promise<FlowHealthDto[]> {
    if (!flows.length) return [];
    const from = new Date(now.getTime() - windowSeconds * 1000);
    const [rows, batch, sources] = await Promise.all([
      this.measureRows(flows, from, now, selection, false),
      this.batchInfo(flows, from, now),
      this.sourceActivity(flows),
    ]);
    return flows.map((flow) => {
      const info = batch.get(flow.id) ?? { dto: null, status: null, lastSuccessAt: null };
      const measures = measuresFor(rows.get(flow.id) ?? emptyMeasureRows(), selection, {
        now,
        windowSeconds,
        freshnessFromRun: flow.pattern === 'batch',
        lastSuccessfulRunAt: info.lastSuccessAt,
      });
      const { errorsByClass: _e, amountInFlight: _i, amountFailed: _f, ...summary } = measures;
      return {
        ...this.header(flow),
        ...flowStatus({ now, slo: flow.slo, measures, batch: info.status, source: sources.get(flow.id) ?? null }),
        measures: summary,
        batch: info.dto,
      };
    });
  }

  private header(flow: FlowDto) {
    return { flow: flow.id, name: flow.name, pattern: flow.pattern, slo: flow.slo };
  }

  /** When the sources of the flows that watch their silence were last heard from. */
  private sourceActivity(flows: FlowDto[]): Promise<Map<string, SourceActivity>> {
    return sourceActivity(
      this.ds,
      flows.filter((f) => watchesSilence(f.slo)).map((f) => f.id),
    );
  }

  private async flowOr404(id: string): Promise<FlowDto> {
    const flow = await this.catalog.flow(id);
    if (!flow) throw ApiError.notFound(`flow ${id}`);
    return flow;
  }

  /**
   * The measure rows of the flows over [from, now], grouped by data status (and error class or
   * currency). In-flight amounts by currency only in `detail`: the summaries do not show them.
   */
  private async measureRows(flows: FlowDto[], from: Date, now: Date, selection: MeasuresDataStatus, detail: boolean): Promise<Map<string, FlowMeasureRows>> {
    const ids = flows.map((f) => f.id);
    const filter = filterOf(selection);
    const storedFilter = storedFilterOf(selection);
    const [minutes, inFlight, failed, posted, lastPosted, ingest] = await Promise.all([
      this.ds.query(
        `select flow_id, data_status, nullif(error_class, '') as error_class, sum(hops)::int as hops, sum(errors)::int as errors,
                sum(retries)::int as retries, sum(dead_letters)::int as dead_letters
           from sync_flow_minutes
          where flow_id = any($1::text[]) and bucket >= date_trunc('minute', $2::timestamptz) and bucket <= $3
            and ($4::text is null or data_status = $4)
          group by 1, 2, 3`,
        [ids, from, now, storedFilter],
      ) as Promise<{ flow_id: string; data_status: string; error_class: string | null; hops: number; errors: number; retries: number; dead_letters: number }[]>,
      // Per flow, an index-only scan of its in-flight records in data-status order (no hashing of 100k rows).
      this.ds.query(
        `select s.flow_id, coalesce(x.data_status, 'unspecified') as data_status, x.currency, x.n, x.past_slo, x.oldest, x.amount
           from unnest($1::text[], $2::timestamptz[]) as s(flow_id, cutoff)
           cross join lateral (
             select r.data_status, ${detail ? 'r.currency' : 'null::text as currency'}, count(*)::int as n,
                    (count(*) filter (where r.first_emitted_at < s.cutoff))::int as past_slo, min(r.first_emitted_at) as oldest,
                    ${detail ? 'sum(r.amount)::text' : 'null::text'} as amount
               from record_sync r
              where r.flow_id = s.flow_id and ${IN_FLIGHT}
                and ($3::text is null or r.data_status is not distinct from nullif($3::text, 'unspecified'))
              group by r.data_status${detail ? ', r.currency' : ''}) x`,
        [ids, flows.map((f) => new Date(now.getTime() - f.slo.maxLagSeconds * 1000)), filter],
      ) as Promise<
        { flow_id: string; data_status: SyncDataStatus; currency: string | null; n: number; past_slo: number; oldest: Date; amount: string | null }[]
      >,
      this.ds.query(
        `select r.flow_id, coalesce(r.data_status, 'unspecified') as data_status, r.currency, count(*)::int as n, sum(r.amount)::text as amount
           from record_sync r
          where r.flow_id = any($1::text[]) and r.first_posted_at is null and r.last_status = 'error' and r.last_error_at >= $2
            and ($3::text is null or coalesce(r.data_status, 'unspecified') = $3)
          group by 1, 2, 3`,
        [ids, from, filter],
      ) as Promise<{ flow_id: string; data_status: SyncDataStatus; currency: string | null; n: number; amount: string | null }[]>,
      this.ds.query(
        `select flow_id, case when grouping(data_status) = 1 then 'all' else data_status end as data_status, count(*)::int as n,
                percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by lag) as p
           -- grouped in the "C" collation: the groups only need equality, and byte order sorts faster
           from (select flow_id collate "C" as flow_id, coalesce(data_status, 'unspecified') collate "C" as data_status,
                        extract(epoch from (first_posted_at - first_emitted_at))::float8 as lag
                   from record_sync
                  where flow_id = any($1::text[]) and first_posted_at >= $2 and first_posted_at <= $3
                    and ($4::text is null or coalesce(data_status, 'unspecified') = $4)) s
          group by grouping sets ((flow_id), (flow_id, data_status))`,
        [ids, from, now, filter],
      ) as Promise<{ flow_id: string; data_status: MeasuresDataStatus; n: number; p: number[] | null }[]>,
      this.ds.query(`select flow_id, data_status, last_posted_at from sync_flow_postings where flow_id = any($1::text[])`, [ids]) as Promise<
        { flow_id: string; data_status: string; last_posted_at: Date }[]
      >,
      this.ds.query(
        `select flow_id, sum(hops)::int as hops, sum(duplicates)::int as duplicates
           from ingest_counters where flow_id = any($1::text[]) and bucket >= date_trunc('minute', $2::timestamptz) and bucket <= $3
          group by 1`,
        [ids, from, now],
      ) as Promise<{ flow_id: string; hops: number; duplicates: number }[]>,
    ]);

    const out = new Map<string, FlowMeasureRows>(ids.map((id) => [id, emptyMeasureRows()]));
    const of = (id: string) => out.get(id)!;
    for (const r of minutes) {
      of(r.flow_id).minutes.push({
        dataStatus: storedStatus(r.data_status),
        errorClass: r.error_class,
        hops: r.hops,
        errors: r.errors,
        retries: r.retries,
        deadLetters: r.dead_letters,
      });
    }
    for (const r of inFlight) {
      of(r.flow_id).inFlight.push({ dataStatus: r.data_status, currency: r.currency, count: r.n, pastSlo: r.past_slo, oldest: r.oldest, amount: r.amount });
    }
    for (const r of failed) of(r.flow_id).failed.push({ dataStatus: r.data_status, currency: r.currency, count: r.n, amount: r.amount });
    for (const r of posted)
      of(r.flow_id).posted.push({ dataStatus: r.data_status, count: r.n, p50: r.p?.[0] ?? null, p95: r.p?.[1] ?? null, p99: r.p?.[2] ?? null });
    // With a data status selected, the flow-level grouping set is that data status.
    if (selection !== 'all') for (const rows of out.values()) for (const p of rows.posted) if (p.dataStatus === 'all') p.dataStatus = selection;
    for (const r of lastPosted) of(r.flow_id).lastPosted.push({ dataStatus: storedStatus(r.data_status), at: r.last_posted_at });
    for (const r of ingest) of(r.flow_id).ingest = { hops: r.hops, duplicates: r.duplicates };
    return out;
  }

  /** Runs and expected slots of batch flows (pattern batch, or any flow with a schedule). */
  private async batchInfo(flows: FlowDto[], from: Date, now: Date): Promise<Map<string, BatchInfo>> {
    const batchFlows = flows.filter((f) => f.pattern === 'batch' || f.slo.scheduleCron);
    if (!batchFlows.length) return new Map();
    const ids = batchFlows.map((f) => f.id);
    const [counts, lastRuns, slots] = await Promise.all([
      this.ds.query(
        `select f.flow_id,
                (select max(coalesce(r.finished_at, r.started_at, r.received_at)) from runs r where r.flow_id = f.flow_id and r.status = 'succeeded') as last_success_at,
                (select count(*)::int from runs r where r.flow_id = f.flow_id and r.status = 'failed'
                    and coalesce(r.finished_at, r.started_at, r.received_at) >= $2) as failed_in_window,
                (select count(*)::int from sync_run_slots s where s.flow_id = f.flow_id and s.outcome = 'missed' and s.slot_at >= $2) as missed_in_window
           from unnest($1::text[]) as f(flow_id)`,
        [ids, from],
      ) as Promise<{ flow_id: string; last_success_at: Date | null; failed_in_window: number; missed_in_window: number }[]>,
      this.ds.query(
        `select distinct on (flow_id, coalesce(entity, '')) flow_id, entity, run_id, status, coalesce(finished_at, started_at, received_at) as at
           from runs where flow_id = any($1::text[]) and status in ('succeeded', 'failed')
          order by flow_id, coalesce(entity, ''), coalesce(finished_at, started_at, received_at) desc, id desc`,
        [ids],
      ) as Promise<{ flow_id: string; entity: string | null; run_id: string; status: 'succeeded' | 'failed'; at: Date }[]>,
      this.ds.query(
        `select s.*,
                (s.outcome = 'missed' and not exists (
                   select 1 from runs r where r.flow_id = s.flow_id and r.status = 'succeeded'
                      and coalesce(r.started_at, r.finished_at, r.received_at) >= s.slot_at
                      and (s.entity = '' or r.entity is null or r.entity = s.entity))) as overdue
           from (select distinct on (flow_id, entity) flow_id, entity, slot_at, outcome, run_id
                   from sync_run_slots where flow_id = any($1::text[]) order by flow_id, entity, slot_at desc) s`,
        [ids],
      ) as Promise<{ flow_id: string; entity: string; slot_at: Date; outcome: 'ran' | 'missed'; run_id: string | null; overdue: boolean }[]>,
    ]);

    const out = new Map<string, BatchInfo>();
    for (const flow of batchFlows) {
      const c = counts.find((x) => x.flow_id === flow.id);
      const runs = lastRuns.filter((r) => r.flow_id === flow.id).sort((a, b) => b.at.getTime() - a.at.getTime());
      const flowSlots = slots.filter((s) => s.flow_id === flow.id);
      const lastRun = runs[0] ?? null;
      const lastFailed = runs.find((r) => r.status === 'failed');
      const status: BatchStatusInput = {
        lastRunFailed: lastFailed ? { runId: lastFailed.run_id, at: lastFailed.at, entity: lastFailed.entity } : null,
        overdue: flowSlots.filter((s) => s.overdue).map((s) => ({ entity: s.entity || null, expectedAt: s.slot_at })),
        missedInWindow: c?.missed_in_window ?? 0,
        failedRunsInWindow: c?.failed_in_window ?? 0,
      };
      const cron = flow.slo.scheduleCron;
      let dto: BatchScheduleDto | null = null;
      if (cron) {
        const tz = flow.slo.scheduleTimezone;
        const safe = <T>(f: () => T): T | null => {
          try {
            return f();
          } catch {
            return null;
          }
        };
        dto = {
          cron,
          timezone: tz,
          graceSeconds: flow.slo.graceSeconds,
          lastExpectedAt: safe(() => latestSlotAtOrBefore(cron, tz, new Date(now.getTime() - flow.slo.graceSeconds * 1000)))?.toISOString() ?? null,
          nextExpectedAt: safe(() => nextSlotAfter(cron, tz, now))?.toISOString() ?? null,
          lastSuccessAt: c?.last_success_at?.toISOString() ?? null,
          lastRun: lastRun ? { runId: lastRun.run_id, status: lastRun.status, at: lastRun.at.toISOString(), entity: lastRun.entity } : null,
          missedInWindow: status.missedInWindow,
          failedRunsInWindow: status.failedRunsInWindow,
          entities: (flow.entities.length ? flow.entities : ['']).map((entity) => {
            const s = flowSlots.find((x) => x.entity === entity);
            return { entity: entity || null, lastSlotAt: s?.slot_at.toISOString() ?? null, lastOutcome: s?.outcome ?? null, runId: s?.run_id ?? null };
          }),
        };
      }
      // Without a schedule there are no expected runs: only the runs themselves count.
      out.set(flow.id, { dto, status: cron ? status : { ...status, overdue: [], missedInWindow: 0 }, lastSuccessAt: c?.last_success_at ?? null });
    }
    return out;
  }
}

function lagOf(n: number | null | undefined): number | null {
  return n === null || n === undefined ? null : Math.round(n * 1000) / 1000;
}

function decodeFlowCursor(cursor: string | undefined): string | undefined {
  const key = decodeCursor<[unknown]>(cursor, 1);
  if (key === undefined) return undefined;
  if (typeof key[0] !== 'string') throw ApiError.field('cursor', 'is not a cursor this list returned');
  return key[0];
}

function decodeInFlightCursor(cursor: string | undefined): [string, string] | undefined {
  const key = decodeCursor<[unknown, unknown]>(cursor, 2);
  if (key === undefined) return undefined;
  const [at, recordKey] = key;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof recordKey !== 'string') {
    throw ApiError.field('cursor', 'is not a cursor this list returned');
  }
  return [at, recordKey];
}

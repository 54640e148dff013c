import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type FlowSyncStatus } from '@closewatch/contracts/sync-health';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { CatalogService } from '../flows/catalog.service';
import { LiveBus } from '../live/live-bus';
import { ReplaysService } from '../replays/replays.service';
import { scanDelays } from './delay-scan';
import { deleteOutbox, enqueueOutbox, peekOutbox } from './finding-outbox';
import { applyHopBatch } from './hop-batch';
import { returnedRows } from '../common/query-records';
import { applyRunBatch } from './run-batch';
import { scanSchedules } from './schedule-scan';
import { scanSilences } from './silence-scan';
import { claimBatch, completeBatch, type StreamBatch, type StreamName } from './stream-cursor';
import { EVALUATOR_ACTOR, intakeCalls, type OutboxItem, registeredFlowItem } from './sync-findings';
import { SyncHealthService } from './sync-health.service';

/** Batches of one stream per tick at most; a backlog is worked off over several ticks. */
export const MAX_BATCHES_PER_TICK = 20;
/** Outbox items handed to the intake per transaction. */
export const DRAIN_CHUNK = 500;

/** What one tick did. */
export interface TickReport {
  /** False when another replica (or tick) held the evaluation lock: nothing was done. */
  claimed: boolean;
  hops: number;
  runs: number;
  /** Both streams were read to their end. */
  caughtUp: boolean;
  /** Findings and auto-resolve signals queued by this tick. */
  findings: number;
  resolves: number;
  /** Outbox items handed to the exception intake (this tick's and any left over). */
  delivered: number;
  statusChanges: number;
  ms: number;
  /** Where the time went: reading hops, runs, the scans (delays, schedules, registrations), the intake, the statuses. */
  phasesMs: { hops: number; runs: number; scans: number; intake: number; statuses: number };
}

/**
 * The scheduled, incremental sync-health evaluation. One tick:
 * 1. folds the hops that arrived since the last tick into record_sync and the per-minute
 *    counts, in bounded batches, each in one transaction with the stream cursor it advances;
 *    failures, unregistered flows and postings that clear findings are queued in the outbox in
 *    the same transaction;
 * 2. reads new run reports the same way (failed runs, successes that clear run findings);
 * 3. finds records that just went past their flow's SLO, expected batch runs that did not
 *    start, event flows whose source went silent past their threshold (or is heard again),
 *    and unregistered flows that are now in the catalog;
 * 4. settles replay requests whose record was posted or failed again, or that expired
 *    (ReplaysService.pass), then hands the outbox to the exception intake (ExceptionsService) in order;
 * 5. publishes flows whose status changed on the LiveBus (`flows.health`), when someone listens.
 * Every transaction first takes a transaction-scoped advisory lock with try: across replicas,
 * one does the work and the others skip. All state is in PostgreSQL, so a new instance (a
 * restart, another replica) continues exactly where the last committed transaction left off.
 */
@Injectable()
export class SyncEvaluatorService {
  private readonly logger = new Logger('sync-health');
  private readonly lastStatuses = new Map<string, FlowSyncStatus>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly catalog: CatalogService,
    private readonly exceptions: ExceptionsService,
    private readonly health: SyncHealthService,
    private readonly bus: LiveBus,
    private readonly replays: ReplaysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs one tick; ticks of this instance run one after another. `now` is for tests of time-driven rules. */
  tick(options: { now?: Date } = {}): Promise<TickReport> {
    const run = this.queue.then(() => this.runTick(options.now ?? new Date()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTick(now: Date): Promise<TickReport> {
    const started = Date.now();
    const phasesMs = { hops: 0, runs: 0, scans: 0, intake: 0, statuses: 0 };
    let mark = started;
    const phase = (name: keyof typeof phasesMs) => {
      const at = Date.now();
      phasesMs[name] = at - mark;
      mark = at;
    };
    const report: TickReport = { claimed: true, hops: 0, runs: 0, caughtUp: true, findings: 0, resolves: 0, delivered: 0, statusChanges: 0, ms: 0, phasesMs };
    const flows = await this.catalog.flows();
    const catalogFlowIds = flows.map((f) => f.id);
    const reportSince = new Date(now.getTime() - this.config.evaluationLookbackDays * 86_400_000);
    const count = (items: readonly OutboxItem[]) => {
      for (const i of items) report[i.kind === 'finding' ? 'findings' : 'resolves'] += 1;
    };

    const hops = await this.readStream('hops', now, (m, b) => applyHopBatch(m, b, { now, reportSince, catalogFlowIds }));
    if (hops === null) return { ...report, claimed: false, ms: Date.now() - started };
    phase('hops');
    const runs = await this.readStream('runs', now, (m, b) => applyRunBatch(m, b, now, reportSince));
    phase('runs');
    for (const r of [hops, runs]) if (r) count(r.items);
    report.hops = hops.rows;
    report.runs = runs?.rows ?? 0;
    report.caughtUp = hops.caughtUp && (runs?.caughtUp ?? false);

    const scanned = await this.ds.transaction(async (m) => {
      if (!(await tryLock(m))) return null;
      const registered = returnedRows<{ flow_id: string }>(
        await m.query(`delete from sync_unregistered_flows where flow_id = any($1::text[]) returning flow_id`, [catalogFlowIds]),
      );
      const items: OutboxItem[] = [
        ...registered.map((r) => registeredFlowItem(r.flow_id)),
        ...(await scanDelays(
          m,
          flows.map((f) => ({ flowId: f.id, maxLagSeconds: f.slo.maxLagSeconds })),
          now,
          reportSince,
        )),
        ...(await scanSchedules(m, flows, now, this.config.evaluationLookbackDays * 86_400_000)),
        ...(await scanSilences(m, flows, now)),
      ];
      await enqueueOutbox(m, items);
      return items;
    });
    if (scanned) count(scanned);
    phase('scans');

    // Replay requests first (docs/replays.md): a replayed posting resolves its exception as `replayed` before the intake would as a plain posting.
    await this.replays.pass(now);
    report.delivered = await this.drain();
    phase('intake');
    report.statusChanges = await this.publishStatuses(now);
    phase('statuses');
    report.ms = Date.now() - started;
    if (report.hops || report.runs || report.findings || report.resolves) this.logger.debug({ msg: 'sync-health tick', ...report });
    return report;
  }

  /** Reads a stream in batches until caught up or the per-tick budget is spent; null when another evaluator holds the lock. */
  private async readStream(
    stream: StreamName,
    now: Date,
    apply: (m: EntityManager, b: StreamBatch) => Promise<OutboxItem[]>,
  ): Promise<{ rows: number; items: OutboxItem[]; caughtUp: boolean } | null> {
    const out = { rows: 0, items: [] as OutboxItem[], caughtUp: false };
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const done = await this.ds.transaction(async (m) => {
        if (!(await tryLock(m))) return null;
        const batch = await claimBatch(m, stream, this.config.evaluationBatchSize, now, i === 0);
        const items = batch.size ? await apply(m, batch) : [];
        await enqueueOutbox(m, items);
        await completeBatch(m, batch, now);
        return { batch, items };
      });
      if (!done) return i === 0 ? null : out;
      out.rows += done.batch.size;
      out.items.push(...done.items);
      if (done.batch.rangeSize < this.config.evaluationBatchSize) {
        out.caughtUp = true;
        break;
      }
    }
    return out;
  }

  /**
   * Hands queued findings and signals to the exception intake, oldest first. Items are deleted
   * in the transaction that holds the lock while the intake takes them; when the intake fails,
   * what it took is deleted and the rest stays for the next tick.
   */
  private async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const round = await this.ds.transaction(async (m) => {
        if (!(await tryLock(m))) return { taken: 0, more: false };
        const entries = await peekOutbox(m, DRAIN_CHUNK);
        let taken = 0;
        let failed = false;
        try {
          for (const call of intakeCalls(entries.map((e) => e.item))) {
            if (call.kind === 'finding') await this.exceptions.recordFindings(call.findings, { actor: EVALUATOR_ACTOR });
            else await this.exceptions.autoResolve(call.matches, call.reason, { actor: EVALUATOR_ACTOR });
            taken += call.size;
          }
        } catch (err) {
          failed = true;
          this.logger.error({ msg: 'exception intake failed; the rest of the outbox stays queued', error: String(err) });
        }
        await deleteOutbox(
          m,
          entries.slice(0, taken).map((e) => e.id),
        );
        return { taken, more: !failed && entries.length === DRAIN_CHUNK };
      });
      delivered += round.taken;
      if (!round.more) return delivered;
    }
  }

  /** Publishes the flows whose status (over the default window) changed since this instance last looked. */
  private async publishStatuses(now: Date): Promise<number> {
    if (!this.bus.flowHealth$.observed) return 0;
    const statuses = await this.health.statuses(this.config.healthWindowSeconds, now);
    const changes = statuses
      .filter((s) => this.lastStatuses.get(s.flow) !== s.status)
      .map((s) => ({ flow: s.flow, status: s.status, previous: this.lastStatuses.get(s.flow) ?? null, reason: s.reason }));
    const current = new Set(statuses.map((s) => s.flow));
    for (const flow of [...this.lastStatuses.keys()]) if (!current.has(flow)) this.lastStatuses.delete(flow);
    for (const s of statuses) this.lastStatuses.set(s.flow, s.status);
    this.bus.publishFlowHealth({ at: now.toISOString(), windowSeconds: this.config.healthWindowSeconds, changes });
    return changes.length;
  }
}

/** The evaluation lock, per transaction: one evaluator across replicas works at a time, the others skip. */
async function tryLock(m: EntityManager): Promise<boolean> {
  const [row]: { locked: boolean }[] = await m.query(`select pg_try_advisory_xact_lock(hashtextextended('closewatch:sync-health', 0)) as locked`);
  return row?.locked === true;
}

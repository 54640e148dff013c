import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ReconRunnerService } from './recon-runner.service';
import { claimRun, enqueueDueSchedules, enqueueRun, failStaleRuns } from './recon-queue';
import { nextRetry } from './retry-policy';
import { RunCancelled, WorkerStopping } from './run-signals';

/**
 * Executes queued runs in this process: claims them from the PostgreSQL queue (each run once
 * across replicas), up to CLOSEWATCH_RECON_WORKERS at a time, and keeps an AbortController per
 * running run so a cancel request stops it at once. `tick()` is what the scheduler calls (fail
 * stale runs, enqueue due schedules, start claimed runs); tests call `runNext()` / `drain()`.
 */
@Injectable()
export class ReconWorkerService implements OnModuleDestroy {
  private readonly logger = new Logger('recon');
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private stopping = false;
  private ticking: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ReconRunnerService,
  ) {}

  /** Claims one due run and executes it to the end; returns its id and final status, or null when none was due. */
  async runNext(): Promise<{ runId: string; status: string } | null> {
    if (this.stopping) return null;
    const run = await claimRun(this.ds, this.id);
    if (!run) return null;
    const controller = new AbortController();
    const done = this.runner.execute(run, controller);
    this.active.set(run.id, { controller, done });
    try {
      return { runId: run.id, status: await done };
    } finally {
      this.active.delete(run.id);
    }
  }

  /** Executes due runs one after another until none is due (tests, and one-off use). */
  async drain(): Promise<{ runId: string; status: string }[]> {
    const out: { runId: string; status: string }[] = [];
    for (;;) {
      const r = await this.runNext();
      if (!r) return out;
      out.push(r);
    }
  }

  /** Aborts a run executed by this process (a cancel request); returns whether it was here. */
  cancelLocal(runId: string): boolean {
    const a = this.active.get(runId);
    if (!a) return false;
    a.controller.abort(new RunCancelled());
    return true;
  }

  /** One scheduler tick: fail runs whose worker vanished (and retry them), enqueue due schedules, start runs up to the worker limit. */
  tick(): Promise<void> {
    this.ticking ??= this.doTick().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private tickLogged(): void {
    this.tick().catch((err: unknown) => this.logger.error({ msg: 'reconciliation tick failed', err: err instanceof Error ? err.stack : String(err) }));
  }

  private async doTick(): Promise<void> {
    if (this.stopping) return;
    await this.recoverStale();
    await enqueueDueSchedules(this.ds, new Date());
    while (!this.stopping && this.active.size < this.config.recon.workers) {
      const run = await claimRun(this.ds, this.id);
      if (!run) return;
      const controller = new AbortController();
      const done = this.runner
        .execute(run, controller)
        .catch((err: unknown) => this.logger.error({ msg: 'reconciliation run crashed', runId: run.id, err: err instanceof Error ? err.stack : String(err) }))
        .finally(() => {
          this.active.delete(run.id);
          // A slot freed up: look for more work at once.
          // Outside the scheduler's catch: a failed tick (database gone) must be logged, not
          // become an unhandled rejection that stops the process.
          if (!this.stopping) setImmediate(() => this.tickLogged());
        });
      this.active.set(run.id, { controller, done });
    }
  }

  /** Stale runs (no heartbeat within CLOSEWATCH_RECON_STALE_SECONDS) are failed as worker_lost and retried per policy. */
  async recoverStale(): Promise<number> {
    const stale = await failStaleRuns(this.ds, this.config.recon.staleSeconds);
    for (const r of stale) {
      this.logger.warn({ msg: 'reconciliation run lost its worker', runId: r.id, reconId: r.recon_id });
      const error = { code: 'worker_lost', message: r.error_message ?? '', retryable: true };
      const at = nextRetry(error, r.attempt, this.config.recon.retries, this.config.recon.retryDelaySeconds, new Date());
      if (at)
        await enqueueRun(this.ds, {
          reconId: r.recon_id,
          trigger: 'retry',
          requestedScope: r.requested_scope,
          retryOf: r.id,
          attempt: r.attempt + 1,
          notBefore: at,
        });
    }
    return stale.length;
  }

  /** Runs executed by this process right now. */
  activeRuns(): string[] {
    return [...this.active.keys()];
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.ticking?.catch(() => undefined);
    for (const a of this.active.values()) a.controller.abort(new WorkerStopping());
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }
}

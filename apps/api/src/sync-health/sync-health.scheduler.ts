import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type Subscription } from 'rxjs';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LiveBus } from '../live/live-bus';
import { SyncEvaluatorService } from './sync-evaluator.service';

export const EVALUATION_INTERVAL_NAME = 'sync-health-evaluation';
/** After hops are committed, evaluate this much later (one tick for a burst of ingest requests). */
export const INGEST_DEBOUNCE_MS = 1_000;

/**
 * When evaluation runs: every CLOSEWATCH_EVALUATION_INTERVAL_SECONDS (an interval registered with
 * @nestjs/schedule), shortly after ingest commits hops (cheap: a tick reads only what is new),
 * and at once again after a tick that did not reach the end of the streams (a backlog is worked
 * off back to back, not a second at a time). Only claims the work and delegates to SyncEvaluatorService; one tick at a time per
 * process, and the evaluator's lock makes it one across replicas. Active only when
 * config.schedulers is true (ScheduleModule is imported only then; tests call tick() directly).
 */
@Injectable()
export class SyncHealthScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('sync-health');
  private subscription: Subscription | undefined;
  private pending: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** A claim came while a tick ran (that tick may have read its batch before the commit): tick again soon after it. */
  private again = false;
  private stopped = false;

  constructor(
    private readonly evaluator: SyncEvaluatorService,
    private readonly bus: LiveBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry) return;
    const interval = setInterval(() => this.claim(), this.config.evaluationIntervalSeconds * 1000);
    interval.unref();
    this.registry.addInterval(EVALUATION_INTERVAL_NAME, interval);
    this.subscription = this.bus.hopsCommitted$.subscribe(() => this.soon());
    this.claim();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.pending) clearTimeout(this.pending);
    if (this.registry?.getIntervals().includes(EVALUATION_INTERVAL_NAME)) this.registry.deleteInterval(EVALUATION_INTERVAL_NAME);
    await this.running;
  }

  private soon(): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.claim();
    }, INGEST_DEBOUNCE_MS);
    this.pending.unref();
  }

  private claim(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = this.evaluator
      .tick()
      .then((r) => r.claimed && !r.caughtUp)
      .catch((err: unknown) => {
        this.logger.error({ msg: 'sync-health evaluation failed', error: err instanceof Error ? err.stack : String(err) });
        return false;
      })
      .then((behind) => {
        this.running = undefined;
        // Behind: the next tick now (another replica holding the lock is not "behind" here). Asked
        // while busy (a commit the tick may have missed): the next one soon, as for any commit.
        if (behind) setImmediate(() => this.claim());
        else if (this.again) this.soon();
      });
  }
}

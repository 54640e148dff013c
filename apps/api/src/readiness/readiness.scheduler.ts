import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { merge, type Subscription } from 'rxjs';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LiveBus } from '../live/live-bus';
import { ReadinessService } from './readiness.service';

export const READINESS_INTERVAL_NAME = 'close-readiness';
/** A change starts a pass this long after it, so a burst of changes makes one pass. */
export const READINESS_NUDGE_MS = 500;

/**
 * When readiness is evaluated: every CLOSEWATCH_READINESS_INTERVAL_SECONDS, and shortly after
 * exceptions change, a reconciliation run finishes or a flow's health changes (LiveBus). One
 * pass at a time per process; recording takes the readiness lock, so replicas never record the
 * same transition twice. Active only when config.schedulers is true (tests call pass(now)).
 */
@Injectable()
export class ReadinessScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('readiness');
  private running: Promise<void> | undefined;
  private again = false;
  private nudge: NodeJS.Timeout | undefined;
  private subscription: Subscription | undefined;
  private stopped = false;

  constructor(
    private readonly readiness: ReadinessService,
    private readonly bus: LiveBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry) return;
    const interval = setInterval(() => this.claim(), this.config.readiness.intervalSeconds * 1000);
    interval.unref();
    this.registry.addInterval(READINESS_INTERVAL_NAME, interval);
    this.subscription = merge(this.bus.exceptions$, this.bus.flowHealth$, this.bus.reconRuns$).subscribe((e) => {
      if ('status' in e && (e.status === 'queued' || e.status === 'running')) return;
      this.soon();
    });
    this.claim();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    clearTimeout(this.nudge);
    if (this.registry?.getIntervals().includes(READINESS_INTERVAL_NAME)) this.registry.deleteInterval(READINESS_INTERVAL_NAME);
    await this.running;
  }

  private soon(): void {
    if (this.nudge || this.stopped) return;
    this.nudge = setTimeout(() => {
      this.nudge = undefined;
      this.claim();
    }, READINESS_NUDGE_MS);
    this.nudge.unref();
  }

  private claim(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true; // a change during a pass gets a pass of its own
      return;
    }
    this.running = this.readiness
      .pass()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ msg: 'close readiness pass failed', error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.soon();
        }
      });
  }
}

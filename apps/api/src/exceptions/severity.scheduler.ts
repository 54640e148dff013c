import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { SeverityRecomputeService } from './severity-recompute.service';

export const SEVERITY_INTERVAL_NAME = 'severity-recompute';

/**
 * When severity is recomputed near the close: every CLOSEWATCH_SEVERITY_RECOMPUTE_INTERVAL_SECONDS
 * (an interval registered with @nestjs/schedule). Only claims the work and delegates to
 * SeverityRecomputeService, one pass at a time per process; the service's advisory lock makes
 * it one across replicas. Active only when config.schedulers is true (tests call recompute(now)).
 */
@Injectable()
export class SeverityScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('severity');
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly recompute: SeverityRecomputeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry) return;
    const interval = setInterval(() => this.claim(), this.config.severityRecomputeIntervalSeconds * 1000);
    interval.unref();
    this.registry.addInterval(SEVERITY_INTERVAL_NAME, interval);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry?.getIntervals().includes(SEVERITY_INTERVAL_NAME)) this.registry.deleteInterval(SEVERITY_INTERVAL_NAME);
    await this.running;
  }

  private claim(): void {
    if (this.running || this.stopped) return;
    this.running = this.recompute
      .recompute()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ msg: 'severity recomputation failed', error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => (this.running = undefined));
  }
}

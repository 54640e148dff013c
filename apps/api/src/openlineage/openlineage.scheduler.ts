import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { OpenLineageService } from './openlineage.service';

export const OPENLINEAGE_INTERVAL_NAME = 'openlineage-push';

/**
 * Every CLOSEWATCH_OPENLINEAGE_PUSH_INTERVAL_SECONDS: queue the run events recorded since the last
 * pass for the push, one pass at a time per process. Active only when schedulers run and
 * CLOSEWATCH_OPENLINEAGE_URL is set (tests call queuePush themselves).
 */
@Injectable()
export class OpenLineageScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('openlineage');
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly openlineage: OpenLineageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry || !this.config.openlineage.url) return;
    const interval = setInterval(() => this.claim(), this.config.openlineage.pushIntervalSeconds * 1000);
    interval.unref();
    this.registry.addInterval(OPENLINEAGE_INTERVAL_NAME, interval);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry?.getIntervals().includes(OPENLINEAGE_INTERVAL_NAME)) this.registry.deleteInterval(OPENLINEAGE_INTERVAL_NAME);
    await this.running;
  }

  private claim(): void {
    if (this.running || this.stopped) return;
    this.running = this.openlineage
      .queuePush()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ msg: 'openlineage push pass failed', error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => (this.running = undefined));
  }
}

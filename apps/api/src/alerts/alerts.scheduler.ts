import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AlertOutboxService } from './alert-outbox.service';
import { DeliveryService } from './delivery/delivery.service';

export const ALERTS_INTERVAL_NAME = 'alerts-delivery';
const DRAIN_BUDGET_MS = 10_000;

/**
 * Every CLOSEWATCH_ALERT_POLL_MS: one pass of what time brings (repeats, escalations, ended
 * silences), then delivery of everything due, one pass at a time per process. Claims in the
 * database make it safe on every replica at once. Active only when config.schedulers is true and
 * CLOSEWATCH_ALERT_CONCURRENCY is above 0 (tests call tick(now) and drain(now)).
 */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('alerts');
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly outbox: AlertOutboxService,
    private readonly delivery: DeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry || this.config.alerts.concurrency === 0) return;
    const interval = setInterval(() => this.claim(), this.config.alerts.pollMs);
    interval.unref();
    this.registry.addInterval(ALERTS_INTERVAL_NAME, interval);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry?.getIntervals().includes(ALERTS_INTERVAL_NAME)) this.registry.deleteInterval(ALERTS_INTERVAL_NAME);
    await this.running;
  }

  private claim(): void {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      await this.outbox.tick();
      // Bounded, so repeats and escalations still come round while a burst drains.
      await this.delivery.drain(undefined, DRAIN_BUDGET_MS);
    })()
      .catch((err: unknown) => this.logger.error({ msg: 'alert delivery pass failed', error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => (this.running = undefined));
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional, Inject } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TelemetryPartitions } from './telemetry-partitions.service';

export const PARTITIONS_INTERVAL_NAME = 'telemetry-partitions';
/** An hour: months are made MONTHS_AHEAD ahead, so a pass missed for days changes nothing. */
const INTERVAL_MS = 3_600_000;
/** The first pass, a minute after start: the migration made the coming months, and start-up has its own work. */
const FIRST_PASS_MS = 60_000;

/**
 * Runs a partition maintenance pass a minute after start and every hour, when config.schedulers is true;
 * the advisory lock makes it one pass at a time across replicas (tests call
 * TelemetryPartitions.maintain()).
 */
@Injectable()
export class TelemetryPartitionsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('partitions');
  private running: Promise<void> | undefined;
  private first: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly partitions: TelemetryPartitions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry) return;
    const interval = setInterval(() => this.run(), INTERVAL_MS);
    interval.unref();
    this.registry.addInterval(PARTITIONS_INTERVAL_NAME, interval);
    this.first = setTimeout(() => this.run(), FIRST_PASS_MS);
    this.first.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.first);
    if (this.registry?.getIntervals().includes(PARTITIONS_INTERVAL_NAME)) this.registry.deleteInterval(PARTITIONS_INTERVAL_NAME);
    await this.running;
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.running = this.partitions
      .maintain()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ msg: 'telemetry partition maintenance failed', error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => (this.running = undefined));
  }
}

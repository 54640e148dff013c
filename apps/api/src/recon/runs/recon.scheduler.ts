import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ReconWorkerService } from './recon-worker.service';

export const RECON_INTERVAL_NAME = 'recon-queue';

/**
 * When reconciliation work is looked for: every CLOSEWATCH_RECON_POLL_SECONDS (an interval
 * registered with @nestjs/schedule) and right after a run is requested. It only triggers the
 * worker's tick, which claims due schedules and queued runs in the database. Active only when
 * config.schedulers is true and this process has workers (CLOSEWATCH_RECON_WORKERS > 0).
 */
@Injectable()
export class ReconScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('recon');
  private active = false;

  constructor(
    private readonly worker: ReconWorkerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry || this.config.recon.workers === 0) return;
    this.active = true;
    const interval = setInterval(() => this.kick(), this.config.recon.pollSeconds * 1000);
    interval.unref();
    this.registry.addInterval(RECON_INTERVAL_NAME, interval);
    this.kick();
  }

  /** Looks for work now (after a run was queued); a no-op unless the scheduler is active. */
  kick(): void {
    if (!this.active) return;
    this.worker.tick().catch((err: unknown) => this.logger.error({ msg: 'reconciliation tick failed', err: err instanceof Error ? err.stack : String(err) }));
  }

  onModuleDestroy(): void {
    this.active = false;
    if (this.registry?.getIntervals().includes(RECON_INTERVAL_NAME)) this.registry.deleteInterval(RECON_INTERVAL_NAME);
  }
}

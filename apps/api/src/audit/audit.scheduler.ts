import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AuditLog } from './audit-log.service';

export const AUDIT_CHECKPOINT_INTERVAL_NAME = 'audit-checkpoint';
/** How often a replica looks whether a checkpoint is due; the claim and the age check make one per interval. */
const LOOK_MS = 60_000;

/**
 * Signs a checkpoint of the audit chain every CLOSEWATCH_AUDIT_CHECKPOINT_MINUTES: each replica
 * looks every minute, the advisory lock and the age of the last checkpoint make it one signature
 * per interval across replicas. Active only when config.schedulers is true (tests call
 * AuditLog.checkpoint()).
 */
@Injectable()
export class AuditScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulers || !this.registry) return;
    const interval = setInterval(() => this.claim(), Math.min(LOOK_MS, this.config.audit.checkpointMinutes * 60_000));
    interval.unref();
    this.registry.addInterval(AUDIT_CHECKPOINT_INTERVAL_NAME, interval);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry?.getIntervals().includes(AUDIT_CHECKPOINT_INTERVAL_NAME)) this.registry.deleteInterval(AUDIT_CHECKPOINT_INTERVAL_NAME);
    await this.running;
  }

  private claim(): void {
    if (this.running || this.stopped) return;
    // A little early, so a look a few seconds late never skips a whole interval.
    const minAgeMs = this.config.audit.checkpointMinutes * 60_000 - LOOK_MS / 2;
    this.running = this.audit
      .checkpoint(Math.max(1, minAgeMs))
      .then((c) => {
        if (c) this.logger.log({ msg: 'audit checkpoint signed', entries: c.entries, keyId: c.keyId });
      })
      .catch((err: unknown) => this.logger.error({ msg: 'audit checkpoint failed', error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => (this.running = undefined));
  }
}

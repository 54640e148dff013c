import { Module } from '@nestjs/common';
import { CloseModule } from '../close/close.module';
import { SyncHealthModule } from '../sync-health/sync-health.module';
import { CloseSignOffService } from './close-signoff.service';
import { GatesController } from './gates.controller';
import { ReadinessController } from './readiness.controller';
import { ReadinessScheduler } from './readiness.scheduler';
import { ReadinessService } from './readiness.service';

/**
 * Close readiness per entity and period and the publication gate (docs/close.md). Reads the
 * evidence other features keep (exceptions, reconciliation runs, hops, flow health) and depends
 * on them, never the reverse.
 */
@Module({
  imports: [CloseModule, SyncHealthModule],
  controllers: [ReadinessController, GatesController],
  providers: [ReadinessService, ReadinessScheduler, CloseSignOffService],
  exports: [ReadinessService],
})
export class ReadinessModule {}

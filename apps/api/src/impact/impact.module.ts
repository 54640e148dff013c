import { Module } from '@nestjs/common';
import { CloseModule } from '../close/close.module';
import { SyncHealthModule } from '../sync-health/sync-health.module';
import { ImpactController } from './impact.controller';
import { ImpactService } from './impact.service';

/**
 * Finance impact: cash at risk and board-metric trust, read from exceptions, flows and
 * reconciliation runs (impact.queries.ts), with FX conversions from CloseModule and flow health
 * from SyncHealthModule. It writes nothing and registers no entities.
 */
@Module({
  imports: [CloseModule, SyncHealthModule],
  controllers: [ImpactController],
  providers: [ImpactService],
  exports: [ImpactService],
})
export class ImpactModule {}

import { Module } from '@nestjs/common';
import { OpenLineageController } from './openlineage.controller';
import { OpenLineageScheduler } from './openlineage.scheduler';
import { OpenLineageService } from './openlineage.service';

/** Batch runs and reconciliation runs as OpenLineage run events, read and pushed (docs/audit.md#openlineage). */
@Module({
  controllers: [OpenLineageController],
  providers: [OpenLineageService, OpenLineageScheduler],
})
export class OpenLineageModule {}

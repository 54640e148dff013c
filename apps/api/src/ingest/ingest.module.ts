import { Module } from '@nestjs/common';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { OtlpController } from './otlp.controller';
import { FlowsModule } from '../flows/flows.module';
import { SyncHealthModule } from '../sync-health/sync-health.module';
import { IngestPacing } from './ingest-pacing';

/** The ingest write path: OTLP traces, business events and batch runs (no entities: batched SQL). */
@Module({
  imports: [FlowsModule, SyncHealthModule],
  controllers: [OtlpController, IngestController],
  providers: [IngestService, IngestPacing],
})
export class IngestModule {}

import { Module } from '@nestjs/common';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { OtlpController } from './otlp.controller';
import { FlowsModule } from '../flows/flows.module';

/** The ingest write path: OTLP traces, business events and batch runs (no entities: batched SQL). */
@Module({
  imports: [FlowsModule],
  controllers: [OtlpController, IngestController],
  providers: [IngestService],
})
export class IngestModule {}

import { Module } from '@nestjs/common';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { OtlpController } from './otlp.controller';
import { RegisteredFlows } from './registered-flows';

/** The ingest write path: OTLP traces, business events and batch runs (no entities: batched SQL). */
@Module({
  controllers: [OtlpController, IngestController],
  providers: [IngestService, RegisteredFlows],
})
export class IngestModule {}

import { Module } from '@nestjs/common';
import { TelemetryPartitionsScheduler } from './telemetry-partitions.scheduler';
import { TelemetryPartitions } from './telemetry-partitions.service';

/** Monthly partitions of the telemetry tables, made ahead and dropped by retention (docs/scaling.md). */
@Module({
  providers: [TelemetryPartitions, TelemetryPartitionsScheduler],
  exports: [TelemetryPartitions],
})
export class PartitionsModule {}

import { Module } from '@nestjs/common';
import { FlowStatsController } from './flow-stats.controller';
import { FlowStatsService } from './flow-stats.service';

/** Per-flow ingest stats over a window; FlowStatsService is exported for the live gateway. */
@Module({ controllers: [FlowStatsController], providers: [FlowStatsService], exports: [FlowStatsService] })
export class FlowStatsModule {}

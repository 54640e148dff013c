import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type IngestStatsResponse, type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { type SeriesQuery, seriesQuerySchema, type StatsQuery, statsQuerySchema } from './flow-stats.schemas';
import { FlowStatsService } from './flow-stats.service';

@ApiTags('ingest-stats')
@Controller('api/v1/ingest/stats')
@AnyRole()
export class FlowStatsController {
  constructor(private readonly stats: FlowStatsService) {}

  @Get()
  get(@Query(new ZodPipe(statsQuerySchema)) query: StatsQuery): Promise<IngestStatsResponse> {
    return this.stats.stats(query.windowSeconds);
  }

  @Get('series')
  series(@Query(new ZodPipe(seriesQuerySchema)) query: SeriesQuery): Promise<IngestStatsSeriesResponse> {
    return this.stats.series(query.flow, query.windowSeconds, query.stepSeconds);
  }
}

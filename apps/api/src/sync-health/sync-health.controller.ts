import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import {
  type FlowHealthDetailDto,
  type FlowHealthListResponse,
  type InFlightRecordDto,
  type LagSeriesResponse,
  type RecordSyncResponse,
} from '@closewatch/contracts/sync-health';
import { AnyRole } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error';
import { seriesStep } from '../common/series-steps';
import { ZodPipe } from '../common/zod.pipe';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import {
  type HealthListQueryInput,
  healthListQuerySchema,
  type HealthQueryInput,
  healthQuerySchema,
  type InFlightQuery,
  inFlightQuerySchema,
  type LagSeriesQueryInput,
  lagSeriesQuerySchema,
  MAX_RECORD_KEY_LENGTH,
} from './sync-health.schemas';
import { SyncHealthService } from './sync-health.service';

/**
 * Sync health over HTTP. The list is `GET /api/v1/flow-health`: its first path,
 * `GET /api/v1/flows/health`, has the shape of the catalog's `GET /api/v1/flows/:id`, and the
 * catalog's controller redirects it here (308). The per-flow routes have two segments after
 * `/flows/`, which the catalog does not use.
 */
@ApiTags('sync-health')
@Controller('api/v1')
@AnyRole()
export class SyncHealthController {
  constructor(
    private readonly health: SyncHealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('flow-health')
  list(@Query(new ZodPipe(healthListQuerySchema)) q: HealthListQueryInput): Promise<FlowHealthListResponse> {
    return this.health.list({ ...q, windowSeconds: q.windowSeconds ?? this.config.healthWindowSeconds });
  }

  @Get('flows/:id/health')
  detail(@Param('id') id: string, @Query(new ZodPipe(healthQuerySchema)) q: HealthQueryInput): Promise<FlowHealthDetailDto> {
    return this.health.detail(id, { ...q, windowSeconds: q.windowSeconds ?? this.config.healthWindowSeconds });
  }

  @Get('flows/:id/lag-series')
  lagSeries(@Param('id') id: string, @Query(new ZodPipe(lagSeriesQuerySchema)) q: LagSeriesQueryInput): Promise<LagSeriesResponse> {
    const windowSeconds = q.windowSeconds ?? this.config.healthWindowSeconds;
    const step = seriesStep(windowSeconds, q.stepSeconds);
    if ('error' in step) throw ApiError.field(step.field, step.error);
    return this.health.lagSeries(id, { windowSeconds, stepSeconds: step.stepSeconds, dataStatus: q.dataStatus });
  }

  @Get('flows/:id/in-flight')
  inFlight(@Param('id') id: string, @Query(new ZodPipe(inFlightQuerySchema)) q: InFlightQuery): Promise<Page<InFlightRecordDto>> {
    return this.health.inFlight(id, q);
  }

  @Get('records/:recordKey/sync')
  recordSync(@Param('recordKey') recordKey: string): Promise<RecordSyncResponse> {
    if (recordKey.length > MAX_RECORD_KEY_LENGTH) throw ApiError.field('recordKey', `must be at most ${MAX_RECORD_KEY_LENGTH} characters`);
    return this.health.recordSync(recordKey);
  }
}

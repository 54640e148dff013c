import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type BoardMetricsResponse, type CashImpactResponse, type CashSeriesResponse } from '@closewatch/contracts/impact';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import {
  type BoardMetricSeriesQuery,
  boardMetricSeriesQuerySchema,
  type BoardMetricsQuery,
  boardMetricsQuerySchema,
  type CashQuery,
  cashQuerySchema,
  type CashSeriesQuery,
  cashSeriesQuerySchema,
} from './impact.schemas';
import { ImpactService } from './impact.service';

/** Finance impact over HTTP (docs/impact.md): read-only, any signed-in role. */
@ApiTags('impact')
@Controller('api/v1/impact')
@AnyRole()
export class ImpactController {
  constructor(private readonly impact: ImpactService) {}

  /** Amount at risk in cash flows by entity and currency, converted, with the exceptions behind it. */
  @Get('cash')
  cash(@Query(new ZodPipe(cashQuerySchema)) q: CashQuery): Promise<CashImpactResponse> {
    return this.impact.cash(q);
  }

  /** The amount at risk in cash flows open at each step, by currency. */
  @Get('cash/series')
  cashSeries(@Query(new ZodPipe(cashSeriesQuerySchema)) q: CashSeriesQuery): Promise<CashSeriesResponse> {
    return this.impact.cashSeries(q);
  }

  /** Per board metric: its feeding flows, whether it can be trusted for the period and why not. */
  @Get('board-metrics')
  boardMetrics(@Query(new ZodPipe(boardMetricsQuerySchema)) q: BoardMetricsQuery): Promise<BoardMetricsResponse> {
    return this.impact.boardMetrics(q);
  }

  /** The amount at risk open at each step on the flows feeding one board metric, by currency. */
  @Get('board-metrics/series')
  boardMetricSeries(@Query(new ZodPipe(boardMetricSeriesQuerySchema)) q: BoardMetricSeriesQuery): Promise<CashSeriesResponse> {
    return this.impact.boardMetricSeries(q);
  }
}

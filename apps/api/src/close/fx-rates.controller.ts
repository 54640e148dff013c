import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type FxConversionDto, type FxRateDto, type FxRatesDocumentDto } from '@closewatch/contracts/close';
import { fxRatesDocumentSchema } from '@closewatch/contracts/close-schema';
import { type Page } from '@closewatch/contracts/pagination';
import { actorOf } from '../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ZodPipe } from '../common/zod.pipe';
import { type FxConvertQuery, fxConvertQuerySchema, type FxRatesQuery, fxRatesQuerySchema } from './close.schemas';
import { FxRatesService } from './fx-rates.service';

/** Exchange rates by date, and conversions with them (docs/close.md). */
@ApiTags('close')
@Controller('api/v1/fx-rates')
export class FxRatesController {
  constructor(private readonly rates: FxRatesService) {}

  /** Replaces every rate of `base` on `date` with the document's. */
  @Put()
  @Roles('admin', 'finance_ops')
  put(@Body(new ZodPipe(fxRatesDocumentSchema)) body: FxRatesDocumentDto, @Principal() p: RequestPrincipal): Promise<FxRatesDocumentDto> {
    return this.rates.put(body, actorOf(p));
  }

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(fxRatesQuerySchema)) query: FxRatesQuery): Promise<Page<FxRateDto>> {
    return this.rates.list(query);
  }

  /** Always 200: a missing rate is `{ok: false, reason: "missing_rate"}`, never a zero amount. */
  @Get('convert')
  @AnyRole()
  convert(@Query(new ZodPipe(fxConvertQuerySchema)) q: FxConvertQuery): Promise<FxConversionDto> {
    return q.period ? this.rates.convertForPeriod(q.amount, q.from, q.to, q.period) : this.rates.convertAsOf(q.amount, q.from, q.to, q.date!);
  }
}

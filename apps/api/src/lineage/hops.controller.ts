import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type Page } from '@closewatch/contracts/pagination';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { AnyRole, Principal } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ZodPipe } from '../common/zod.pipe';
import { HopsService } from './hops.service';
import { type HopsExportQuery, hopsExportQuerySchema, type HopsQuery, hopsQuerySchema } from './lineage.schemas';

@ApiTags('lineage')
@Controller('api/v1/hops')
@AnyRole()
export class HopsController {
  constructor(private readonly hops: HopsService) {}

  @Get()
  list(@Query(new ZodPipe(hopsQuerySchema)) query: HopsQuery): Promise<Page<HopDto>> {
    return this.hops.list(query);
  }

  /** The lineage of every record in the filtered set (hops by record, in time order), streamed as CSV (default) or JSON; audited. */
  @Get('export')
  async export(@Query(new ZodPipe(hopsExportQuerySchema)) query: HopsExportQuery, @Principal() p: RequestPrincipal, @Res() res: Response): Promise<void> {
    await this.hops.export(query, p, res);
  }
}

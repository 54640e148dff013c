import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type LineageResponse } from '@closewatch/contracts/telemetry';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { exportFileName, lineageCsv } from './lineage-csv';
import { type LineageExportQuery, lineageExportQuerySchema, type LineageQuery, lineageQuerySchema } from './lineage.schemas';
import { LineageService } from './lineage.service';

@ApiTags('lineage')
@Controller('api/v1/lineage')
@AnyRole()
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  /** DESIGN.md: `{recordKey, hops}` in time order, plus amount drift and the traces behind it. */
  @Get()
  get(@Query(new ZodPipe(lineageQuerySchema)) query: LineageQuery): Promise<LineageResponse> {
    return this.lineage.lineage(query.recordKey);
  }

  /** The same answer as a download: CSV (one row per hop, header first) or JSON. */
  @Get('export')
  async export(
    @Query(new ZodPipe(lineageExportQuerySchema)) query: LineageExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LineageResponse | string> {
    const lineage = await this.lineage.lineage(query.recordKey);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(query.recordKey, query.format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (query.format === 'json') return lineage;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    return lineageCsv(lineage);
  }
}

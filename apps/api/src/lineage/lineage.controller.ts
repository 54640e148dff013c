import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type LineageDetailResponse } from '@closewatch/contracts/lineage';
import { AnyRole, Principal } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log.service';
import { ZodPipe } from '../common/zod.pipe';
import { exportFileName, lineageCsv } from './lineage-csv';
import { type LineageExportQuery, lineageExportQuerySchema, type LineageQuery, lineageQuerySchema } from './lineage.schemas';
import { LineageService } from './lineage.service';

@ApiTags('lineage')
@Controller('api/v1/lineage')
@AnyRole()
export class LineageController {
  constructor(
    private readonly lineage: LineageService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The lineage contract (docs/lineage-and-stats.md): `{recordKey, hops}` in time order, plus amount drift, the traces behind the record,
   * its exceptions and its reconciliation breaks.
   */
  @Get()
  get(@Query(new ZodPipe(lineageQuerySchema)) query: LineageQuery): Promise<LineageDetailResponse> {
    return this.lineage.lineage(query.recordKey);
  }

  /** The same answer as a download: JSON (all of it) or CSV (one row per hop, header first); audited. */
  @Get('export')
  async export(
    @Query(new ZodPipe(lineageExportQuerySchema)) query: LineageExportQuery,
    @Principal() p: RequestPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LineageDetailResponse | string> {
    await this.audit.recordExport(p, { what: 'lineage', objectId: query.recordKey, format: query.format, filters: { recordKey: query.recordKey } });
    const lineage = await this.lineage.lineage(query.recordKey);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(query.recordKey, query.format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (query.format === 'json') return lineage;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    return lineageCsv(lineage);
  }
}

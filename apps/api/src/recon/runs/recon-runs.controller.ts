import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconBreakDto, type ReconRunDto } from '@closewatch/contracts/recon';
import { AnyRole, Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { ApiError } from '../../common/api-error';
import { ZodPipe } from '../../common/zod.pipe';
import { type BreaksExportQuery, breaksExportQuerySchema, type BreaksQuery, breaksQuerySchema } from '../recon.schemas';
import { ReconRunsService } from './recon-runs.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function runIdOf(value: string): string {
  if (!UUID.test(value)) throw ApiError.notFound(`reconciliation run ${value}`);
  return value.toLowerCase();
}

/** One run: status, progress and summary; its breaks; cancellation. */
@ApiTags('reconciliation')
@Controller('api/v1/recon-runs')
export class ReconRunsController {
  constructor(private readonly runs: ReconRunsService) {}

  @Get(':runId')
  @AnyRole()
  get(@Param('runId') runId: string): Promise<ReconRunDto> {
    return this.runs.get(runIdOf(runId));
  }

  /** Breaks in key order; filters type, classification, recordKey, exception (true/false). */
  @Get(':runId/breaks')
  @AnyRole()
  breaks(@Param('runId') runId: string, @Query(new ZodPipe(breaksQuerySchema)) q: BreaksQuery): Promise<Page<ReconBreakDto>> {
    return this.runs.breaks(runIdOf(runId), q);
  }

  /** The run and its breaks (the same filters), streamed as JSON (default) or CSV; audited. */
  @Get(':runId/export')
  @AnyRole()
  async export(
    @Param('runId') runId: string,
    @Query(new ZodPipe(breaksExportQuerySchema)) q: BreaksExportQuery,
    @Principal() p: RequestPrincipal,
    @Res() res: Response,
  ): Promise<void> {
    await this.runs.export(runIdOf(runId), q, p, res);
  }

  @Post(':runId/cancel')
  @HttpCode(200)
  @Roles('admin', 'finance_ops', 'it_ops')
  cancel(@Param('runId') runId: string): Promise<ReconRunDto> {
    return this.runs.cancel(runIdOf(runId));
  }
}

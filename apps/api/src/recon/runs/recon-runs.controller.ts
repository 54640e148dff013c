import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconBreakDto, type ReconRunDto } from '@closewatch/contracts/recon';
import { AnyRole, Roles } from '../../auth/auth.decorators';
import { ApiError } from '../../common/api-error';
import { ZodPipe } from '../../common/zod.pipe';
import { type BreaksQuery, breaksQuerySchema } from '../recon.schemas';
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

  @Post(':runId/cancel')
  @HttpCode(200)
  @Roles('admin', 'finance_ops', 'it_ops')
  cancel(@Param('runId') runId: string): Promise<ReconRunDto> {
    return this.runs.cancel(runIdOf(runId));
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type RunDto } from '@closewatch/contracts/telemetry';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { type RunsQuery, runsQuerySchema } from './lineage.schemas';
import { RunListService } from './run-list.service';

/** Reading batch runs; reporting them (`POST /api/v1/runs`) belongs to ingest. */
@ApiTags('runs')
@Controller('api/v1/runs')
@AnyRole()
export class RunListController {
  constructor(private readonly runs: RunListService) {}

  @Get()
  list(@Query(new ZodPipe(runsQuerySchema)) query: RunsQuery): Promise<Page<RunDto>> {
    return this.runs.list(query);
  }
}

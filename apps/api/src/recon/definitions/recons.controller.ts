import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconDto, type ReconRunHistoryDto, type StartRunRequest, startRunSchema, type StartRunResponse } from '@closewatch/contracts/recon';
import { actorOf } from '../../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { AcceptedStatus } from '../../common/accepted';
import { ZodPipe } from '../../common/zod.pipe';
import { type PendingChange } from '../../governance/pending-changes.service';
import { type ReconListQuery, reconListQuerySchema, type RunHistoryQuery, runHistoryQuerySchema } from '../recon.schemas';
import { ReconsService } from './recons.service';

const userOf = (p: RequestPrincipal | undefined) => (p?.kind === 'user' ? p.userId : null);

/** Reconciliation definitions (docs/reconciliation.md), their runs and run history. */
@ApiTags('reconciliation')
@Controller('api/v1/recons')
@UseInterceptors(AcceptedStatus)
export class ReconsController {
  constructor(private readonly recons: ReconsService) {}

  @Post()
  @Roles('admin')
  create(@Body() body: unknown, @Principal() p: RequestPrincipal): Promise<ReconDto | PendingChange> {
    return this.recons.create(body, actorOf(p));
  }

  /** Definitions with their last run, last successful run and next scheduled run. */
  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(reconListQuerySchema)) q: ReconListQuery): Promise<Page<ReconDto>> {
    return this.recons.list(q);
  }

  @Get(':id')
  @AnyRole()
  get(@Param('id') id: string): Promise<ReconDto> {
    return this.recons.get(id);
  }

  @Put(':id')
  @Roles('admin')
  replace(@Param('id') id: string, @Body() body: unknown, @Principal() p: RequestPrincipal): Promise<ReconDto | PendingChange> {
    return this.recons.replace(id, body, actorOf(p));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id') id: string, @Principal() p: RequestPrincipal): Promise<void | PendingChange> {
    return this.recons.remove(id, actorOf(p));
  }

  /** Queues a run (optionally with scope overrides); returns 202 {runId}. */
  @Post(':id/runs')
  @HttpCode(202)
  @Roles('admin', 'finance_ops', 'it_ops')
  run(@Param('id') id: string, @Body(new ZodPipe(startRunSchema)) body: StartRunRequest, @Principal() p: RequestPrincipal): Promise<StartRunResponse> {
    return this.recons.startRun(id, body, userOf(p));
  }

  /** Runs newest first, with matched % and break counts (a trend). */
  @Get(':id/runs')
  @AnyRole()
  history(@Param('id') id: string, @Query(new ZodPipe(runHistoryQuerySchema)) q: RunHistoryQuery): Promise<Page<ReconRunHistoryDto>> {
    return this.recons.history(id, q);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type PendingChangeDto,
  type PendingChangesQuery,
  pendingChangesQuerySchema,
  type RejectChangeBody,
  rejectChangeSchema,
} from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { actorOf } from '../audit/audit-log.service';
import { Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ZodPipe } from '../common/zod.pipe';
import { PendingChanges } from './pending-changes.service';

/** Configuration changes waiting for a second admin (CLOSEWATCH_CONFIG_APPROVAL); admins decide, auditors read. */
@ApiTags('configuration')
@Controller('api/v1/config-changes')
export class PendingChangesController {
  constructor(private readonly changes: PendingChanges) {}

  @Get()
  @Roles('admin', 'auditor')
  list(@Query(new ZodPipe(pendingChangesQuerySchema)) q: PendingChangesQuery): Promise<Page<PendingChangeDto>> {
    return this.changes.list(q);
  }

  @Get(':id')
  @Roles('admin', 'auditor')
  get(@Param('id') id: string): Promise<PendingChangeDto> {
    return this.changes.get(id);
  }

  /** Applies the change; 403 for its author (a second admin must approve), 409 once decided. */
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  approve(@Param('id') id: string, @Principal() p: RequestPrincipal): Promise<PendingChangeDto> {
    return this.changes.approve(id, actorOf(p));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('admin')
  reject(@Param('id') id: string, @Body(new ZodPipe(rejectChangeSchema)) body: RejectChangeBody, @Principal() p: RequestPrincipal): Promise<PendingChangeDto> {
    return this.changes.reject(id, actorOf(p), body.note ?? null);
  }
}

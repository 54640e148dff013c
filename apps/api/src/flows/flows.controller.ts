import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Redirect, Req, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { flowSchema } from '@closewatch/contracts/catalog-schema';
import { type Page } from '@closewatch/contracts/pagination';
import { actorOf } from '../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { AcceptedStatus } from '../common/accepted';
import { parseOrThrow, ZodPipe } from '../common/zod.pipe';
import { type PendingChange } from '../governance/pending-changes.service';
import { type FlowsQuery, flowsQuerySchema } from './flows.schemas';
import { FlowsService } from './flows.service';
import { withPathId } from './path-id';

@ApiTags('catalog')
@Controller('api/v1/flows')
@UseInterceptors(AcceptedStatus)
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(flowsQuerySchema)) query: FlowsQuery): Promise<Page<FlowDto>> {
    return this.flows.list(query);
  }

  @Post()
  @Roles('admin')
  create(@Body(new ZodPipe(flowSchema)) body: FlowDto, @Principal() p: RequestPrincipal): Promise<FlowDto> {
    return this.flows.create(body, actorOf(p));
  }

  /**
   * The flow health list lives at `GET /api/v1/flow-health` (sync-health), a path no catalog
   * route can match; its first path is sent there, query and all. Declared before `:id`, which
   * would otherwise read `health` as a flow id.
   */
  @Get('health')
  @AnyRole()
  @Redirect()
  healthList(@Req() req: Request): { url: string; statusCode: number } {
    const query = req.originalUrl.indexOf('?');
    return { url: `/api/v1/flow-health${query < 0 ? '' : req.originalUrl.slice(query)}`, statusCode: 308 };
  }

  @Get(':id')
  @AnyRole()
  get(@Param('id') id: string): Promise<FlowDto> {
    return this.flows.get(id);
  }

  @Put(':id')
  @Roles('admin')
  /** With four-eyes on, a change of materiality answers 202 with the pending change. */
  replace(@Param('id') id: string, @Body() body: unknown, @Principal() p: RequestPrincipal): Promise<FlowDto | PendingChange> {
    return this.flows.replace(parseOrThrow(flowSchema, withPathId(body ?? {}, id)), actorOf(p));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id') id: string, @Principal() p: RequestPrincipal): Promise<void> {
    return this.flows.remove(id, actorOf(p));
  }
}

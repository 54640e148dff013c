import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type RouteBody, routeBodySchema, type RouteDryRunDto, type RouteDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { actorOf } from '../../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { type PageQuery, pageQuerySchema } from '../../common/pagination';
import { AcceptedStatus } from '../../common/accepted';
import { ZodPipe } from '../../common/zod.pipe';
import { type PendingChange } from '../../governance/pending-changes.service';
import { RoutesService } from './routes.service';

const dryRunSchema = z.object({ incidentId: z.string().min(1, 'is required').max(100) }).strict();

/** Ordered alert routes: admins configure them (with four-eyes, changes answer 202 and wait); everyone reads and dry-runs them. */
@ApiTags('alerts')
@Controller('api/v1/alert-routes')
@UseInterceptors(AcceptedStatus)
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Post()
  @Roles('admin')
  create(@Body(new ZodPipe(routeBodySchema)) body: RouteBody, @Principal() p: RequestPrincipal): Promise<RouteDto | PendingChange> {
    return this.routes.create(body, actorOf(p));
  }

  /** Which routes would this incident match? (Nothing is sent.) Declared before `:name`, a name routes cannot take. */
  @Get('dry-run')
  @AnyRole()
  dryRun(@Query(new ZodPipe(dryRunSchema)) q: { incidentId: string }): Promise<RouteDryRunDto> {
    return this.routes.dryRun(q.incidentId);
  }

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(pageQuerySchema.strict())) q: PageQuery): Promise<Page<RouteDto>> {
    return this.routes.list(q);
  }

  @Get(':name')
  @AnyRole()
  get(@Param('name') name: string): Promise<RouteDto> {
    return this.routes.get(name);
  }

  @Put(':name')
  @Roles('admin')
  replace(
    @Param('name') name: string,
    @Body(new ZodPipe(routeBodySchema)) body: RouteBody,
    @Principal() p: RequestPrincipal,
  ): Promise<RouteDto | PendingChange> {
    return this.routes.replace(name, body, actorOf(p));
  }

  @Delete(':name')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('name') name: string, @Principal() p: RequestPrincipal): Promise<void | PendingChange> {
    return this.routes.remove(name, actorOf(p));
  }
}

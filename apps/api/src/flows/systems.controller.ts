import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type SystemDto } from '@closewatch/contracts/catalog';
import { systemSchema } from '@closewatch/contracts/catalog-schema';
import { type Page } from '@closewatch/contracts/pagination';
import { actorOf } from '../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { type SystemsQuery, systemsQuerySchema } from './flows.schemas';
import { withPathId } from './path-id';
import { SystemsService } from './systems.service';
import { parseOrThrow, ZodPipe } from '../common/zod.pipe';

@ApiTags('catalog')
@Controller('api/v1/systems')
export class SystemsController {
  constructor(private readonly systems: SystemsService) {}

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(systemsQuerySchema)) query: SystemsQuery): Promise<Page<SystemDto>> {
    return this.systems.list(query);
  }

  @Post()
  @Roles('admin')
  create(@Body(new ZodPipe(systemSchema)) body: SystemDto, @Principal() p: RequestPrincipal): Promise<SystemDto> {
    return this.systems.create(body, actorOf(p));
  }

  @Get(':id')
  @AnyRole()
  get(@Param('id') id: string): Promise<SystemDto> {
    return this.systems.get(id);
  }

  @Put(':id')
  @Roles('admin')
  replace(@Param('id') id: string, @Body() body: unknown, @Principal() p: RequestPrincipal): Promise<SystemDto> {
    return this.systems.replace(parseOrThrow(systemSchema, withPathId(body ?? {}, id)), actorOf(p));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id') id: string, @Principal() p: RequestPrincipal): Promise<void> {
    return this.systems.remove(id, actorOf(p));
  }
}

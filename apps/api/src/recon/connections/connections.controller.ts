import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type ConnectionDto, type ConnectionTestResult, type CreateConnectionRequest, createConnectionSchema } from '@closewatch/contracts/recon';
import { actorOf } from '../../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { type PageQuery } from '../../common/pagination';
import { ZodPipe } from '../../common/zod.pipe';
import { ConnectionsService } from './connections.service';
import { connectionListQuerySchema } from '../recon.schemas';

/** Named database connections for postgres datasets; the URL goes in once and never comes out. */
@ApiTags('reconciliation')
@Controller('api/v1/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @Roles('admin')
  create(@Body(new ZodPipe(createConnectionSchema)) body: CreateConnectionRequest, @Principal() p: RequestPrincipal): Promise<ConnectionDto> {
    return this.connections.create(body, p?.kind === 'user' ? p.userId : null, actorOf(p));
  }

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(connectionListQuerySchema)) q: PageQuery): Promise<Page<ConnectionDto>> {
    return this.connections.list(q);
  }

  @Get(':name')
  @AnyRole()
  get(@Param('name') name: string): Promise<ConnectionDto> {
    return this.connections.get(name);
  }

  @Delete(':name')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('name') name: string, @Principal() p: RequestPrincipal): Promise<void> {
    return this.connections.remove(name, actorOf(p));
  }

  /** Connects and reads the server version; 200 with ok false and the reason when it cannot. */
  @Post(':name/test')
  @HttpCode(200)
  @Roles('admin', 'it_ops')
  test(@Param('name') name: string): Promise<ConnectionTestResult> {
    return this.connections.test(name);
  }
}

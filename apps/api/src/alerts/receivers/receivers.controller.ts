import { actorOf } from '../../audit/audit-log.service';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type ReceiverBody, receiverBodySchema, type ReceiverDto, type ReceiverTestResult } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { AnyRole, Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { type PageQuery, pageQuerySchema } from '../../common/pagination';
import { ZodPipe } from '../../common/zod.pipe';
import { ReceiversService } from './receivers.service';

/** Alert receivers: admins configure them (secrets go in and never come out); everyone reads. */
@ApiTags('alerts')
@Controller('api/v1/alert-receivers')
export class ReceiversController {
  constructor(private readonly receivers: ReceiversService) {}

  @Post()
  @Roles('admin')
  create(@Body(new ZodPipe(receiverBodySchema)) body: ReceiverBody, @Principal() p: RequestPrincipal): Promise<ReceiverDto> {
    return this.receivers.create(body, p?.kind === 'user' ? p.userId : null, actorOf(p));
  }

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(pageQuerySchema.strict())) q: PageQuery): Promise<Page<ReceiverDto>> {
    return this.receivers.list(q);
  }

  @Get(':name')
  @AnyRole()
  get(@Param('name') name: string): Promise<ReceiverDto> {
    return this.receivers.get(name);
  }

  @Put(':name')
  @Roles('admin')
  replace(@Param('name') name: string, @Body(new ZodPipe(receiverBodySchema)) body: ReceiverBody, @Principal() p: RequestPrincipal): Promise<ReceiverDto> {
    return this.receivers.replace(name, body, actorOf(p));
  }

  @Delete(':name')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('name') name: string, @Principal() p: RequestPrincipal): Promise<void> {
    return this.receivers.remove(name, actorOf(p));
  }

  /** Sends a test notification now; 200 with ok false and the receiver's answer when it fails. */
  @Post(':name/test')
  @Roles('admin')
  @HttpCode(200)
  test(@Param('name') name: string): Promise<ReceiverTestResult> {
    return this.receivers.test(name);
  }
}

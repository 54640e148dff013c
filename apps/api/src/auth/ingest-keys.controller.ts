import { actorOf } from '../audit/audit-log.service';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type IngestKeyDto } from '@closewatch/contracts/ingest-keys';
import { type Page } from '@closewatch/contracts/pagination';
import { ZodPipe } from '../common/zod.pipe';
import { Principal, Roles } from './auth.decorators';
import { newIngestKeySchema, type NewIngestKeyInput } from './auth.schemas';
import { IngestKeysService } from './ingest-keys.service';
import { type RequestPrincipal } from './principal';

@ApiTags('ingest-keys')
@Controller('api/v1/ingest-keys')
@Roles('admin')
export class IngestKeysController {
  constructor(private readonly keys: IngestKeysService) {}

  @Get()
  async list(): Promise<Page<IngestKeyDto>> {
    return { items: await this.keys.list(), nextCursor: null };
  }

  /** Returns the secret once; only its digest is stored. `flows` limits the key to those flows, `expiresAt` ends it. */
  @Post()
  create(
    @Body(new ZodPipe(newIngestKeySchema, { dottedIndexes: true })) body: NewIngestKeyInput,
    @Principal() principal: RequestPrincipal,
  ): Promise<{ key: IngestKeyDto; secret: string }> {
    return this.keys.create(
      body.name,
      body.scopes,
      principal.kind === 'user' ? principal.userId : null,
      undefined,
      {
        flows: body.flows,
        expiresAt: body.expiresAt,
      },
      actorOf(principal),
    );
  }

  @Delete(':id')
  revoke(@Param('id', ParseUUIDPipe) id: string, @Principal() principal: RequestPrincipal): Promise<IngestKeyDto> {
    return this.keys.revoke(id, actorOf(principal));
  }
}

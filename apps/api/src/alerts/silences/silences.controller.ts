import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ALERT_ACTING_ROLES, type SilenceBody, silenceBodySchema, type SilenceDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { AnyRole, Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { pageQuerySchema } from '../../common/pagination';
import { optionalParam } from '../../common/query-params';
import { ZodPipe } from '../../common/zod.pipe';
import { SilencesService } from './silences.service';

const silenceListSchema = pageQuerySchema.extend({ state: optionalParam(z.enum(['pending', 'active', 'expired'])) }).strict();

/** Silences: admin, it_ops and finance_ops create and expire them; everyone reads. */
@ApiTags('alerts')
@Controller('api/v1/silences')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Post()
  @Roles(...ALERT_ACTING_ROLES)
  create(@Body(new ZodPipe(silenceBodySchema)) body: SilenceBody, @Principal() p: RequestPrincipal): Promise<SilenceDto> {
    return this.silences.create(body, p?.kind === 'user' ? { userId: p.userId, email: p.email } : { userId: null, email: null });
  }

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(silenceListSchema)) q: z.infer<typeof silenceListSchema>): Promise<Page<SilenceDto>> {
    return this.silences.list(q);
  }

  @Get(':id')
  @AnyRole()
  get(@Param('id') id: string): Promise<SilenceDto> {
    return this.silences.get(id);
  }

  /** Expires the silence (it is kept, with the moment it was expired). */
  @Delete(':id')
  @Roles(...ALERT_ACTING_ROLES)
  expire(@Param('id') id: string, @Principal() p: RequestPrincipal): Promise<SilenceDto> {
    return this.silences.expire(id, p?.kind === 'user' ? { userId: p.userId, email: p.email } : { userId: null, email: null });
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ALERT_ACTING_ROLES } from '@closewatch/contracts/alerts';
import { type AcknowledgeBody, acknowledgeBodySchema, type IncidentDetailDto, type IncidentDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { IncidentsService } from './incidents.service';
import { type IncidentsQuery, incidentsQuerySchema } from './incidents.schemas';

@ApiTags('incidents')
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(incidentsQuerySchema)) q: IncidentsQuery): Promise<Page<IncidentDto>> {
    return this.incidents.list(q);
  }

  @Get(':id')
  @AnyRole()
  get(@Param('id') id: string): Promise<IncidentDetailDto> {
    return this.incidents.get(id);
  }

  /** Acknowledges the incident (its open exceptions) and so its pages; 409 when it is resolved. */
  @Post(':id/acknowledge')
  @Roles(...ALERT_ACTING_ROLES)
  @HttpCode(200)
  acknowledge(
    @Param('id') id: string,
    @Body(new ZodPipe(acknowledgeBodySchema)) body: AcknowledgeBody,
    @Principal() p: RequestPrincipal | undefined,
  ): Promise<IncidentDetailDto> {
    if (p?.kind !== 'user') throw new ApiError(ApiErrorCode.Forbidden, 'Only signed-in users acknowledge incidents');
    return this.incidents.acknowledge(id, { kind: 'user', id: p.userId, email: p.email }, body.note);
  }
}

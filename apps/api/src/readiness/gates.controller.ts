import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type CloseGateDto, type GateCallDto } from '@closewatch/contracts/readiness';
import { AnyRoleOrIngestKey, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ZodPipe } from '../common/zod.pipe';
import { type GateCallsQuery, gateCallsQuerySchema, type GateQuery, gateQuerySchema } from './readiness.schemas';
import { ReadinessService } from './readiness.service';

/** The publication gate for middleware: may this entity's period be published? (docs/close.md). */
@ApiTags('close')
@Controller('api/v1/gates/close')
export class GatesController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Users of any role and ingest keys with the scope `gates`; every call is recorded. */
  @Get()
  @AnyRoleOrIngestKey('gates')
  gate(@Query(new ZodPipe(gateQuerySchema)) query: GateQuery, @Principal() caller: RequestPrincipal | undefined): Promise<CloseGateDto> {
    return this.readiness.gate(query.entity, query.period, caller);
  }

  /** Who asked the gate what, and what it answered, newest first. */
  @Get('calls')
  @Roles('admin', 'auditor', 'finance_ops')
  calls(@Query(new ZodPipe(gateCallsQuerySchema)) query: GateCallsQuery): Promise<Page<GateCallDto>> {
    return this.readiness.gateCalls(query);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { entitySchema } from '@closewatch/contracts/close-schema';
import { type Page } from '@closewatch/contracts/pagination';
import {
  type CloseSignOffDto,
  type ReadinessListResponse,
  type ReadinessRulesDto,
  readinessRulesSchema,
  type ReadinessTransitionDto,
} from '@closewatch/contracts/readiness';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { parseOrThrow, ZodPipe } from '../common/zod.pipe';
import { CloseSignOffService } from './close-signoff.service';
import {
  type ReadinessHistoryQuery,
  readinessHistoryQuerySchema,
  type ReadinessListQuery,
  readinessListQuerySchema,
  signOffBodySchema,
  type SignOffListQuery,
  signOffListQuerySchema,
} from './readiness.schemas';
import { ReadinessService } from './readiness.service';

const entityParamSchema = z.object({ entity: entitySchema });

/** Close readiness per entity and period, its history and the rules behind it (docs/close.md). */
@ApiTags('close')
@Controller('api/v1/close')
export class ReadinessController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly signOffs: CloseSignOffService,
  ) {}

  /** Signs off a period's close for an entity: `{entity, period, note?}` (docs/close.md, "Sign-off"). */
  @Post('signoffs')
  @Roles('admin', 'finance_ops')
  @HttpCode(201)
  signOff(@Body() body: unknown, @Principal() by: RequestPrincipal | undefined): Promise<CloseSignOffDto> {
    const { entity, period, note } = parseOrThrow(signOffBodySchema, body ?? {}, 'The sign-off is invalid; nothing was signed off');
    return this.signOffs.signOff(entity, period, note, by);
  }

  @Get('signoffs')
  @AnyRole()
  async listSignOffs(@Query(new ZodPipe(signOffListQuerySchema)) query: SignOffListQuery): Promise<{ items: CloseSignOffDto[] }> {
    return { items: await this.signOffs.list(query) };
  }

  @Get('readiness')
  @AnyRole()
  list(@Query(new ZodPipe(readinessListQuerySchema)) query: ReadinessListQuery): Promise<ReadinessListResponse> {
    return this.readiness.list(query);
  }

  @Get('readiness/history')
  @AnyRole()
  history(@Query(new ZodPipe(readinessHistoryQuerySchema)) query: ReadinessHistoryQuery): Promise<Page<ReadinessTransitionDto>> {
    return this.readiness.history(query);
  }

  /** Every entity with rules of its own (the others follow the defaults). */
  @Get('readiness-rules')
  @AnyRole()
  async allRules(): Promise<{ defaults: ReadinessRulesDto['rules']; items: ReadinessRulesDto[] }> {
    return { defaults: (await this.readiness.rules('*')).rules, items: await this.readiness.allRules() };
  }

  @Get('readiness-rules/:entity')
  @AnyRole()
  rules(@Param('entity') entity: string): Promise<ReadinessRulesDto> {
    return this.readiness.rules(parseOrThrow(entityParamSchema, { entity }).entity);
  }

  /** Replaces the entity's overrides: `{rules: {kind: "blocked" | "at_risk" | "ignore"}}`; kinds left out keep the default. */
  @Put('readiness-rules/:entity')
  @Roles('admin', 'finance_ops')
  putRules(@Param('entity') entity: string, @Body() body: unknown, @Principal() by: RequestPrincipal | undefined): Promise<ReadinessRulesDto> {
    const id = parseOrThrow(entityParamSchema, { entity }).entity;
    const { rules } = parseOrThrow(readinessRulesSchema, body ?? {}, 'The readiness rules are invalid; nothing was saved');
    return this.readiness.putRules(id, rules, by);
  }

  /** Back to the defaults. */
  @Delete('readiness-rules/:entity')
  @Roles('admin', 'finance_ops')
  @HttpCode(204)
  deleteRules(@Param('entity') entity: string): Promise<void> {
    return this.readiness.deleteRules(parseOrThrow(entityParamSchema, { entity }).entity);
  }
}

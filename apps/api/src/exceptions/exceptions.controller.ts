import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import {
  type AcknowledgeBody,
  acknowledgeBodySchema,
  type AgingResponse,
  type AssignBody,
  assignBodySchema,
  type BulkBody,
  bulkBodySchema,
  type BulkResponse,
  type CommentBody,
  commentBodySchema,
  type DismissBody,
  dismissBodySchema,
  type ExceptionCommentDto,
  type ExceptionDetailDto,
  type ExceptionDto,
  type RejectDismissalBody,
  rejectDismissalBodySchema,
  type ReopenBody,
  reopenBodySchema,
  type ResolveBody,
  resolveBodySchema,
} from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { ACTING_ROLES } from './acting-users';
import { ExceptionReadService } from './exception-read.service';
import { type Command, ExceptionWorkflowService, type UserActor } from './exception-workflow.service';
import {
  type AgingQuery,
  agingQuerySchema,
  type ExceptionsExportQuery,
  exceptionsExportQuerySchema,
  type ExceptionsQuery,
  exceptionsQuerySchema,
} from './exceptions.schemas';

/** Who works exceptions; auditors and viewers read only. */
const Acting = () => Roles(...ACTING_ROLES);

function actorOf(p: RequestPrincipal | undefined): UserActor {
  if (p?.kind !== 'user') throw new ApiError(ApiErrorCode.Forbidden, 'Only signed-in users act on exceptions');
  return { kind: 'user', id: p.userId, email: p.email };
}

const me = (p: RequestPrincipal | undefined) => (p?.kind === 'user' ? p.userId : null);

@ApiTags('exceptions')
@Controller('api/v1/exceptions')
export class ExceptionsController {
  constructor(
    private readonly queries: ExceptionReadService,
    private readonly workflow: ExceptionWorkflowService,
  ) {}

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(exceptionsQuerySchema)) q: ExceptionsQuery, @Principal() p: RequestPrincipal): Promise<Page<ExceptionDto>> {
    return this.queries.list(q, me(p));
  }

  /** The same filters and sort as the list, streamed as CSV or JSON (with full histories); audited. */
  @Get('export')
  @AnyRole()
  async export(
    @Query(new ZodPipe(exceptionsExportQuerySchema)) q: ExceptionsExportQuery,
    @Principal() p: RequestPrincipal,
    @Res() res: Response,
  ): Promise<void> {
    await this.queries.export(q, p, res);
  }

  @Get('aging')
  @AnyRole()
  aging(@Query(new ZodPipe(agingQuerySchema)) q: AgingQuery, @Principal() p: RequestPrincipal): Promise<AgingResponse> {
    return this.queries.aging(q, me(p));
  }

  @Post('bulk')
  @Acting()
  @HttpCode(200)
  bulk(@Body(new ZodPipe(bulkBodySchema)) body: BulkBody, @Principal() p: RequestPrincipal): Promise<BulkResponse> {
    return this.workflow.bulk(body, actorOf(p));
  }

  @Get(':id')
  @AnyRole()
  get(@Param('id') id: string): Promise<ExceptionDetailDto> {
    return this.queries.get(id);
  }

  @Post(':id/assign')
  @Acting()
  @HttpCode(200)
  assign(@Param('id') id: string, @Body(new ZodPipe(assignBodySchema)) body: AssignBody, @Principal() p: RequestPrincipal): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'assign', assignee: body.assignee }, p);
  }

  @Post(':id/acknowledge')
  @Acting()
  @HttpCode(200)
  acknowledge(
    @Param('id') id: string,
    @Body(new ZodPipe(acknowledgeBodySchema)) body: AcknowledgeBody,
    @Principal() p: RequestPrincipal,
  ): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'acknowledge', note: body.note }, p);
  }

  @Post(':id/resolve')
  @Acting()
  @HttpCode(200)
  resolve(@Param('id') id: string, @Body(new ZodPipe(resolveBodySchema)) body: ResolveBody, @Principal() p: RequestPrincipal): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'resolve', code: body.code, note: body.note }, p);
  }

  /** At or above the flow's materiality the dismissal waits for a second person (`approve-dismissal`). */
  @Post(':id/dismiss')
  @Acting()
  @HttpCode(200)
  dismiss(@Param('id') id: string, @Body(new ZodPipe(dismissBodySchema)) body: DismissBody, @Principal() p: RequestPrincipal): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'dismiss', reason: body.reason }, p);
  }

  @Post(':id/approve-dismissal')
  @Acting()
  @HttpCode(200)
  approveDismissal(@Param('id') id: string, @Principal() p: RequestPrincipal): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'approve_dismissal' }, p);
  }

  @Post(':id/reject-dismissal')
  @Acting()
  @HttpCode(200)
  rejectDismissal(
    @Param('id') id: string,
    @Body(new ZodPipe(rejectDismissalBodySchema)) body: RejectDismissalBody,
    @Principal() p: RequestPrincipal,
  ): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'reject_dismissal', reason: body.reason }, p);
  }

  @Post(':id/reopen')
  @Acting()
  @HttpCode(200)
  reopen(@Param('id') id: string, @Body(new ZodPipe(reopenBodySchema)) body: ReopenBody, @Principal() p: RequestPrincipal): Promise<ExceptionDetailDto> {
    return this.act(id, { kind: 'reopen', reason: body.reason }, p);
  }

  @Post(':id/comments')
  @Acting()
  @HttpCode(201)
  comment(@Param('id') id: string, @Body(new ZodPipe(commentBodySchema)) body: CommentBody, @Principal() p: RequestPrincipal): Promise<ExceptionCommentDto> {
    return this.workflow.comment(id, body.text, actorOf(p));
  }

  private act(id: string, command: Command, p: RequestPrincipal): Promise<ExceptionDetailDto> {
    return this.workflow.act(id, command, actorOf(p));
  }
}

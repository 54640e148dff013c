import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type Response } from 'express';
import {
  type IncidentReplayPreviewDto,
  type IncidentReplayResponse,
  type ReplayDecisionResponse,
  type ReplayBody,
  replayBodySchema,
  type ReplayOutcomeBody,
  replayOutcomeBodySchema,
  REPLAY_REQUESTING_ROLES,
  type ReplayRequestDto,
  type ReplaySeriesResponse,
} from '@closewatch/contracts/replays';
import { AnyRole, IngestKey, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { seriesStep } from '../common/series-steps';
import { type ReplaySeriesQuery, replaySeriesQuerySchema, type ReplaysQuery, replaysQuerySchema } from './replays.schemas';
import { ReplaysService } from './replays.service';

const DEFAULT_SERIES_WINDOW_SECONDS = 7 * 86_400;

function userOf(p: RequestPrincipal | undefined): Extract<RequestPrincipal, { kind: 'user' }> {
  if (p?.kind !== 'user') throw new ApiError(ApiErrorCode.Forbidden, 'Only signed-in users ask for replays');
  return p;
}

/** Replay requests (docs/replays.md): admin, finance_ops and it_ops ask; everyone reads; middleware answers outcomes with a `replays` key. */
@ApiTags('replays')
@Controller('api/v1')
export class ReplaysController {
  constructor(private readonly replays: ReplaysService) {}

  /** Asks the flow's replay receiver to send the exception's record again; 409 naming why when it cannot be replayed. */
  @Post('exceptions/:id/replay')
  @Roles(...REPLAY_REQUESTING_ROLES)
  @HttpCode(201)
  replayException(
    @Param('id') id: string,
    @Body(new ZodPipe(replayBodySchema)) body: ReplayBody,
    @Principal() p: RequestPrincipal | undefined,
  ): Promise<ReplayRequestDto> {
    return this.replays.replayException(id, body.note, userOf(p));
  }

  /**
   * Replays every failed record of the incident (its delivery failures with a record key): 201
   * when sent to the outbox; 202 when the total is above a flow's materiality and the requests
   * wait (`pending_approval`) for a second person.
   */
  @Post('incidents/:id/replay')
  @Roles(...REPLAY_REQUESTING_ROLES)
  @HttpCode(201)
  async replayIncident(
    @Param('id') id: string,
    @Body(new ZodPipe(replayBodySchema)) body: ReplayBody,
    @Principal() p: RequestPrincipal | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentReplayResponse> {
    const answer = await this.replays.replayIncident(id, body.note, userOf(p));
    if (answer.pendingApproval) res.status(202);
    return answer;
  }

  /** What the incident's Replay covers now: count, amounts per currency, whether a second person must approve. */
  @Get('incidents/:id/replay-preview')
  @AnyRole()
  previewIncident(@Param('id') id: string): Promise<IncidentReplayPreviewDto> {
    return this.replays.previewIncident(id);
  }

  /** Replay requests, newest first; filters `flow`, `status`, `exceptionId`, `recordKey` (the record's replay history), `requestedBy` (email), `from`, `to`. */
  @Get('replay-requests')
  @AnyRole()
  list(@Query(new ZodPipe(replaysQuerySchema)) q: ReplaysQuery): Promise<Page<ReplayRequestDto>> {
    return this.replays.list(q);
  }

  /** Replay success over time (default: the last 7 days in 60 steps), of one flow or all. Declared before `:id`. */
  @Get('replay-requests/series')
  @AnyRole()
  series(@Query(new ZodPipe(replaySeriesQuerySchema)) q: ReplaySeriesQuery): Promise<ReplaySeriesResponse> {
    const windowSeconds = q.windowSeconds ?? DEFAULT_SERIES_WINDOW_SECONDS;
    const step = seriesStep(windowSeconds, q.stepSeconds);
    if ('error' in step) throw ApiError.field(step.field, step.error);
    return this.replays.series({ flow: q.flow, windowSeconds, stepSeconds: step.stepSeconds });
  }

  @Get('replay-requests/:id')
  @AnyRole()
  get(@Param('id') id: string): Promise<ReplayRequestDto> {
    return this.replays.get(id);
  }

  /** Approves the bulk replay the request belongs to (a second person; the requester gets 403), handing it to the outbox. */
  @Post('replay-requests/:id/approve')
  @Roles(...REPLAY_REQUESTING_ROLES)
  @HttpCode(200)
  approve(@Param('id') id: string, @Principal() p: RequestPrincipal | undefined): Promise<ReplayDecisionResponse> {
    return this.replays.decide(id, 'approved', userOf(p));
  }

  /** Rejects the bulk replay the request belongs to: nothing is sent (the requester may withdraw it too). */
  @Post('replay-requests/:id/reject')
  @Roles(...REPLAY_REQUESTING_ROLES)
  @HttpCode(200)
  reject(@Param('id') id: string, @Principal() p: RequestPrincipal | undefined): Promise<ReplayDecisionResponse> {
    return this.replays.decide(id, 'rejected', userOf(p));
  }

  /** The middleware's outcome, with an ingest key of scope `replays`; 409 when the request is settled already. */
  @Post('replay-requests/:id/outcome')
  @IngestKey('replays')
  @HttpCode(200)
  outcome(
    @Param('id') id: string,
    @Body(new ZodPipe(replayOutcomeBodySchema)) body: ReplayOutcomeBody,
    @Principal() p: RequestPrincipal | undefined,
  ): Promise<ReplayRequestDto> {
    if (p?.kind !== 'ingest') throw new ApiError(ApiErrorCode.Forbidden, 'Only ingest keys with the scope replays answer outcomes');
    return this.replays.outcome(id, body, p);
  }
}

import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { type EventsResponse } from '@closewatch/contracts/events';
import { runReportSchema, type RunReportResponse } from '@closewatch/contracts/runs';
import { IngestKey, Principal } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { unstorableFields } from '../common/storable-text';
import { parseEventsRequest } from './events-request';
import { allowsFlow, ingestSender, outOfScopeReason } from './flow-scope';
import { IngestService } from './ingest.service';
import { type RunReportInput } from './run-writer';

const runReport = new ZodPipe(runReportSchema);
const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** Business events and batch run reports (the telemetry contract, docs/semantic-conventions.md), with an ingest key. */
@ApiTags('ingest')
@Controller('api/v1')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** Valid events are stored (once per id and flow); invalid ones and those of flows the key may not write are reported by index. */
  @Post('events')
  @HttpCode(200)
  @IngestKey('events')
  async events(@Req() req: Request, @Body() body: unknown, @Principal() principal: RequestPrincipal): Promise<EventsResponse> {
    requireJson(req);
    const sender = ingestSender(principal);
    const { valid, rejected } = parseEventsRequest(body, sender.flows);
    const { accepted, duplicates } = await this.ingest.ingestEvents(
      valid.map((v) => v.event),
      sender,
    );
    return { accepted, duplicates, rejected };
  }

  /** 201 the first time a (flow, runId, status) is reported, 200 with `duplicate: true` after. */
  @Post('runs')
  @IngestKey('runs')
  async runs(
    @Req() req: Request,
    @Body() body: unknown,
    @Principal() principal: RequestPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RunReportResponse> {
    requireJson(req);
    const sender = ingestSender(principal);
    const run: RunReportInput = runReport.transform(body);
    const bad = unstorableFields(run);
    if (bad.length) throw ApiError.validation(bad);
    if (!allowsFlow(sender.flows, run.flow)) {
      throw new ApiError(ApiErrorCode.Forbidden, `This ingest key may not report runs of flow "${run.flow}"`, [
        { field: 'flow', message: outOfScopeReason(run.flow) },
      ]);
    }
    const { duplicate } = await this.ingest.ingestRun(run, sender);
    res.status(duplicate ? 200 : 201);
    return { accepted: true, duplicate };
  }
}

/** The body parser reads JSON only; any other content type is refused rather than read as empty. */
function requireJson(req: Request): void {
  if (!JSON_MEDIA_TYPE.test(req.headers['content-type'] ?? '')) {
    throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'Content-Type must be application/json', [
      { field: 'content-type', message: 'must be application/json' },
    ]);
  }
}

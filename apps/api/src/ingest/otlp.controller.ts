import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { IngestKey, Principal } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ReadsBody } from '../http/body-format.decorator';
import { ingestSender } from './flow-scope';
import { IngestService } from './ingest.service';
import { encodeExportResponse, OTLP_CONTENT_TYPE, otlpFormatOf } from './otlp-format';
import { decodeOtlpJson } from './otlp-json-decode';
import { rejectionMessage } from './otlp-mapping';
import { decodeOtlpProtobuf } from './otlp-protobuf-decode';
import { OtlpDecodeError, type OtlpResourceSpans } from './otlp-span';

/**
 * OTLP/HTTP trace receiver (the telemetry contract, docs/semantic-conventions.md): any OpenTelemetry SDK or Collector
 * sends here unchanged with `Authorization: Bearer <ingest key>`. The body was read (and
 * inflated) by otlpBodyParser, after authentication; errors become google.rpc.Status bodies (otlpErrorRenderer).
 */
@ApiTags('ingest')
@Controller('v1')
export class OtlpController {
  constructor(private readonly ingest: IngestService) {}

  @Post('traces')
  @IngestKey('traces')
  @ReadsBody('otlp')
  @ApiConsumes('application/x-protobuf', 'application/json')
  async traces(@Req() req: Request, @Res() res: Response, @Principal() principal: RequestPrincipal): Promise<void> {
    const contentType = req.headers['content-type'];
    const format = otlpFormatOf(contentType);
    if (!format) {
      throw new ApiError(
        ApiErrorCode.UnsupportedMediaType,
        `Content-Type must be application/x-protobuf or application/json, not ${contentType ?? 'missing'}`,
        [{ field: 'content-type', message: 'must be application/x-protobuf or application/json' }],
      );
    }
    const body: unknown = req.body;
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    let batch: OtlpResourceSpans[];
    try {
      batch = format === 'protobuf' ? decodeOtlpProtobuf(bytes) : decodeOtlpJson(bytes);
    } catch (err) {
      if (err instanceof OtlpDecodeError) throw new ApiError(ApiErrorCode.MalformedBody, err.message, [{ field: 'body', message: err.message }]);
      throw err;
    }
    const rejected = await this.ingest.ingestSpans(batch, ingestSender(principal));
    res
      .status(200)
      .type(OTLP_CONTENT_TYPE[format])
      .send(encodeExportResponse(format, rejected.length, rejected.length ? rejectionMessage(rejected) : ''));
  }
}

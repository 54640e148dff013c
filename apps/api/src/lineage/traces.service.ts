import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type TraceResponse } from '@closewatch/contracts/telemetry';
import { ApiError } from '../common/api-error';
import { HOP_COLUMNS, type HopRecord, hopRecordToDto } from './hop-record';
import { SPAN_COLUMNS, type SpanRecord, spanRecordToDto } from './span-record';

/** Spans of one trace beyond this are cut (the earliest are kept); the answer says so. */
export const MAX_TRACE_SPANS = 10_000;
const MAX_TRACE_HOPS = 10_000;

@Injectable()
export class TracesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * The spans of one trace by start time (parents named by id), and the finance hops that cite
   * it: hops from spans, and business events that carry the trace id (a trace may have only
   * those). 404 when nothing names the trace.
   */
  async trace(traceId: string): Promise<TraceResponse> {
    const [spans, hops]: [SpanRecord[], HopRecord[]] = await Promise.all([
      this.ds.query(`select ${SPAN_COLUMNS} from trace_spans where trace_id = $1 order by start_time, span_id limit $2`, [traceId, MAX_TRACE_SPANS + 1]),
      this.ds.query(`select ${HOP_COLUMNS} from hops h where h.trace_id = $1 order by h.occurred_at, h.id limit $2`, [traceId, MAX_TRACE_HOPS]),
    ]);
    if (spans.length === 0 && hops.length === 0) throw ApiError.notFound(`trace ${traceId}`);
    return {
      traceId,
      spans: spans.slice(0, MAX_TRACE_SPANS).map(spanRecordToDto),
      hops: hops.map(hopRecordToDto),
      truncated: spans.length > MAX_TRACE_SPANS,
    };
  }
}

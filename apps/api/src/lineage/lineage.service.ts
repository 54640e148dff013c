import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LINEAGE_SECTION_LIMIT, type LineageDetailResponse } from '@closewatch/contracts/lineage';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { amountDrift } from './amount-drift';
import { HOP_COLUMNS, type HopRecord, hopRecordToDto } from './hop-record';
import { lineageTraces } from './lineage-traces';
import { RECORD_BREAKS_SQL, type RecordBreakRow, recordBreakToDto } from './record-breaks';
import { RECORD_EXCEPTIONS_SQL, type RecordExceptionRow, recordExceptionToDto } from './record-exceptions';

/** More hops than this for one record key is pathological; the answer says it was cut. */
export const MAX_LINEAGE_HOPS = 10_000;

@Injectable()
export class LineageService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Every hop of one business record across flows and systems, in time order (then write order),
   * with the amount drift between hops, the traces behind them, and the record's exceptions and
   * reconciliation breaks (each newest first, at most LINEAGE_SECTION_LIMIT, with the total).
   */
  async lineage(recordKey: string): Promise<LineageDetailResponse> {
    const [rows, exceptionRows, breakRows] = await Promise.all([
      this.ds.query<HopRecord[]>(`select ${HOP_COLUMNS} from hops h where h.record_key = $1 order by h.occurred_at, h.id limit $2`, [
        recordKey,
        MAX_LINEAGE_HOPS + 1,
      ]),
      this.ds.query<RecordExceptionRow[]>(RECORD_EXCEPTIONS_SQL, [recordKey, LINEAGE_SECTION_LIMIT]),
      this.ds.query<RecordBreakRow[]>(RECORD_BREAKS_SQL, [recordKey, LINEAGE_SECTION_LIMIT]),
    ]);
    const hops = rows.slice(0, MAX_LINEAGE_HOPS).map(hopRecordToDto);
    const traces = lineageTraces(hops);
    return {
      recordKey,
      hops,
      amountDrift: amountDrift(hops),
      traceIds: traceIdsOf(hops),
      truncated: rows.length > MAX_LINEAGE_HOPS,
      traces: traces.slice(0, LINEAGE_SECTION_LIMIT),
      exceptions: exceptionRows.map(recordExceptionToDto),
      breaks: breakRows.map(recordBreakToDto),
      totals: { traces: traces.length, exceptions: totalOf(exceptionRows), breaks: totalOf(breakRows) },
    };
  }
}

function traceIdsOf(hops: readonly HopDto[]): string[] {
  return [...new Set(hops.flatMap((h) => (h.traceId ? [h.traceId] : [])))];
}

/** The `count(*) over ()` of a limited query: every row carries it, none means none. */
function totalOf(rows: readonly { total: string }[]): number {
  return rows.length ? Number(rows[0]!.total) : 0;
}

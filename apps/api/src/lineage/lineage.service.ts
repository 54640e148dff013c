import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type HopDto, type LineageResponse } from '@closewatch/contracts/telemetry';
import { amountDrift } from './amount-drift';
import { HOP_COLUMNS, type HopRecord, hopRecordToDto } from './hop-record';

/** More hops than this for one record key is pathological; the answer says it was cut. */
export const MAX_LINEAGE_HOPS = 10_000;

@Injectable()
export class LineageService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every hop of one business record across flows and systems, in time order (then write order). */
  async lineage(recordKey: string): Promise<LineageResponse> {
    const rows: HopRecord[] = await this.ds.query(
      `select ${HOP_COLUMNS} from hops h where h.record_key = $1 order by h.occurred_at, h.id limit $2`,
      [recordKey, MAX_LINEAGE_HOPS + 1],
    );
    const hops = rows.slice(0, MAX_LINEAGE_HOPS).map(hopRecordToDto);
    return { recordKey, hops, amountDrift: amountDrift(hops), traceIds: traceIdsOf(hops), truncated: rows.length > MAX_LINEAGE_HOPS };
  }
}

function traceIdsOf(hops: readonly HopDto[]): string[] {
  return [...new Set(hops.flatMap((h) => (h.traceId ? [h.traceId] : [])))];
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { toPage } from '../common/pagination';
import { HOP_COLUMNS, type HopRecord, hopRecordToDto } from './hop-record';
import { decodeIdCursor } from './id-cursor';
import { type HopsExportQuery, type HopsQuery } from './lineage.schemas';
import { type RequestPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log.service';
import { csvLine } from '../common/csv';
import { jsonArrayClosing, jsonArrayItem, jsonArrayOpening } from '../common/json-stream';
import { CSV_CONTENT_TYPE, fileStamp, JSON_CONTENT_TYPE, streamDownload } from '../common/stream-download';
import { inReadSnapshot } from '../database/read-snapshot';
import { hopCsvLine, LINEAGE_CSV_HEADER } from './lineage-csv';
import { SqlFilter } from './sql-filter';

@Injectable()
export class HopsService {
  private readonly logger = new Logger('lineage-export');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Hops newest first (by id: the order they were written), filtered, one keyset page. */
  async list(q: HopsQuery): Promise<Page<HopDto>> {
    const f = hopFilter(q).add('h.id < $?::bigint', decodeIdCursor(q.cursor));
    const rows: HopRecord[] = await this.ds.query(`select ${HOP_COLUMNS} from hops h ${f.where()} order by h.id desc limit ${f.param(q.limit + 1)}`, f.params);
    return toPage(rows, q.limit, hopRecordToDto, (r) => [r.id]);
  }

  /**
   * The lineage of every record in the filtered set: its hops in lineage order (record key, then
   * time, then write order), streamed as CSV (the lineage export's columns) or JSON, in batches
   * from one read snapshot, so memory stays flat whatever the set. Audited before it is read.
   */
  async export(q: HopsExportQuery, p: RequestPrincipal | undefined, res: Response): Promise<void> {
    const { format, ...filters } = q;
    await this.audit.recordExport(p, { what: 'lineage', objectId: filters.recordKey ?? null, format, filters });
    const now = new Date();
    await inReadSnapshot(this.ds, (m) =>
      streamDownload(
        res,
        { name: `lineage-${fileStamp(now)}.${format}`, contentType: format === 'csv' ? CSV_CONTENT_TYPE : JSON_CONTENT_TYPE },
        this.logger,
        async (write) => {
          if (!(await write(format === 'csv' ? csvLine(LINEAGE_CSV_HEADER) : jsonArrayOpening({ exportedAt: now.toISOString(), filters }, 'hops')))) return;
          // Keyset on the exact time as text (a Date keeps milliseconds; the column has microseconds).
          let after: (HopRecord & { occurred_key: string }) | undefined;
          let count = 0;
          for (;;) {
            const f = hopFilter(filters);
            if (after)
              f.add(`(h.record_key, h.occurred_at, h.id) > ($?, ${f.param(after.occurred_key)}::timestamptz, ${f.param(after.id)}::bigint)`, after.record_key);
            const rows: (HopRecord & { occurred_key: string })[] = await m.query(
              `select ${HOP_COLUMNS}, h.occurred_at::text as occurred_key from hops h ${f.where()} order by h.record_key, h.occurred_at, h.id limit ${f.param(EXPORT_BATCH)}`,
              f.params,
            );
            if (!rows.length) break;
            for (const r of rows) if (!(await write(format === 'csv' ? hopCsvLine(hopRecordToDto(r)) : jsonArrayItem(hopRecordToDto(r), count++)))) return;
            if (rows.length < EXPORT_BATCH) break;
            after = rows[rows.length - 1];
          }
          if (format === 'json') await write(jsonArrayClosing(count));
        },
      ),
    );
  }
}

const EXPORT_BATCH = 1000;

function hopFilter(q: Omit<HopsExportQuery, 'format'>): SqlFilter {
  return new SqlFilter()
    .add('h.flow_id = $?', q.flow)
    .add('h.record_key = $?', q.recordKey)
    .add('h.stage = $?', q.stage)
    .add('h.status = $?', q.status)
    .add('h.system = $?', q.system)
    .add('h.entity = $?', q.entity)
    .add('h.period = $?', q.period);
}

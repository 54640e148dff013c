import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import { type BreakClassificationDto, type ReconBreakDto, type ReconBreakType, type ReconRunDto } from '@closewatch/contracts/recon';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeCursor, encodeCursor } from '../../common/pagination';
import { LiveBus } from '../../live/live-bus';
import { ReconWorkerService } from './recon-worker.service';
import { type BreaksExportQuery, type BreaksQuery } from '../recon.schemas';
import { type RequestPrincipal } from '../../auth/principal';
import { AuditLog } from '../../audit/audit-log.service';
import { csvLine } from '../../common/csv';
import { jsonArrayClosing, jsonArrayItem, jsonArrayOpening } from '../../common/json-stream';
import { CSV_CONTENT_TYPE, fileStamp, JSON_CONTENT_TYPE, streamDownload } from '../../common/stream-download';
import { inReadSnapshot } from '../../database/read-snapshot';
import { BREAK_CSV_HEADER, breakCsvLine } from './break-csv';
import { type RunRow, toRunDto } from './run-mapping';
import { CANCEL_QUEUED_RUN, REQUEST_RUNNING_CANCEL, SELECT_BREAKS_PAGE, SELECT_RUN } from './runs.queries';
import { returnedRows } from '../../common/query-records';

interface BreakRow {
  id: string;
  type: ReconBreakType;
  key: Record<string, string | null>;
  record_key: string | null;
  source: Record<string, unknown> | null;
  target: Record<string, unknown> | null;
  differences: ReconBreakDto['differences'];
  side: 'source' | 'target' | null;
  rows: number | null;
  amount_at_risk: string | null;
  currency: string | null;
  classification: BreakClassificationDto | null;
  exception_id: string | null;
}

const EXPORT_BATCH = 1000;

function breaksPage(
  m: Pick<EntityManager, 'query'>,
  runId: string,
  after: string,
  f: Omit<BreaksQuery, 'limit' | 'cursor'>,
  limit: number,
): Promise<BreakRow[]> {
  return m.query(SELECT_BREAKS_PAGE, [runId, after, f.type ?? null, f.classification ?? null, f.recordKey ?? null, f.exception ?? null, limit]);
}

const toBreakDto = (r: BreakRow): ReconBreakDto => ({
  id: r.id,
  type: r.type,
  key: r.key,
  recordKey: r.record_key,
  source: r.source,
  target: r.target,
  differences: r.differences,
  side: r.side,
  rows: r.rows,
  amountAtRisk: r.amount_at_risk,
  currency: r.currency,
  classification: r.classification,
  exceptionId: r.exception_id,
});

/** The read side of runs (detail, breaks) and cancellation. */
@Injectable()
export class ReconRunsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly worker: ReconWorkerService,
    private readonly bus: LiveBus,
    private readonly audit: AuditLog,
  ) {}

  private readonly logger = new Logger('recon-export');

  async get(runId: string): Promise<ReconRunDto> {
    const rows: RunRow[] = await this.ds.query(SELECT_RUN, [runId]);
    if (!rows.length) throw ApiError.notFound(`reconciliation run ${runId}`);
    return toRunDto(rows[0]!);
  }

  /** Breaks of a run in key order, filtered by type, classification, record key or whether they raised an exception. */
  async breaks(runId: string, q: BreaksQuery): Promise<Page<ReconBreakDto>> {
    await this.get(runId);
    const after = decodeCursor<[string]>(q.cursor, 1)?.[0] ?? '0';
    const rows = await breaksPage(this.ds.manager, runId, after, q, q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { items: page.map(toBreakDto), nextCursor: more ? encodeCursor([page[page.length - 1]!.id]) : null };
  }

  /**
   * The run with every break that matches the filters, in key order, streamed as JSON (the run,
   * then the breaks one to a line) or CSV (one row per break), from one read snapshot in batches:
   * memory stays flat whatever the number of breaks. Audited before it is read.
   */
  async export(runId: string, q: BreaksExportQuery, p: RequestPrincipal | undefined, res: Response): Promise<void> {
    const run = await this.get(runId);
    const { format, ...filters } = q;
    await this.audit.recordExport(p, { what: 'recon_run', objectId: runId, format, filters });
    const now = new Date();
    const name = `recon-run-${runId}-${fileStamp(now)}.${format}`;
    await inReadSnapshot(this.ds, (m) =>
      streamDownload(res, { name, contentType: format === 'csv' ? CSV_CONTENT_TYPE : JSON_CONTENT_TYPE }, this.logger, async (write) => {
        const opening = format === 'csv' ? csvLine(BREAK_CSV_HEADER) : jsonArrayOpening({ exportedAt: now.toISOString(), filters, run }, 'breaks');
        if (!(await write(opening))) return;
        let after = '0';
        let count = 0;
        for (;;) {
          const rows = await breaksPage(m, runId, after, filters, EXPORT_BATCH);
          if (!rows.length) break;
          for (const r of rows) if (!(await write(format === 'csv' ? breakCsvLine(runId, toBreakDto(r)) : jsonArrayItem(toBreakDto(r), count++)))) return;
          if (rows.length < EXPORT_BATCH) break;
          after = rows[rows.length - 1]!.id;
        }
        if (format === 'json') await write(jsonArrayClosing(count));
      }),
    );
  }

  /**
   * Cancels a run: a queued one at once; a running one is aborted (here at once, on another
   * replica at its next heartbeat) and ends as cancelled. A finished run cannot be cancelled (409).
   */
  async cancel(runId: string): Promise<ReconRunDto> {
    const queued = returnedRows<RunRow>(await this.ds.query(CANCEL_QUEUED_RUN, [runId]));
    if (queued.length) {
      const r = queued[0]!;
      this.bus.publishReconRun({
        runId,
        reconId: r.recon_id,
        flow: r.flow_id,
        status: 'cancelled',
        matched: null,
        breaks: null,
        error: null,
        at: new Date().toISOString(),
      });
      return toRunDto(r);
    }
    const running = returnedRows<{ id: string }>(await this.ds.query(REQUEST_RUNNING_CANCEL, [runId]));
    if (running.length) {
      this.worker.cancelLocal(runId);
      return this.get(runId);
    }
    const run = await this.get(runId);
    throw new ApiError(ApiErrorCode.Conflict, `reconciliation run ${runId} is ${run.status} and cannot be cancelled`);
  }
}

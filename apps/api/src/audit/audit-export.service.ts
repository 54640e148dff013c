import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource } from 'typeorm';
import { type AuditExportQuery } from '@closewatch/contracts/audit';
import { type RequestPrincipal } from '../auth/principal';
import { CSV_CONTENT_TYPE, type DownloadWrite, fileStamp, JSON_CONTENT_TYPE, streamDownload } from '../common/stream-download';
import { csvLine } from '../common/csv';
import { inReadSnapshot } from '../database/read-snapshot';
import {
  AUDIT_CSV_HEADER,
  AUDIT_EXPORT_FORMAT,
  auditCheckpointCsvLine,
  JSON_CHECKPOINTS_TO_ENTRIES,
  jsonExportClosing,
  jsonExportItem,
  jsonExportOpening,
} from './audit-export-format';
import { AuditLog } from './audit-log.service';
import { allCheckpoints, exportLines, readHead } from './audit.queries';
import { type Checkpoint } from './checkpoint-signing';

/**
 * `GET /api/v1/audit/export`: the entries that match the list's filters, oldest first, with every
 * checkpoint, as JSON (the layout of audit-export-format.ts, which `npm run audit:verify` checks
 * offline) or CSV, in one read snapshot. The entries' lines are written by PostgreSQL and pass
 * through as bytes (exportLines): memory stays flat whatever the log's size (docs/benchmarks.md).
 * The export is audited before it is read.
 */
@Injectable()
export class AuditExportService {
  private readonly logger = new Logger('audit-export');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async export(q: AuditExportQuery, p: RequestPrincipal | undefined, res: Response): Promise<void> {
    const { format, ...filters } = q;
    this.audit.checkRange(filters);
    await this.audit.recordExport(p, { what: 'audit_log', objectId: null, format, filters });
    const exportedAt = new Date();
    await inReadSnapshot(this.ds, async (m, client) => {
      const head = await readHead(m);
      const checkpoints = await allCheckpoints(m);
      const entries = exportLines(client, format, filters);
      const file = { name: `audit-log-${fileStamp(exportedAt)}.${format}`, contentType: format === 'csv' ? CSV_CONTENT_TYPE : JSON_CONTENT_TYPE };
      await streamDownload(res, file, this.logger, async (write) => {
        if (format === 'csv') return writeCsv(write, entries, checkpoints);
        const opening = jsonExportOpening({
          format: AUDIT_EXPORT_FORMAT,
          version: 1,
          exportedAt: exportedAt.toISOString(),
          filters,
          publicKey: this.audit.publicKeyDto(),
          head: { entries: head.lastId, hash: head.lastId ? head.lastHash : null },
        });
        return writeJson(write, opening, entries, checkpoints);
      });
    });
  }
}

async function writeJson(write: DownloadWrite, opening: string, lines: AsyncIterable<Buffer>, checkpoints: readonly Checkpoint[]): Promise<void> {
  if (!(await write(opening))) return;
  for (const [i, c] of checkpoints.entries()) if (!(await write(jsonExportItem(c, i)))) return;
  if (!(await write(JSON_CHECKPOINTS_TO_ENTRIES))) return;
  let count = 0;
  for await (const chunk of lines) {
    // Every entry's line starts with its comma; the first one's is dropped.
    const bytes = count === 0 ? chunk.subarray(1) : chunk;
    count += lineFeeds(chunk);
    if (!(await write(bytes))) return;
  }
  await write(jsonExportClosing(count));
}

async function writeCsv(write: DownloadWrite, lines: AsyncIterable<Buffer>, checkpoints: readonly Checkpoint[]): Promise<void> {
  if (!(await write(csvLine(AUDIT_CSV_HEADER)))) return;
  for await (const chunk of lines) if (!(await write(chunk))) return;
  for (const c of checkpoints) if (!(await write(auditCheckpointCsvLine(c)))) return;
}

/** Entries in a chunk of JSON lines: one line feed each (JSON text holds none of its own). */
function lineFeeds(chunk: Buffer): number {
  let n = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) n++;
  return n;
}

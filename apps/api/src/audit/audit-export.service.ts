import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource } from 'typeorm';
import { type AuditExportQuery } from '@closewatch/contracts/audit';
import { type RequestPrincipal } from '../auth/principal';
import { CSV_CONTENT_TYPE, type DownloadWrite, fileStamp, JSON_CONTENT_TYPE, streamDownload } from '../common/stream-download';
import { csvLine } from '../common/csv';
import { inReadSnapshot } from '../database/read-snapshot';
import { type AuditEntry } from './audit-chain';
import {
  AUDIT_CSV_HEADER,
  AUDIT_EXPORT_FORMAT,
  auditCheckpointCsvLine,
  auditEntryCsvLine,
  JSON_CHECKPOINTS_TO_ENTRIES,
  jsonExportClosing,
  jsonExportItem,
  jsonExportOpening,
} from './audit-export-format';
import { AuditLog } from './audit-log.service';
import { allCheckpoints, chainBatches, readHead } from './audit.queries';
import { type Checkpoint } from './checkpoint-signing';

/**
 * `GET /api/v1/audit/export`: the entries that match the list's filters, oldest first, with every
 * checkpoint, as JSON (the layout of audit-export-format.ts, which `npm run audit:verify` checks
 * offline) or CSV, streamed from one COPY in one read snapshot: memory stays flat whatever the
 * log's size (docs/benchmarks.md). The export is audited before it is read.
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
      const entries = chainBatches(client, filters);
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

async function writeJson(write: DownloadWrite, opening: string, entries: AsyncIterable<AuditEntry[]>, checkpoints: readonly Checkpoint[]): Promise<void> {
  if (!(await write(opening))) return;
  for (const [i, c] of checkpoints.entries()) if (!(await write(jsonExportItem(c, i)))) return;
  if (!(await write(JSON_CHECKPOINTS_TO_ENTRIES))) return;
  let count = 0;
  for await (const batch of entries) {
    for (const e of batch) if (!(await write(jsonExportItem(e, count++)))) return;
  }
  await write(jsonExportClosing(count));
}

async function writeCsv(write: DownloadWrite, entries: AsyncIterable<AuditEntry[]>, checkpoints: readonly Checkpoint[]): Promise<void> {
  if (!(await write(csvLine(AUDIT_CSV_HEADER)))) return;
  for await (const batch of entries) {
    for (const e of batch) if (!(await write(auditEntryCsvLine(e)))) return;
  }
  for (const c of checkpoints) if (!(await write(auditCheckpointCsvLine(c)))) return;
}

import { type ReconBreakDto } from '@closewatch/contracts/recon';
import { csvLine } from '../../common/csv';

/** Columns of `GET /api/v1/recon-runs/:runId/export?format=csv`: one row per break; objects as JSON text. */
export const BREAK_CSV_HEADER = [
  'runId',
  'breakId',
  'type',
  'recordKey',
  'key',
  'source',
  'target',
  'differences',
  'side',
  'rows',
  'amountAtRisk',
  'currency',
  'classification',
  'classificationDetail',
  'exceptionId',
] as const;

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export function breakCsvLine(runId: string, b: ReconBreakDto): string {
  return csvLine([
    runId,
    b.id,
    b.type,
    b.recordKey,
    json(b.key),
    json(b.source),
    json(b.target),
    json(b.differences),
    b.side,
    b.rows,
    b.amountAtRisk,
    b.currency,
    b.classification?.kind,
    json(b.classification),
    b.exceptionId,
  ]);
}

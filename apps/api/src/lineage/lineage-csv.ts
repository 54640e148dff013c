import { type HopDto, type LineageResponse } from '@closewatch/contracts/telemetry';
import { csvLine, type CsvValue, toCsv } from '../common/csv';

/** Columns of the lineage CSV export: the hop fields of the JSON answer, the error flattened. */
const COLUMNS: readonly [string, (h: HopDto) => CsvValue][] = [
  ['occurredAt', (h) => h.occurredAt],
  ['flow', (h) => h.flow],
  ['registered', (h) => h.registered],
  ['recordKey', (h) => h.recordKey],
  ['recordType', (h) => h.recordType],
  ['stage', (h) => h.stage],
  ['system', (h) => h.system],
  ['status', (h) => h.status],
  ['amount', (h) => h.amount],
  ['currency', (h) => h.currency],
  ['entity', (h) => h.entity],
  ['period', (h) => h.period],
  ['dataStatus', (h) => h.dataStatus],
  ['mappingVersion', (h) => h.mappingVersion],
  ['batchId', (h) => h.batchId],
  ['traceId', (h) => h.traceId],
  ['spanId', (h) => h.spanId],
  ['errorClass', (h) => h.error?.class],
  ['errorCode', (h) => h.error?.code],
  ['errorMessage', (h) => h.error?.message],
  ['source', (h) => h.source],
  ['ingestKeyId', (h) => h.ingestKeyId],
];

export const LINEAGE_CSV_HEADER = COLUMNS.map(([name]) => name);

/** The hops of one lineage answer as CSV, one row per hop in lineage order. */
export function lineageCsv(lineage: LineageResponse): string {
  return toCsv(
    LINEAGE_CSV_HEADER,
    lineage.hops.map((h) => COLUMNS.map(([, cell]) => cell(h))),
  );
}

/** One hop as a CSV record (the set export writes them batch by batch). */
export function hopCsvLine(h: HopDto): string {
  return csvLine(COLUMNS.map(([, cell]) => cell(h)));
}

/** A safe attachment file name for a record key: `lineage-INV-10023.csv`. */
export function exportFileName(recordKey: string, format: 'csv' | 'json'): string {
  const safe = recordKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'record';
  return `lineage-${safe}.${format}`;
}

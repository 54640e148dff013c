import { type AuditCheckpointDto, type AuditEntryDto, type AuditExportHeader } from '@closewatch/contracts/audit';
import { csvLine } from '../common/csv';
import { jsonArrayItem } from '../common/json-stream';

/**
 * The layout of an audit export (docs/audit.md, "Export"). JSON: one document whose members
 * are written one to a line, so it is streamed out in flat memory and read back line by line
 * (audit-export-reader.ts) however long the chain:
 *
 * ```
 * {"format":"closewatch.audit-export","version":1,…,"head":{…},
 * "checkpoints":[
 * {…checkpoint…}
 * ,{…checkpoint…}
 * ],
 * "entries":[
 * {…entry…}
 * ,{…entry…}
 * ],
 * "count":2}
 * ```
 */
export const AUDIT_EXPORT_FORMAT: AuditExportHeader['format'] = 'closewatch.audit-export';

export const CHECKPOINTS_OPEN = '"checkpoints":[';
export const ENTRIES_OPEN = '"entries":[';
export const ARRAY_CLOSE = '],';

/** The header line and the opening of the checkpoints. */
export function jsonExportOpening(header: AuditExportHeader): string {
  return `${JSON.stringify(header).slice(0, -1)},\n${CHECKPOINTS_OPEN}\n`;
}

/** One checkpoint or entry on its line; every one after the first starts with the comma. */
export const jsonExportItem: (value: AuditCheckpointDto | AuditEntryDto, index: number) => string = jsonArrayItem;

export const JSON_CHECKPOINTS_TO_ENTRIES = `${ARRAY_CLOSE}\n${ENTRIES_OPEN}\n`;

export function jsonExportClosing(count: number): string {
  return `${ARRAY_CLOSE}\n"count":${count}}\n`;
}

/**
 * CSV: entries (record `entry`) in id order, written by PostgreSQL (audit.queries.ts, exportLines),
 * then the checkpoints (record `checkpoint`: id is their entry count).
 */
export const AUDIT_CSV_HEADER = [
  'record',
  'id',
  'at',
  'actorKind',
  'actorId',
  'actorEmail',
  'action',
  'objectType',
  'objectId',
  'before',
  'after',
  'prevHash',
  'hash',
  'keyId',
  'signature',
] as const;

export function auditCheckpointCsvLine(c: AuditCheckpointDto): string {
  return csvLine(['checkpoint', c.entries, c.at, null, null, null, null, null, null, null, null, null, c.hash, c.keyId, c.signature]);
}

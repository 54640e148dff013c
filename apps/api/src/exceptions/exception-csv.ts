import { type ExceptionDto } from '@closewatch/contracts/exceptions';

/** Columns of `GET /api/v1/exceptions/export?format=csv`, in order. */
export const EXCEPTION_CSV_HEADER = [
  'id',
  'type',
  'flow',
  'recordKey',
  'runId',
  'cause',
  'title',
  'status',
  'severity',
  'amountAtRisk',
  'currency',
  'entity',
  'period',
  'occurrences',
  'firstSeenAt',
  'lastSeenAt',
  'ageBucket',
  'slaDueAt',
  'overdue',
  'assignee',
  'incidentId',
  'resolutionCode',
  'resolutionNote',
  'resolvedAt',
  'dismissalReason',
  'dismissalApprovedBy',
] as const;

type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
/** Text a spreadsheet would run as a formula (CSV injection); plain numbers such as `-12.50` are data. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * One RFC 4180 cell: quoted when it holds a comma, a quote or a line break, quotes doubled;
 * text a spreadsheet would evaluate as a formula gets a leading apostrophe (OWASP advice).
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function exceptionCsvLine(e: ExceptionDto): string {
  return csvLine([
    e.id,
    e.type,
    e.flow,
    e.recordKey,
    e.runId,
    e.cause,
    e.title,
    e.status,
    e.severity,
    e.amountAtRisk,
    e.currency,
    e.entity,
    e.period,
    e.occurrences,
    e.firstSeenAt,
    e.lastSeenAt,
    e.ageBucket,
    e.slaDueAt,
    e.overdue,
    e.assignee?.email,
    e.incidentId,
    e.resolution?.code,
    e.resolution?.note,
    e.resolution?.at,
    e.dismissal?.reason,
    e.dismissal?.approvedBy?.kind === 'user' ? e.dismissal.approvedBy.email : null,
  ]);
}

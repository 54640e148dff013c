import { type ExceptionDto, type ExceptionHistoryEntryDto } from '@closewatch/contracts/exceptions';
import { csvLine, type CsvValue } from '../common/csv';

/** Columns of `GET /api/v1/exceptions/export?format=csv`, in order (docs/exceptions.md, "Export"). */
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

export function exceptionCsvLine(e: ExceptionDto): string {
  return csvLine(exceptionCells(e));
}

function exceptionCells(e: ExceptionDto): CsvValue[] {
  return [
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
  ];
}

/** `history=true`: one row per history event, the exception's columns first, then the event's. */
export const EXCEPTION_HISTORY_CSV_HEADER = [
  ...EXCEPTION_CSV_HEADER,
  'historyId',
  'historyAt',
  'historyAction',
  'historyActor',
  'historyFromStatus',
  'historyToStatus',
  'historyReason',
  'historyDetails',
] as const;

export function exceptionHistoryCsvLines(e: ExceptionDto, history: readonly ExceptionHistoryEntryDto[]): string {
  const cells = exceptionCells(e);
  return history
    .map((h) =>
      csvLine([
        ...cells,
        h.id,
        h.at,
        h.action,
        h.actor.kind === 'user' ? h.actor.email : h.actor.name,
        h.fromStatus,
        h.toStatus,
        h.reason,
        h.details === null ? null : JSON.stringify(h.details),
      ]),
    )
    .join('');
}

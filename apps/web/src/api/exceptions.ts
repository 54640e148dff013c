import {
  type AgeBucket,
  type AgingResponse,
  type BulkBody,
  type BulkResponse,
  type ExceptionCommentDto,
  type ExceptionDetailDto,
  type ExceptionDto,
  type ExceptionType,
  type ResolutionCode,
  type Severity,
} from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { apiDownload, apiFetch } from './client';

/** Filters of `GET /api/v1/exceptions` (and, where they apply, of the export and the aging report). */
export interface ExceptionFilters {
  type?: ExceptionType | '';
  flow?: string;
  /** One status, or several comma-separated (`open,acknowledged`). */
  status?: string;
  severity?: Severity | '';
  /** A user id or email, `me`, or `none`. */
  assignee?: string;
  entity?: string;
  period?: string;
  ageBucket?: AgeBucket | '';
  overdue?: boolean;
  /** Text contained in the record key. */
  q?: string;
  incident?: string;
  /** `lastSeenAt`, `-severity`, ... (default `-lastSeenAt`). */
  sort?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

function filterQuery(f: ExceptionFilters): Query {
  return { ...f, overdue: f.overdue ? 'true' : undefined };
}

const path = (id: string, action = '') => `/api/v1/exceptions/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export function listExceptions(filters: ExceptionFilters, page: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<Page<ExceptionDto>> {
  return apiFetch<Page<ExceptionDto>>('/api/v1/exceptions', {
    query: { ...filterQuery(filters), limit: page.limit, cursor: page.cursor ?? undefined },
    signal,
  });
}

export function getException(id: string, signal?: AbortSignal): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id), { signal });
}

/** Unresolved exceptions by age bucket and severity; status, age and overdue filters do not apply. */
export function getExceptionAging(filters: ExceptionFilters, signal?: AbortSignal): Promise<AgingResponse> {
  const { status: _status, ageBucket: _age, overdue: _overdue, sort: _sort, ...rest } = filters;
  return apiFetch<AgingResponse>('/api/v1/exceptions/aging', { query: filterQuery(rest), signal });
}

/**
 * Saves the export of every exception matching the filters, in the list's sort: CSV one row per
 * exception, or JSON with each exception's full history and comments.
 */
export function downloadExceptions(filters: ExceptionFilters, format: 'csv' | 'json'): Promise<void> {
  return apiDownload('/api/v1/exceptions/export', { ...filterQuery(filters), format }, `exceptions.${format}`);
}

/** `assignee`: a user id or email; null unassigns. */
export function assignException(id: string, assignee: string | null): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'assign'), { method: 'POST', body: { assignee } });
}

export function acknowledgeException(id: string, note?: string): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'acknowledge'), { method: 'POST', body: note ? { note } : {} });
}

export function resolveException(id: string, code: Exclude<ResolutionCode, 'auto_resolved'>, note?: string): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'resolve'), { method: 'POST', body: note ? { code, note } : { code } });
}

/** At or above the flow's materiality the dismissal waits for a second person's approval. */
export function dismissException(id: string, reason: string): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'dismiss'), { method: 'POST', body: { reason } });
}

export function approveDismissal(id: string): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'approve-dismissal'), { method: 'POST', body: {} });
}

export function rejectDismissal(id: string, reason?: string): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'reject-dismissal'), { method: 'POST', body: reason ? { reason } : {} });
}

export function reopenException(id: string, reason?: string): Promise<ExceptionDetailDto> {
  return apiFetch<ExceptionDetailDto>(path(id, 'reopen'), { method: 'POST', body: reason ? { reason } : {} });
}

export function commentOnException(id: string, text: string): Promise<ExceptionCommentDto> {
  return apiFetch<ExceptionCommentDto>(path(id, 'comments'), { method: 'POST', body: { text } });
}

/** One transaction, all or nothing: a 400 names every `ids[i]` that cannot make the transition. */
export function bulkExceptions(body: BulkBody): Promise<BulkResponse> {
  return apiFetch<BulkResponse>('/api/v1/exceptions/bulk', { method: 'POST', body });
}

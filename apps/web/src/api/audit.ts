import { type AuditCheckpointDto, type AuditEntryDto, type AuditQuery, type AuditVerifyDto } from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { apiDownload, apiFetch } from './client';

/** The audit list's filters as the API takes them (`from`/`to` ISO date-times). */
export type AuditFilters = AuditQuery;

export const AUDIT_EXPORT_FORMATS = ['json', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** Newest first, a keyset page at a time. */
export function listAudit(filters: AuditFilters, cursor: string | null, limit: number, signal?: AbortSignal): Promise<Page<AuditEntryDto>> {
  return apiFetch<Page<AuditEntryDto>>('/api/v1/audit', { query: { ...filters, limit, cursor: cursor ?? undefined }, signal });
}

/** Recomputes the whole chain on the server: ok, or the first broken entry and why. */
export function verifyAudit(): Promise<AuditVerifyDto> {
  return apiFetch<AuditVerifyDto>('/api/v1/audit/verify');
}

/** The newest signed checkpoints. */
export function listAuditCheckpoints(limit: number, signal?: AbortSignal): Promise<Page<AuditCheckpointDto>> {
  return apiFetch<Page<AuditCheckpointDto>>('/api/v1/audit/checkpoints', { query: { limit }, signal });
}

/** Downloads the audit log with its checkpoints (`GET /api/v1/audit/export?format=`). */
export function downloadAuditExport(format: AuditExportFormat): Promise<void> {
  return apiDownload('/api/v1/audit/export', { format }, `audit-log.${format}`);
}

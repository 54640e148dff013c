import { type Page } from '@closewatch/contracts/pagination';
import { type BreakClassificationKind, type ReconBreakDto, type ReconBreakType, type ReconRunDto } from '@closewatch/contracts/recon';
import { apiDownload, apiFetch } from './client';

const path = (runId: string) => `/api/v1/recon-runs/${encodeURIComponent(runId)}`;

export interface BreakFilters {
  type?: ReconBreakType | '';
  classification?: BreakClassificationKind | '';
}

export function getReconRun(runId: string, signal?: AbortSignal): Promise<ReconRunDto> {
  return apiFetch<ReconRunDto>(path(runId), { signal });
}

/** Breaks of a run in key order. */
export function listReconBreaks(
  runId: string,
  filters: BreakFilters,
  page: { limit?: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<Page<ReconBreakDto>> {
  return apiFetch<Page<ReconBreakDto>>(`${path(runId)}/breaks`, { query: { ...filters, limit: page.limit, cursor: page.cursor ?? undefined }, signal });
}

export function cancelReconRun(runId: string): Promise<ReconRunDto> {
  return apiFetch<ReconRunDto>(`${path(runId)}/cancel`, { method: 'POST' });
}

/** Saves the run with every break matching the filters (audited server-side). */
export function downloadReconRun(runId: string, filters: BreakFilters, format: 'csv' | 'json'): Promise<void> {
  return apiDownload(`${path(runId)}/export`, { ...filters, format }, `recon-run-${runId}.${format}`);
}

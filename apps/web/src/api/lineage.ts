import { type LineageDetailResponse } from '@closewatch/contracts/lineage';
import { apiDownload, apiFetch } from './client';

export function getLineage(recordKey: string, signal?: AbortSignal): Promise<LineageDetailResponse> {
  return apiFetch<LineageDetailResponse>('/api/v1/lineage', { query: { recordKey }, signal });
}

/** Saves the lineage export (`GET /api/v1/lineage/export`) as a file. */
export function downloadLineage(recordKey: string, format: 'csv' | 'json'): Promise<void> {
  return apiDownload('/api/v1/lineage/export', { recordKey, format }, `lineage-${recordKey}.${format}`);
}

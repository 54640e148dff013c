import { type LineageResponse } from '@closewatch/contracts/telemetry';
import { apiDownload, apiFetch } from './client';

export function getLineage(recordKey: string, signal?: AbortSignal): Promise<LineageResponse> {
  return apiFetch<LineageResponse>('/api/v1/lineage', { query: { recordKey }, signal });
}

/** Saves the lineage export (`GET /api/v1/lineage/export`) as a file. */
export function downloadLineage(recordKey: string, format: 'csv' | 'json'): Promise<void> {
  return apiDownload('/api/v1/lineage/export', { recordKey, format }, `lineage-${recordKey}.${format}`);
}

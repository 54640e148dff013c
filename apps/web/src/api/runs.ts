import { type Page } from '@closewatch/contracts/pagination';
import { type RunDto } from '@closewatch/contracts/telemetry';
import { apiFetch } from './client';

export interface RunFilters {
  flow?: string;
  status?: RunDto['status'];
  limit?: number;
  cursor?: string | null;
}

export function listRuns(filters: RunFilters, signal?: AbortSignal): Promise<Page<RunDto>> {
  const { cursor, ...rest } = filters;
  return apiFetch<Page<RunDto>>('/api/v1/runs', { query: { ...rest, cursor: cursor ?? undefined }, signal });
}

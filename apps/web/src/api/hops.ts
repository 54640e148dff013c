import { type Page } from '@closewatch/contracts/pagination';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { apiFetch } from './client';

export interface HopFilters {
  flow?: string;
  recordKey?: string;
  status?: 'ok' | 'error';
  limit?: number;
  cursor?: string | null;
}

/** Hops newest first. */
export function listHops(filters: HopFilters, signal?: AbortSignal): Promise<Page<HopDto>> {
  const { cursor, ...rest } = filters;
  return apiFetch<Page<HopDto>>('/api/v1/hops', { query: { ...rest, cursor: cursor ?? undefined }, signal });
}

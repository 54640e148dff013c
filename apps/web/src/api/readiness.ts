import { type Page } from '@closewatch/contracts/pagination';
import { type CloseSignOffDto, type ReadinessListResponse, type ReadinessStatus, type ReadinessTransitionDto } from '@closewatch/contracts/readiness';
import { apiFetch } from './client';

export interface ReadinessFilters {
  period?: string;
  entity?: string;
  status?: ReadinessStatus;
}

/** Readiness of every entity for the recent periods (or one period), up to 1,000 cells. */
export function listReadiness(filters: ReadinessFilters, signal?: AbortSignal): Promise<ReadinessListResponse> {
  return apiFetch<ReadinessListResponse>('/api/v1/close/readiness', { query: { ...filters, limit: 1000 }, signal });
}

/** The status changes of one entity and period, newest first. */
export function readinessHistory(entity: string, period: string, signal?: AbortSignal): Promise<Page<ReadinessTransitionDto>> {
  return apiFetch<Page<ReadinessTransitionDto>>('/api/v1/close/readiness/history', { query: { entity, period, limit: 50 }, signal });
}

/** The sign-off of one entity's period, if it was signed off. */
export async function closeSignOff(entity: string, period: string, signal?: AbortSignal): Promise<CloseSignOffDto | null> {
  const { items } = await apiFetch<{ items: CloseSignOffDto[] }>('/api/v1/close/signoffs', { query: { entity, period, limit: 1 }, signal });
  return items[0] ?? null;
}

/** Signs off the period's close (admins and finance ops; a note is required while at risk). */
export function signOffClose(entity: string, period: string, note: string | undefined): Promise<CloseSignOffDto> {
  return apiFetch<CloseSignOffDto>('/api/v1/close/signoffs', { method: 'POST', body: { entity, period, ...(note ? { note } : {}) } });
}

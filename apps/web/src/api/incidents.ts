import { type IncidentDetailDto, type IncidentDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { apiFetch } from './client';

export interface IncidentFilters {
  flow?: string;
  /** One status or several, comma-separated. */
  status?: string;
}

/** Most recently active first. */
export function listIncidents(filters: IncidentFilters, page: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<Page<IncidentDto>> {
  return apiFetch<Page<IncidentDto>>('/api/v1/incidents', { query: { ...filters, limit: page.limit, cursor: page.cursor ?? undefined }, signal });
}

export function getIncident(id: string, signal?: AbortSignal): Promise<IncidentDetailDto> {
  return apiFetch<IncidentDetailDto>(`/api/v1/incidents/${encodeURIComponent(id)}`, { signal });
}

/** Acknowledges the incident (its open exceptions) and so its pages. */
export function acknowledgeIncident(id: string, note?: string): Promise<IncidentDetailDto> {
  return apiFetch<IncidentDetailDto>(`/api/v1/incidents/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: note ? { note } : {} });
}

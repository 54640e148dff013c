import { type FlowDto, type FlowPattern, type ImpactArea, type SystemDto, type Workflow } from '@closewatch/contracts/catalog';
import { type Page } from '@closewatch/contracts/pagination';
import { apiFetch } from './client';

export interface FlowFilters {
  q?: string;
  pattern?: FlowPattern | '';
  workflow?: Workflow | '';
  system?: string;
  impact?: ImpactArea | '';
  limit?: number;
  cursor?: string | null;
}

export function listFlows(filters: FlowFilters = {}, signal?: AbortSignal): Promise<Page<FlowDto>> {
  const { cursor, ...rest } = filters;
  return apiFetch<Page<FlowDto>>('/api/v1/flows', { query: { ...rest, cursor: cursor ?? undefined }, signal });
}

export function getFlow(id: string, signal?: AbortSignal): Promise<FlowDto> {
  return apiFetch<FlowDto>(`/api/v1/flows/${encodeURIComponent(id)}`, { signal });
}

export function listSystems(signal?: AbortSignal): Promise<Page<SystemDto>> {
  return apiFetch<Page<SystemDto>>('/api/v1/systems', { query: { limit: 1000 }, signal });
}

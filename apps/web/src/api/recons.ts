import { type PendingChangeDto } from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconDefinitionBody, type ReconDto, type ReconRunHistoryDto, type StartRunRequest, type StartRunResponse } from '@closewatch/contracts/recon';
import { apiFetch } from './client';

const path = (id: string) => `/api/v1/recons/${encodeURIComponent(id)}`;

/** Definitions with their last run and next scheduled run. */
export function listRecons(page: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<Page<ReconDto>> {
  return apiFetch<Page<ReconDto>>('/api/v1/recons', { query: { limit: page.limit, cursor: page.cursor ?? undefined }, signal });
}

export function getRecon(id: string, signal?: AbortSignal): Promise<ReconDto> {
  return apiFetch<ReconDto>(path(id), { signal });
}

/** The body is sent as typed; the server validates it and names the path of every problem. */
/** With four-eyes on (CLOSEWATCH_CONFIG_APPROVAL), the answer is the pending change instead. */
export function createRecon(body: ReconDefinitionBody | Record<string, unknown>): Promise<ReconDto | PendingChangeDto> {
  return apiFetch<ReconDto | PendingChangeDto>('/api/v1/recons', { method: 'POST', body });
}

export function replaceRecon(id: string, body: ReconDefinitionBody | Record<string, unknown>): Promise<ReconDto | PendingChangeDto> {
  return apiFetch<ReconDto | PendingChangeDto>(path(id), { method: 'PUT', body });
}

export function deleteRecon(id: string): Promise<void> {
  return apiFetch<void>(path(id), { method: 'DELETE' });
}

/** Queues a run now; answers its id. */
export function startReconRun(id: string, body: StartRunRequest = {}): Promise<StartRunResponse> {
  return apiFetch<StartRunResponse>(`${path(id)}/runs`, { method: 'POST', body });
}

/** Runs newest first. */
export function listReconRuns(id: string, page: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<Page<ReconRunHistoryDto>> {
  return apiFetch<Page<ReconRunHistoryDto>>(`${path(id)}/runs`, { query: { limit: page.limit, cursor: page.cursor ?? undefined }, signal });
}

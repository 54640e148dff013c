import { type Page } from '@closewatch/contracts/pagination';
import { type ConnectionDto, type ConnectionTestResult, type CreateConnectionRequest } from '@closewatch/contracts/recon';
import { apiFetch } from './client';

const path = (name: string) => `/api/v1/connections/${encodeURIComponent(name)}`;

export function listConnections(signal?: AbortSignal): Promise<Page<ConnectionDto>> {
  return apiFetch<Page<ConnectionDto>>('/api/v1/connections', { query: { limit: 200 }, signal });
}

/** The URL goes in once; the answer never contains it. */
export function createConnection(body: CreateConnectionRequest): Promise<ConnectionDto> {
  return apiFetch<ConnectionDto>('/api/v1/connections', { method: 'POST', body });
}

export function deleteConnection(name: string): Promise<void> {
  return apiFetch<void>(path(name), { method: 'DELETE' });
}

export function testConnection(name: string): Promise<ConnectionTestResult> {
  return apiFetch<ConnectionTestResult>(`${path(name)}/test`, { method: 'POST' });
}

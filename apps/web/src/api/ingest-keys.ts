import { type CreatedIngestKey, type IngestKeyDto, type NewIngestKey } from '@closewatch/contracts/ingest-keys';
import { type Page } from '@closewatch/contracts/pagination';
import { apiFetch } from './client';

export function listIngestKeys(signal?: AbortSignal): Promise<Page<IngestKeyDto>> {
  return apiFetch<Page<IngestKeyDto>>('/api/v1/ingest-keys', { signal });
}

/** The answer carries the secret; it is shown once and never again. */
export function createIngestKey(body: NewIngestKey): Promise<CreatedIngestKey> {
  return apiFetch<CreatedIngestKey>('/api/v1/ingest-keys', { method: 'POST', body });
}

export function revokeIngestKey(id: string): Promise<IngestKeyDto> {
  return apiFetch<IngestKeyDto>(`/api/v1/ingest-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

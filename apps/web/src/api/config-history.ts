import {
  type ConfigDiffDto,
  type ConfigKind,
  type ConfigVersionListDto,
  type PendingChangeDto,
  type PendingChangeStatus,
} from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { apiFetch } from './client';

const PREFIX: Record<ConfigKind, string> = {
  flow: '/api/v1/flows',
  recon: '/api/v1/recons',
  close_calendar: '/api/v1/close-calendars',
  alert_route: '/api/v1/alert-routes',
};

const versionsPath = (kind: ConfigKind, id: string) => `${PREFIX[kind]}/${encodeURIComponent(id)}/versions`;

/** Every kept version of the object, newest first. */
export function listConfigVersions(kind: ConfigKind, id: string, signal?: AbortSignal): Promise<ConfigVersionListDto> {
  return apiFetch<ConfigVersionListDto>(versionsPath(kind, id), { signal });
}

/** Field-level changes from version `from` to version `to`. */
export function diffConfigVersions(kind: ConfigKind, id: string, from: number, to: number, signal?: AbortSignal): Promise<ConfigDiffDto> {
  return apiFetch<ConfigDiffDto>(`${versionsPath(kind, id)}/diff`, { query: { from, to }, signal });
}

/** Four-eyes changes, newest first. */
export function listConfigChanges(status: PendingChangeStatus | undefined, signal?: AbortSignal): Promise<Page<PendingChangeDto>> {
  return apiFetch<Page<PendingChangeDto>>('/api/v1/config-changes', { query: { status, limit: 100 }, signal });
}

export function approveConfigChange(id: string): Promise<PendingChangeDto> {
  return apiFetch<PendingChangeDto>(`/api/v1/config-changes/${encodeURIComponent(id)}/approve`, { method: 'POST' });
}

export function rejectConfigChange(id: string, note?: string): Promise<PendingChangeDto> {
  return apiFetch<PendingChangeDto>(`/api/v1/config-changes/${encodeURIComponent(id)}/reject`, { method: 'POST', body: note ? { note } : {} });
}

import { type Page } from '@closewatch/contracts/pagination';
import {
  type IncidentReplayPreviewDto,
  type IncidentReplayResponse,
  type ReplayDecisionResponse,
  type ReplayRequestDto,
  type ReplaySeriesResponse,
} from '@closewatch/contracts/replays';
import { apiFetch } from './client';

export interface ReplayFilters {
  flow?: string;
  /** One status or several, comma-separated. */
  status?: string;
  exceptionId?: string;
  /** The record's replay history, across its exceptions. */
  recordKey?: string;
  /** The requester's email. */
  requestedBy?: string;
  /** ISO instants: requested at or after `from`, before `to`. */
  from?: string;
  to?: string;
}

/** Newest first. */
export function listReplays(filters: ReplayFilters, limit: number, signal?: AbortSignal, cursor?: string | null): Promise<Page<ReplayRequestDto>> {
  return apiFetch<Page<ReplayRequestDto>>('/api/v1/replay-requests', { query: { ...filters, limit, ...(cursor ? { cursor } : {}) }, signal });
}

/** Asks the flow's middleware to send the exception's record again. */
export function replayException(id: string, note?: string): Promise<ReplayRequestDto> {
  return apiFetch<ReplayRequestDto>(`/api/v1/exceptions/${encodeURIComponent(id)}/replay`, { method: 'POST', body: note ? { note } : {} });
}

/** Replays every failed record of the incident. */
export function replayIncident(id: string, note?: string): Promise<IncidentReplayResponse> {
  return apiFetch<IncidentReplayResponse>(`/api/v1/incidents/${encodeURIComponent(id)}/replay`, { method: 'POST', body: note ? { note } : {} });
}

/** What the incident's Replay covers now: count, amounts per currency, whether a second person must approve. */
export function getIncidentReplayPreview(id: string, signal?: AbortSignal): Promise<IncidentReplayPreviewDto> {
  return apiFetch<IncidentReplayPreviewDto>(`/api/v1/incidents/${encodeURIComponent(id)}/replay-preview`, { signal });
}

/** Approves (a second person) or rejects the bulk replay the request belongs to. */
export function decideReplay(id: string, decision: 'approve' | 'reject'): Promise<ReplayDecisionResponse> {
  return apiFetch<ReplayDecisionResponse>(`/api/v1/replay-requests/${encodeURIComponent(id)}/${decision}`, { method: 'POST', body: {} });
}

export interface ReplaySeriesRequest {
  flow?: string;
  windowSeconds: number;
  stepSeconds: number;
}

/** Replay requests per step and the share of settled ones that succeeded. */
export function getReplaySeries(req: ReplaySeriesRequest, signal?: AbortSignal): Promise<ReplaySeriesResponse> {
  return apiFetch<ReplaySeriesResponse>('/api/v1/replay-requests/series', { query: { ...req }, signal });
}

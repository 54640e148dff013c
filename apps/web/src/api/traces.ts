import { type TraceResponse } from '@closewatch/contracts/telemetry';
import { apiFetch } from './client';

export function getTrace(traceId: string, signal?: AbortSignal): Promise<TraceResponse> {
  return apiFetch<TraceResponse>(`/api/v1/traces/${encodeURIComponent(traceId)}`, { signal });
}

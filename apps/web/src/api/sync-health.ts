import { type Page } from '@closewatch/contracts/pagination';
import {
  type FlowHealthDetailDto,
  type FlowHealthListResponse,
  type InFlightRecordDto,
  type LagSeriesResponse,
  type MeasuresDataStatus,
  type SyncDataStatus,
} from '@closewatch/contracts/sync-health';
import { apiFetch } from './client';

export interface HealthRequest {
  windowSeconds: number;
  /** `all` (or nothing) measures every data status together. */
  dataStatus?: MeasuresDataStatus;
}

const flowPath = (flow: string, what: string) => `/api/v1/flows/${encodeURIComponent(flow)}/${what}`;
const only = (d: MeasuresDataStatus | undefined) => (d === 'all' ? undefined : d);

/** Every catalog flow's status and measures over the API's default window, a page at a time (by flow id). */
export function listFlowHealth(page: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<FlowHealthListResponse> {
  return apiFetch<FlowHealthListResponse>('/api/v1/flow-health', { query: { limit: page.limit, cursor: page.cursor ?? undefined }, signal });
}

/** A catalog flow's status with reasons, measures in detail and split by data status; 404 for flows not in the catalog. */
export function getFlowHealth(flow: string, req: HealthRequest, signal?: AbortSignal): Promise<FlowHealthDetailDto> {
  return apiFetch<FlowHealthDetailDto>(flowPath(flow, 'health'), { query: { windowSeconds: req.windowSeconds, dataStatus: only(req.dataStatus) }, signal });
}

export function getLagSeries(flow: string, req: HealthRequest & { stepSeconds?: number }, signal?: AbortSignal): Promise<LagSeriesResponse> {
  return apiFetch<LagSeriesResponse>(flowPath(flow, 'lag-series'), {
    query: { windowSeconds: req.windowSeconds, stepSeconds: req.stepSeconds, dataStatus: only(req.dataStatus) },
    signal,
  });
}

/** Records emitted and not yet posted, oldest first. */
export function listInFlight(
  flow: string,
  req: { dataStatus?: SyncDataStatus | 'all'; limit?: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<Page<InFlightRecordDto>> {
  return apiFetch<Page<InFlightRecordDto>>(flowPath(flow, 'in-flight'), {
    query: { dataStatus: req.dataStatus === 'all' ? undefined : req.dataStatus, limit: req.limit, cursor: req.cursor ?? undefined },
    signal,
  });
}

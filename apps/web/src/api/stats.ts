import { type IngestStatsResponse, type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { apiFetch } from './client';

export function getIngestStats(windowSeconds: number, signal?: AbortSignal): Promise<IngestStatsResponse> {
  return apiFetch<IngestStatsResponse>('/api/v1/ingest/stats', { query: { windowSeconds }, signal });
}

export interface SeriesRequest {
  flow?: string;
  windowSeconds: number;
  stepSeconds: number;
}

export function getIngestSeries(req: SeriesRequest, signal?: AbortSignal): Promise<IngestStatsSeriesResponse> {
  return apiFetch<IngestStatsSeriesResponse>('/api/v1/ingest/stats/series', { query: { ...req }, signal });
}

import { type BoardMetricsResponse, type CashImpactResponse, type CashSeriesResponse, type CashSeriesStep } from '@closewatch/contracts/impact';
import { apiFetch } from './client';

/** What the cash views ask for; empty strings are left out (the API's defaults apply). */
export interface CashRequest {
  period: string;
  currency: string;
  entity: string;
}

export interface CashSeriesRequest extends CashRequest {
  step: CashSeriesStep;
}

export interface BoardMetricsRequest {
  period: string;
  currency: string;
}

export interface BoardMetricSeriesRequest extends BoardMetricsRequest {
  metric: string;
  step: CashSeriesStep;
}

export function getCashImpact(req: CashRequest, signal?: AbortSignal): Promise<CashImpactResponse> {
  return apiFetch<CashImpactResponse>('/api/v1/impact/cash', { query: { ...req }, signal });
}

export function getCashSeries(req: CashSeriesRequest, signal?: AbortSignal): Promise<CashSeriesResponse> {
  return apiFetch<CashSeriesResponse>('/api/v1/impact/cash/series', { query: { ...req }, signal });
}

export function getBoardMetrics(req: BoardMetricsRequest, signal?: AbortSignal): Promise<BoardMetricsResponse> {
  return apiFetch<BoardMetricsResponse>('/api/v1/impact/board-metrics', { query: { ...req }, signal });
}

export function getBoardMetricSeries(req: BoardMetricSeriesRequest, signal?: AbortSignal): Promise<CashSeriesResponse> {
  return apiFetch<CashSeriesResponse>('/api/v1/impact/board-metrics/series', { query: { ...req }, signal });
}

import { type BoardMetricsResponse, type CashSeriesResponse } from '@closewatch/contracts/impact';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { type BoardMetricSeriesRequest, type BoardMetricsRequest, getBoardMetricSeries, getBoardMetrics } from '../api/impact';
import { queryKeys } from '../api/query-keys';

/** Board metrics and their trust; invalidated by exception, reconciliation run and flow health events. */
export function useBoardMetrics(req: BoardMetricsRequest): UseQueryResult<BoardMetricsResponse> {
  return useQuery({ queryKey: queryKeys.impact.boardMetrics(req), queryFn: ({ signal }) => getBoardMetrics(req, signal), placeholderData: keepPreviousData });
}

/** The amount at risk over time on one metric's feeding flows (invalidated with the other impact queries, and each minute). */
export function useBoardMetricSeries(req: BoardMetricSeriesRequest | null): UseQueryResult<CashSeriesResponse> {
  return useQuery({
    queryKey: queryKeys.impact.boardMetricSeries(req ?? { period: '', currency: '', metric: '', step: 'day' }),
    queryFn: ({ signal }) => getBoardMetricSeries(req!, signal),
    enabled: req !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

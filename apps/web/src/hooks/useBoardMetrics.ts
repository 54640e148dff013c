import { type BoardMetricsResponse } from '@closewatch/contracts/impact';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { type BoardMetricsRequest, getBoardMetrics } from '../api/impact';
import { queryKeys } from '../api/query-keys';

/** Board metrics and their trust; invalidated by exception, reconciliation run and flow health events. */
export function useBoardMetrics(req: BoardMetricsRequest): UseQueryResult<BoardMetricsResponse> {
  return useQuery({ queryKey: queryKeys.impact.boardMetrics(req), queryFn: ({ signal }) => getBoardMetrics(req, signal), placeholderData: keepPreviousData });
}

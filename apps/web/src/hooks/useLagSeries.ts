import { type LagSeriesResponse } from '@closewatch/contracts/sync-health';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { getLagSeries, type HealthRequest } from '../api/sync-health';

/** Lag percentiles and postings per step over the window; refetched every minute (nothing without a flow). */
export function useLagSeries(flow: string | null, req: HealthRequest & { stepSeconds: number }): UseQueryResult<LagSeriesResponse> {
  return useQuery({
    queryKey: queryKeys.health.lag(flow ?? '', req),
    queryFn: ({ signal }) => getLagSeries(flow ?? '', req, signal),
    enabled: flow !== null,
    refetchInterval: 60_000,
  });
}

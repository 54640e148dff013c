import { type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { getIngestSeries, type SeriesRequest } from '../api/stats';

/**
 * Throughput and errors per step for a chart. Refetched every minute, and whenever `version`
 * changes (pass something that moves with new traffic, e.g. the live hop total); the chart
 * stays on screen until the next answer arrives.
 */
export function useStatsSeries(req: SeriesRequest, version: string | number = 0): UseQueryResult<IngestStatsSeriesResponse> {
  return useQuery({
    queryKey: queryKeys.stats.series(req, version),
    queryFn: ({ signal }) => getIngestSeries(req, signal),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

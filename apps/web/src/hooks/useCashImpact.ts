import { type CashImpactResponse, type CashSeriesResponse } from '@closewatch/contracts/impact';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { type CashRequest, type CashSeriesRequest, getCashImpact, getCashSeries } from '../api/impact';
import { queryKeys } from '../api/query-keys';

/** Cash at risk by entity and currency; invalidated when exceptions change (live). */
export function useCashImpact(req: CashRequest): UseQueryResult<CashImpactResponse> {
  return useQuery({ queryKey: queryKeys.impact.cash(req), queryFn: ({ signal }) => getCashImpact(req, signal), placeholderData: keepPreviousData });
}

/** Cash at risk over time; invalidated when exceptions change, and refetched each minute so its last point stays "now". */
export function useCashSeries(req: CashSeriesRequest): UseQueryResult<CashSeriesResponse> {
  return useQuery({
    queryKey: queryKeys.impact.cashSeries(req),
    queryFn: ({ signal }) => getCashSeries(req, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

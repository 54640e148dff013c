import { type FxRateDto } from '@closewatch/contracts/close';
import { type Page } from '@closewatch/contracts/pagination';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listFxRates } from '../api/close';
import { queryKeys } from '../api/query-keys';

/** The 60 newest FX rates, optionally of one base. */
export function useFxRates(base: string): UseQueryResult<Page<FxRateDto>> {
  return useQuery({ queryKey: queryKeys.close.fxRates(base), queryFn: ({ signal }) => listFxRates({ base: base || undefined, limit: 60 }, signal) });
}

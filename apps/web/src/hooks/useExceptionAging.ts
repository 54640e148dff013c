import { type AgingResponse } from '@closewatch/contracts/exceptions';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { type ExceptionFilters, getExceptionAging } from '../api/exceptions';
import { queryKeys } from '../api/query-keys';

/** Unresolved exceptions by age bucket and severity for the filters; every live change invalidates it. */
export function useExceptionAging(filters: ExceptionFilters): UseQueryResult<AgingResponse> {
  return useQuery({ queryKey: queryKeys.exceptions.aging(filters), queryFn: ({ signal }) => getExceptionAging(filters, signal) });
}

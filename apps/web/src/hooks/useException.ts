import { type ExceptionDetailDto } from '@closewatch/contracts/exceptions';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getException } from '../api/exceptions';
import { queryKeys } from '../api/query-keys';

/** One exception with its history and comments (nothing without an id); live changes invalidate it. */
export function useException(id: string | null): UseQueryResult<ExceptionDetailDto> {
  return useQuery({
    queryKey: queryKeys.exceptions.detail(id ?? ''),
    queryFn: ({ signal }) => getException(id ?? '', signal),
    enabled: id !== null && id !== '',
  });
}

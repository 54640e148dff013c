import { type LineageDetailResponse } from '@closewatch/contracts/lineage';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getLineage } from '../api/lineage';
import { queryKeys } from '../api/query-keys';

/** The lineage of one record key (nothing to fetch without one). */
export function useLineage(recordKey: string | null): UseQueryResult<LineageDetailResponse> {
  return useQuery({
    queryKey: queryKeys.lineage.detail(recordKey ?? ''),
    queryFn: ({ signal }) => getLineage(recordKey ?? '', signal),
    enabled: Boolean(recordKey),
  });
}

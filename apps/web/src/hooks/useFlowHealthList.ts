import { MAX_PAGE_LIMIT } from '@closewatch/contracts/pagination';
import { type FlowHealthListResponse } from '@closewatch/contracts/sync-health';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { listFlowHealth } from '../api/sync-health';
import { HEALTH_REFRESH_MS } from './useFlowHealth';

/** Sync status of the catalog's flows (the first 1000 by id): invalidated on `flows.health` and refetched every half minute. */
export function useFlowHealthList(): UseQueryResult<FlowHealthListResponse> {
  return useQuery({
    queryKey: queryKeys.health.list(),
    queryFn: ({ signal }) => listFlowHealth({ limit: MAX_PAGE_LIMIT }, signal),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

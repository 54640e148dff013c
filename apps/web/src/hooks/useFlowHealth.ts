import { type FlowHealthDetailDto } from '@closewatch/contracts/sync-health';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { getFlowHealth, type HealthRequest } from '../api/sync-health';

/** How often measures are refetched between status changes (the evaluator runs every few seconds). */
export const HEALTH_REFRESH_MS = 30_000;

/**
 * A catalog flow's sync health over a window: invalidated when `flows.health` says its status
 * changed, and refetched every half minute for the measures (nothing for a flow id that is not known: null).
 */
export function useFlowHealth(flow: string | null, req: HealthRequest): UseQueryResult<FlowHealthDetailDto> {
  return useQuery({
    queryKey: queryKeys.health.detail(flow ?? '', req),
    queryFn: ({ signal }) => getFlowHealth(flow ?? '', req, signal),
    enabled: flow !== null,
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

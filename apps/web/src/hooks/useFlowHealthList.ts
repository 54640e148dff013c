import { type FlowHealthListResponse } from '@closewatch/contracts/sync-health';
import { MAX_PAGE_LIMIT } from '@closewatch/contracts/pagination';
import { useEffect } from 'react';
import { listFlowHealth } from '../api/sync-health';
import { type ApiState, useApi } from './useApi';
import { HEALTH_REFRESH_MS } from './useFlowHealth';
import { useFlowHealthChanged } from './useFlowHealthChanged';
import { useTick } from './useTick';

/** Sync status of the catalog's flows (the first 1000 by id): refetched on `flows.health` and every half minute. */
export function useFlowHealthList(): ApiState<FlowHealthListResponse> {
  const state = useApi('flows-health', (signal) => listFlowHealth({ limit: MAX_PAGE_LIMIT }, signal));
  const { reload } = state;
  const tick = useTick(HEALTH_REFRESH_MS);
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  useFlowHealthChanged(() => reload());
  return state;
}

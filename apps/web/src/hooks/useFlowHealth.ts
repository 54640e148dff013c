import { type FlowHealthDetailDto } from '@closewatch/contracts/sync-health';
import { useEffect } from 'react';
import { getFlowHealth, type HealthRequest } from '../api/sync-health';
import { type ApiState, useApi } from './useApi';
import { useFlowHealthChanged } from './useFlowHealthChanged';
import { useTick } from './useTick';

/** How often measures are refetched between status changes (the evaluator runs every few seconds). */
export const HEALTH_REFRESH_MS = 30_000;

/**
 * A catalog flow's sync health over a window: refetched when `flows.health` says its status
 * changed, and every half minute for the measures (nothing for a flow id that is not known: null).
 */
export function useFlowHealth(flow: string | null, req: HealthRequest): ApiState<FlowHealthDetailDto> {
  const key = flow ? `health:${flow}:${req.windowSeconds}:${req.dataStatus ?? 'all'}` : null;
  const state = useApi(key, (signal) => getFlowHealth(flow ?? '', req, signal));
  const tick = useTick(HEALTH_REFRESH_MS);
  const { reload } = state;
  // A reload keeps the answer on screen until the next one arrives.
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  useFlowHealthChanged((event) => {
    if (flow && (event === null || event.changes.some((c) => c.flow === flow))) state.reload();
  });
  return state;
}

import { type LagSeriesResponse } from '@closewatch/contracts/sync-health';
import { useEffect } from 'react';
import { getLagSeries, type HealthRequest } from '../api/sync-health';
import { type ApiState, useApi } from './useApi';
import { useTick } from './useTick';

/** Lag percentiles and postings per step over the window; refetched every minute (nothing without a flow). */
export function useLagSeries(flow: string | null, req: HealthRequest & { stepSeconds: number }): ApiState<LagSeriesResponse> {
  const key = flow ? `lag:${flow}:${req.windowSeconds}:${req.stepSeconds}:${req.dataStatus ?? 'all'}` : null;
  const state = useApi(key, (signal) => getLagSeries(flow ?? '', req, signal));
  const tick = useTick(60_000);
  const { reload } = state;
  // A reload keeps the chart on screen until the next answer arrives.
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  return state;
}

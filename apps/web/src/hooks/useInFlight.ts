import { type InFlightRecordDto, type SyncDataStatus } from '@closewatch/contracts/sync-health';
import { useEffect } from 'react';
import { listInFlight } from '../api/sync-health';
import { HEALTH_REFRESH_MS } from './useFlowHealth';
import { useFlowHealthChanged } from './useFlowHealthChanged';
import { type LivePagedList, useLivePagedList } from './useLivePagedList';
import { useTick } from './useTick';

const idOf = (r: InFlightRecordDto) => r.recordKey;

/** A flow's records in flight, oldest first; refreshed with the flow's health (nothing without a flow). */
export function useInFlight(flow: string | null, dataStatus: SyncDataStatus | 'all', pageSize = 25): LivePagedList<InFlightRecordDto> {
  const list = useLivePagedList(flow ? `in-flight:${flow}:${dataStatus}` : null, pageSize, (page, signal) => listInFlight(flow ?? '', { ...page, dataStatus }, signal), idOf);
  const tick = useTick(HEALTH_REFRESH_MS);
  const { refresh } = list;
  useEffect(() => {
    if (tick > 0) refresh();
  }, [tick, refresh]);
  useFlowHealthChanged((event) => {
    if (flow && (event === null || event.changes.some((c) => c.flow === flow))) refresh();
  });
  return list;
}

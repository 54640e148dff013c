import { type InFlightRecordDto, type SyncDataStatus } from '@closewatch/contracts/sync-health';
import { queryKeys } from '../api/query-keys';
import { listInFlight } from '../api/sync-health';
import { type CursorList, useCursorList } from './useCursorList';
import { HEALTH_REFRESH_MS } from './useFlowHealth';

const idOf = (r: InFlightRecordDto) => r.recordKey;

/** A flow's records in flight, oldest first; refreshed with the flow's health (nothing without a flow). */
export function useInFlight(flow: string | null, dataStatus: SyncDataStatus | 'all', pageSize = 25): CursorList<InFlightRecordDto> {
  return useCursorList(
    flow === null ? null : queryKeys.health.inFlight(flow, dataStatus, pageSize),
    (cursor, signal) => listInFlight(flow ?? '', { cursor, limit: pageSize, dataStatus }, signal),
    { idOf, refetchInterval: HEALTH_REFRESH_MS },
  );
}

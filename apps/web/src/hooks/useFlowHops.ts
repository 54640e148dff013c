import { type HopDto } from '@closewatch/contracts/telemetry';
import { type HopFilters, listHops } from '../api/hops';
import { queryKeys } from '../api/query-keys';
import { type CursorList, useCursorList } from './useCursorList';

/** Recent hops of a flow, newest first, a page at a time. */
export function useFlowHops(filters: Omit<HopFilters, 'cursor'>): CursorList<HopDto> {
  return useCursorList(queryKeys.flows.hops(filters), (cursor, signal) => listHops({ ...filters, cursor }, signal));
}

import { type HopDto } from '@closewatch/contracts/telemetry';
import { type HopFilters, listHops } from '../api/hops';
import { type PagedList, usePagedList } from './usePagedList';

/** Recent hops of a flow, newest first, a page at a time. */
export function useFlowHops(filters: Omit<HopFilters, 'cursor'>): PagedList<HopDto> {
  return usePagedList(JSON.stringify(filters), (cursor, signal) => listHops({ ...filters, cursor }, signal));
}

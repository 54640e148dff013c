import { type FlowDto } from '@closewatch/contracts/catalog';
import { type FlowFilters, listFlows } from '../api/flows';
import { type PagedList, usePagedList } from './usePagedList';

/** The catalog's flows with filters, a page at a time. */
export function useFlows(filters: Omit<FlowFilters, 'cursor'>): PagedList<FlowDto> {
  return usePagedList(JSON.stringify(filters), (cursor, signal) => listFlows({ ...filters, cursor }, signal));
}

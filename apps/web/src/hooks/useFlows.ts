import { type FlowDto } from '@closewatch/contracts/catalog';
import { type FlowFilters, listFlows } from '../api/flows';
import { queryKeys } from '../api/query-keys';
import { type CursorList, useCursorList } from './useCursorList';

/** The catalog's flows with filters, a page at a time. */
export function useFlows(filters: Omit<FlowFilters, 'cursor'>): CursorList<FlowDto> {
  return useCursorList(queryKeys.flows.list(filters), (cursor, signal) => listFlows({ ...filters, cursor }, signal));
}

import { type RunDto } from '@closewatch/contracts/telemetry';
import { listRuns, type RunFilters } from '../api/runs';
import { type PagedList, usePagedList } from './usePagedList';

/** Batch run reports of a flow, newest first, a page at a time. */
export function useFlowRuns(filters: Omit<RunFilters, 'cursor'>): PagedList<RunDto> {
  return usePagedList(JSON.stringify(filters), (cursor, signal) => listRuns({ ...filters, cursor }, signal));
}

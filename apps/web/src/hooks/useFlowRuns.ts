import { type RunDto } from '@closewatch/contracts/telemetry';
import { queryKeys } from '../api/query-keys';
import { listRuns, type RunFilters } from '../api/runs';
import { type CursorList, useCursorList } from './useCursorList';

/** Batch run reports of a flow, newest first, a page at a time. */
export function useFlowRuns(filters: Omit<RunFilters, 'cursor'>): CursorList<RunDto> {
  return useCursorList(queryKeys.flows.runs(filters), (cursor, signal) => listRuns({ ...filters, cursor }, signal));
}

import { type ReconBreakDto } from '@closewatch/contracts/recon';
import { queryKeys } from '../api/query-keys';
import { type BreakFilters, listReconBreaks } from '../api/recon-runs';
import { type CursorList, useCursorList } from './useCursorList';

const idOf = (b: ReconBreakDto) => b.id;

/** Breaks of a run in key order with "load more"; invalidated when the run changes (breaks and exception links land when it finishes). */
export function useReconBreaks(runId: string, filters: BreakFilters, pageSize = 50): CursorList<ReconBreakDto> {
  return useCursorList(
    queryKeys.reconRuns.breaks(runId, filters, pageSize),
    (cursor, signal) => listReconBreaks(runId, filters, { cursor, limit: pageSize }, signal),
    { idOf },
  );
}

import { type ReconBreakDto } from '@closewatch/contracts/recon';
import { type BreakFilters, listReconBreaks } from '../api/recon-runs';
import { type LivePagedList, useLivePagedList } from './useLivePagedList';
import { useReconEvents } from './useReconEvents';

const idOf = (b: ReconBreakDto) => b.id;

/** Breaks of a run in key order with "load more"; refetched when the run finishes (breaks and exception links land then). */
export function useReconBreaks(runId: string, filters: BreakFilters, pageSize = 50): LivePagedList<ReconBreakDto> {
  const list = useLivePagedList(`${runId}:${JSON.stringify(filters)}`, pageSize, (page, signal) => listReconBreaks(runId, filters, page, signal), idOf);
  useReconEvents({ onRun: (e) => (e === null || e.runId === runId ? list.refresh() : undefined) });
  return list;
}

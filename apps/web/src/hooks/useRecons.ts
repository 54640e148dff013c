import { type ReconDto } from '@closewatch/contracts/recon';
import { listRecons } from '../api/recons';
import { type LivePagedList, useLivePagedList } from './useLivePagedList';
import { useReconEvents } from './useReconEvents';

const idOf = (r: ReconDto) => r.id;

/** Reconciliation definitions with last and next run, refreshed whenever a run changes status. */
export function useRecons(pageSize = 100): LivePagedList<ReconDto> {
  const list = useLivePagedList('recons', pageSize, (page, signal) => listRecons(page, signal), idOf);
  useReconEvents({ onRun: () => list.refresh() });
  return list;
}

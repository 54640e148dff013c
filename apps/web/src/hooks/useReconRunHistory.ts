import { type Page } from '@closewatch/contracts/pagination';
import { type ReconRunHistoryDto } from '@closewatch/contracts/recon';
import { listReconRuns } from '../api/recons';
import { type ApiState, useApi } from './useApi';
import { useReconEvents } from './useReconEvents';

/** The latest runs of a definition (newest first), for the trend and the history table; refetched when one changes. */
export function useReconRunHistory(id: string | null, limit = 100): ApiState<Page<ReconRunHistoryDto>> {
  const state = useApi(id === null ? null : `recon-runs:${id}:${limit}`, (signal) => listReconRuns(id ?? '', { limit }, signal));
  useReconEvents({ onRun: (e) => (id !== null && (e === null || e.reconId === id) ? state.reload() : undefined) });
  return state;
}
